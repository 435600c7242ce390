"""The HTML summary opened in a real browser: headless Chromium, no network.

The screenshot is kept at tests/artifacts/summary.png (git-ignored) for a
person to look at; the test checks that the page logs no console message
(errors included), that the page text has the expected names, escaped, and
that it renders with images switched off.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inviteassist.compose.templates import build_environment
from inviteassist.summary.build import build_summary
from inviteassist.summary.render import render_html
from tests.conftest import REPO
from tests.summary_state import fixed_input

ARTIFACTS = REPO / "tests" / "artifacts"
SCREENSHOT = ARTIFACTS / "summary.png"
CONSOLE = re.compile(r":CONSOLE[:(]")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--enable-logging=stderr", "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--blink-settings=imagesEnabled=false", "--window-size=420,2600")


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("chromium is not installed: apt-get install chromium "
                    "(scripts/install-test-deps does this)")
    return binary


def open_page(chromium: str, page: Path, profile: Path, *extra: str) -> tuple[str, str]:
    """Chromium's stdout and stderr for `page`, with a fresh profile."""
    result = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, result.stderr


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("summary") / "summary.html"
    path.write_text(render_html(build_environment(None), build_summary(fixed_input())),
                    encoding="utf-8")
    return path


def test_the_html_summary_renders_without_console_errors_and_is_screenshotted(
        chromium, page, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    _, stderr = open_page(chromium, page, tmp_path / "profile", f"--screenshot={SCREENSHOT}")
    assert console_lines(stderr) == []
    assert SCREENSHOT.stat().st_size > 10_000
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")


def test_the_page_text_has_the_names_with_markup_shown_as_text(chromium, page, tmp_path):
    dom, stderr = open_page(chromium, page, tmp_path / "profile", "--dump-dom")
    assert console_lines(stderr) == []
    for name in ("Zoë Ångström", "José Núñez", "Mia Müller", "Chen Wei 陈伟", "Ada Lovelace",
                 "Kai Schmidt"):
        assert name in dom
    assert "Bob &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; Co" in dom
    assert "<script" not in dom


def test_the_console_check_catches_a_page_that_logs_an_error(chromium, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>missingFunction();</script>")
    _, stderr = open_page(chromium, bad, tmp_path / "profile", "--dump-dom")
    assert any("missingFunction" in line for line in console_lines(stderr))
