"""The README's way to install for the service matches the systemd unit, and
the test-dependency script says what it installs."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import REPO


def test_the_readme_installs_with_pipx_where_the_unit_looks():
    readme = (REPO / "README.md").read_text()
    unit = (REPO / "contrib" / "inviteassist.service").read_text()
    assert "pipx install ." in readme
    commands = re.findall(r"^Exec\w*=(\S+)", unit, re.M)
    assert commands and set(commands) == {"%h/.local/bin/inviteassist"}, \
        "pipx's default bin folder"


def test_install_test_deps_says_what_it_installs():
    result = subprocess.run([str(REPO / "scripts" / "install-test-deps"), "--dry-run"],
                            capture_output=True, text=True, check=True, timeout=60)
    assert "install-test-deps: installing with pip" in result.stdout
    assert "apt-get" in result.stdout
    script = (REPO / "scripts" / "install-test-deps").read_text()
    assert script.index("echo") < script.index("apt-get install"), "said before done"
