"""`check_every_template` renders every message template in every case."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inviteassist.compose.check import check_every_template
from inviteassist.compose.templates import TemplateFailure, build_environment
from inviteassist.models import Owner
from inviteassist.resources import shipped_path

NOW = datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/Berlin"))
OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")
NETWORKS = ("facebook", "linkedin", "xing")


def check(folder: Path | None, configured: tuple[str, ...] = ()) -> int:
    return check_every_template(build_environment(folder), owner=OWNER, options=(), now=NOW,
                                configured=configured, networks=NETWORKS,
                                default_language="en")


def test_the_shipped_templates_pass_in_every_case():
    shipped = [p.name for p in shipped_path("templates").iterdir()]
    def files(stem: str) -> int:
        return sum(name.startswith(f"{stem}.") for name in shipped)
    # reply + full: each language x 3 networks x 6 categories x 2 variants;
    # follow-ups: each language x 3 networks x 2 variants (a cancellation twice:
    # for the call, and for a time withdrawn)
    replies = (files("reply") + files("full")) * 3 * 6 * 2
    followups = (files("confirmation") + files("nudge") + files("reschedule")
                 + 2 * files("cancel")) * 3 * 2
    assert check(None) == replies + followups


@pytest.mark.parametrize(("name", "branch", "case"), [
    ("reply.txt.j2", '{% if category == "sales" %}{{ pitch }}{% endif %}', "category sales"),
    ("reply.txt.j2", '{% if network == "XING" %}{{ pitch }}{% endif %}', "network xing"),
    ("reply.txt.j2", "{% if not requester.email %}{{ pitch }}{% endif %}", "network"),
    ("nudge.txt.j2", '{% if network == "Facebook" %}{{ pitch }}{% endif %}',
     "network facebook"),
    ("nudge.de.txt.j2", "{{ pitch }}", "language de"),
    ("reply.fr.txt.j2", '{% if category == "founder" %}{{ pitch }}{% endif %}',
     "category founder, language fr"),
])
def test_a_name_undefined_in_one_branch_is_caught(tmp_path, name, branch, case):
    (tmp_path / name).write_text(branch + "\n" + (shipped_path("templates") / name).read_text())
    with pytest.raises(TemplateFailure) as caught:
        check(tmp_path)
    assert caught.value.file == str(tmp_path / name) and caught.value.line == 1
    assert "'pitch' is undefined" in str(caught.value) and case in str(caught.value)
