"""Detection options in config: custom networks, categories, reply templates."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from inviteassist.compose.templates import DECLINE_TEXT, REPLY_TEXT, choose_template
from inviteassist.config.settings import load_settings
from inviteassist.detect.classify import classify
from inviteassist.detect.parse import parse_message
from inviteassist.models import Kind
from tests.conftest import MINIMAL_CONFIG, REPO
from tests.unit.config.one_line import assert_config_error

CUSTOM = """
[detection]
draft_networks = ["linkedin", "guild"]

[[detection.custom_networks]]
name = "guild"
sender_domain = "guild.example"
subject = "wants to join your circle"
name_pattern = "^(?P<name>.+?) wants to join your circle"

[categories]
sales = ["growth hacker"]

[templates]
replies = { "*/sales" = "decline.txt.j2", "guild/*" = "guild.txt.j2" }
"""


def message(sender: str, subject: str, body: str = "Hello.\n") -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["Subject"] = subject
    mail.set_content(body)
    return mail


def test_defaults_draft_linkedin_only_with_builtin_keywords(write_config) -> None:
    settings = load_settings(write_config(MINIMAL_CONFIG))
    assert settings.detection.draft_networks == ("linkedin",)
    assert settings.detection.custom_networks == ()
    rules = settings.detection_rules()
    assert "recruit*" in rules.category_keywords["recruiter"]
    assert settings.templates.replies == {}


def test_a_custom_network_from_config_is_detected(write_config) -> None:
    settings = load_settings(write_config(MINIMAL_CONFIG + CUSTOM))
    parsed = parse_message(message("Guild <hello@mail.guild.example>",
                                   "Rosa Diaz wants to join your circle").as_bytes())
    result = classify(parsed, rules=settings.detection_rules())
    assert (result.kind, result.network) == (Kind.INVITATION, "guild")
    assert result.requester is not None and result.requester.name == "Rosa Diaz"
    assert settings.detection.draft_networks == ("linkedin", "guild")


def test_extra_category_keywords_and_reply_templates(write_config) -> None:
    settings = load_settings(write_config(MINIMAL_CONFIG + CUSTOM))
    keywords = settings.detection_rules().category_keywords
    assert "growth hacker" in keywords["sales"] and "sales" in keywords["sales"]
    replies = settings.templates.replies
    assert choose_template(replies, "linkedin", "sales") == DECLINE_TEXT
    assert choose_template(replies, "guild", "student") == "guild.txt.j2"
    assert choose_template(replies, "linkedin", "founder") == REPLY_TEXT


def test_builtin_keywords_can_be_switched_off(write_config) -> None:
    text = MINIMAL_CONFIG + '\n[categories]\nbuiltin = false\nfounder = ["maker"]\n'
    keywords = load_settings(write_config(text)).detection_rules().category_keywords
    assert keywords == {"recruiter": (), "sales": (), "founder": ("maker",), "student": ()}


# (replacement in CUSTOM, words the one-line error must contain)
ERRORS = [
    (('subject = "wants to join your circle"', 'subject = "(unclosed"'),
     ["[detection] custom_networks", "rule 1: subject is not a valid regular expression"]),
    (('name = "guild"', 'name = "linkedin"'), ["rule 1: name 'linkedin' cannot name"]),
    (('sender_domain = "guild.example"', 'sender_domain = "guild"'),
     ["rule 1: sender_domain 'guild' is not a domain name"]),
    (('name_pattern = "^(?P<name>.+?) wants to join your circle"', 'name_pattern = "(.+)"'),
     ["rule 1: name_pattern has no (?P<name>...) group"]),
    (('"*/sales" = "decline.txt.j2"', '"sales" = "decline.txt.j2"'),
     ["[templates] replies", "'sales' is not 'network/category'"]),
    (('"*/sales" = "decline.txt.j2"', '"*/sales" = "../../etc/passwd"'),
     ["[templates] replies", "is not a template file name"]),
    (('sales = ["growth hacker"]', 'sales = "growth hacker"'),
     ["[categories] sales", "list of strings"]),
]


@pytest.mark.parametrize(("edit", "words"), ERRORS, ids=[w[-1] for _, w in ERRORS])
def test_bad_detection_options_are_one_line_errors_with_a_fix(write_config, edit,
                                                              words) -> None:
    old, new = edit
    assert old in CUSTOM
    assert_config_error(write_config(MINIMAL_CONFIG + CUSTOM.replace(old, new)), words)


def test_the_example_configs_commented_custom_network_works_when_uncommented(tmp_path) -> None:
    example = (REPO / "config" / "inviteassist.example.toml").read_text()
    lines = example.splitlines()
    start = lines.index("# [[detection.custom_networks]]")
    rule = [line.removeprefix("# ") for line in lines[start:start + 5]]
    text = example.replace("custom_networks = []\n", "").replace(
        "\n".join(lines[start:start + 5]), "\n".join(rule))
    path = tmp_path / "example.toml"
    path.write_text(text)
    settings = load_settings(path)
    (rule_in_force,) = settings.detection.custom_networks
    assert (rule_in_force.network, rule_in_force.sender_domain) == ("meetup", "meetup.com")
    parsed = parse_message(message("Meetup <info@meetup.com>",
                                   "Rosa Diaz wants to connect with you").as_bytes())
    result = classify(parsed, rules=settings.detection_rules())
    assert (result.network, result.requester and result.requester.name) == ("meetup",
                                                                            "Rosa Diaz")
