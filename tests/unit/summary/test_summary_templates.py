"""The shipped summary templates rendered from a fixed state, against golden files.

The golden files are the specification of what the owner reads. After an
intended change to a template or the model, regenerate them with
`INVITEASSIST_UPDATE_GOLDEN=1 pytest tests/unit/test_summary_templates.py`
and read the diff.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from inviteassist.compose.templates import build_environment
from inviteassist.errors import UserError
from inviteassist.summary.build import build_summary
from inviteassist.summary.render import (
    check_summary_templates,
    compose_summary,
    render_html,
    render_text,
    sample_summary,
    summary_message_id,
)
from tests.summary_state import HOSTILE, NOW, OWNER, fixed_input

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "summary"


@pytest.fixture(scope="module")
def env():
    return build_environment(None)


@pytest.fixture(scope="module")
def summary():
    return build_summary(fixed_input())


def _golden(name: str, rendered: str) -> None:
    path = GOLDEN / name
    if os.environ.get("INVITEASSIST_UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8"), f"differs from {path}"


def test_text_summary_matches_its_golden_file(env, summary):
    _golden("summary.txt", render_text(env, summary))


def test_html_summary_matches_its_golden_file(env, summary):
    _golden("summary.html", render_html(env, summary))


def test_html_escapes_names_with_markup_and_keeps_non_ascii(env, summary):
    html = render_html(env, summary)
    assert "<script>" not in html
    assert "Bob &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html
    assert "Recruiter at Ålesund &lt;Talent&gt;" in html
    assert "Zoë Ångström" in html and "Chen Wei 陈伟" in html


def test_text_keeps_names_as_written(env, summary):
    text = render_text(env, summary)
    assert f"#2 {HOSTILE} (LinkedIn, other)" in text
    assert "&lt;" not in text and "&amp;" not in text


def test_html_loads_nothing_from_elsewhere(env, summary):
    html = render_html(env, summary).lower()
    for needle in ("<img", "<script", "<link", "<style", "url(", "src=", "@import"):
        assert needle not in html


def test_every_request_id_is_shown_so_the_owner_can_answer(env, summary):
    text = render_text(env, summary)
    for number in (1, 2, 3, 4, 5, 6, 8):
        assert f"#{number} " in text


def test_nothing_new_renders_as_one_line(env):
    data = fixed_input()
    quiet = replace(data, since=NOW + timedelta(days=30), now=NOW + timedelta(days=37),
                    spoofed=(), calendar_problems=(), outages=(), answers=())
    text = render_text(env, build_summary(quiet))
    assert text == "Nothing new since Wed 30 Dec, 08:00. 4 items still wait for you.\n"


def test_sample_summary_fills_every_section_of_both_templates(env):
    sample = sample_summary(OWNER, NOW)
    assert all((sample.drafts, sample.counters, sample.calls, sample.followed, sample.dropped,
                sample.warnings, sample.answers))
    assert "Sam Example" in render_text(env, sample)
    assert "Sam Example" in render_html(env, sample)


def test_a_broken_html_template_is_caught_by_the_start_up_check(tmp_path):
    (tmp_path / "summary.html.j2").write_text("{% for x in summary.answers %}{{ x.nope }}"
                                              "{% endfor %}")
    with pytest.raises(UserError, match=r"summary.html.j2"):
        check_summary_templates(build_environment(tmp_path), OWNER, NOW)


def test_the_message_has_headers_from_code_and_both_parts(env, summary):
    message_id = summary_message_id(OWNER.email, NOW, "tok\r\nBcc: x")
    message = compose_summary(env, summary, OWNER, to=OWNER.email, message_id=message_id)
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    assert parsed["Message-ID"] == "<inviteassist.summary.20261130.tokBccx@morgan.example>"
    assert parsed["Bcc"] is None
    assert parsed["To"].addresses[0].addr_spec == OWNER.email
    assert parsed["Subject"].startswith("Follow-through summary: 4 items wait for you")
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert "Zoë Ångström" in parsed.get_body(("plain",)).get_content()
    assert "Zo\u00eb" in parsed.get_body(("html",)).get_content()


def test_a_broken_owner_template_is_one_line_naming_the_file(tmp_path, summary):
    (tmp_path / "summary.txt.j2").write_text("{{ summary.nope }}\n")
    with pytest.raises(UserError, match=r"summary.txt.j2.*nope"):
        render_text(build_environment(tmp_path), summary)
