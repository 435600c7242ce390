"""Facebook, XING and owner-defined networks: one behaviour per test."""

from __future__ import annotations

import pytest

from inviteassist.detect.classify import classify, network_sender_domains
from inviteassist.detect.domains import imitates, mentions_brand
from inviteassist.detect.rules import DetectionRules, RuleError, build_custom_rule
from inviteassist.funnel.decide import Action, decide
from inviteassist.models import Kind
from tests.unit.detect.test_detect_linkedin import build

MEETUP = build_custom_rule({
    "name": "meetup", "sender_domain": "meetup.com", "subject": r"wants to connect with you",
    "name_pattern": r"^(?P<name>.+?) wants to connect with you",
})
RULES = DetectionRules(custom_networks=(MEETUP,))


# (sender, subject, body, kind, network, name)
CASES = [
    ("Facebook <notification@facebookmail.com>", "Ana Costa wants to be friends with you on "
     "Facebook", "Ana Costa wants to be friends with you on Facebook.\n", Kind.INVITATION,
     "facebook", "Ana Costa"),
    ("Facebook <notification@facebookmail.com>", "Ana Costa quer ser sua amiga no Facebook",
     "Ana Costa quer ser sua amiga no Facebook.\n", Kind.INVITATION, "facebook", "Ana Costa"),
    ("Facebook <notification@facebookmail.com>", "Luca Bianchi vuole stringere amicizia",
     "Luca Bianchi vuole stringere amicizia con te su Facebook.\n", Kind.INVITATION,
     "facebook", "Luca Bianchi"),
    ("Facebook <notification@facebookmail.com>", "Notification", "Sem Bakker wil vrienden met "
     "je worden op Facebook.\n", Kind.INVITATION, "facebook", "Sem Bakker"),
    ("Facebook <notification@facebookmail.com>", "Ana Costa accepted your friend request",
     "Ana Costa accepted your friend request.\n", Kind.INVITATION_ACCEPTED, "facebook",
     "Ana Costa"),
    ("XING <mail@mail.xing.com>", "Kontaktanfrage von Max Becker", "Hallo,\n\nbitte bestätigen "
     "Sie die Anfrage.\n", Kind.INVITATION, "xing", "Max Becker"),
    ("XING <mail@mail.xing.com>", "Erinnerung: Kontaktanfrage von Max Becker", "Hallo.\n",
     Kind.INVITATION_REMINDER, "xing", "Max Becker"),
    ("Max Becker über XING <mail@xing.com>", "Neue Kontakte", "Max Becker hat Ihre "
     "Kontaktanfrage bestätigt.\n", Kind.INVITATION_ACCEPTED, "xing", "Max Becker"),
    ("XING <mail@mail.xing.com>", "Neue Nachricht von Max Becker", "Hallo.\n",
     Kind.MESSAGE_NOTIFICATION, "xing", "Max Becker"),
    ("Meetup <info@email.meetup.com>", "Rosa Diaz wants to connect with you", "Say hello!\n",
     Kind.INVITATION, "meetup", "Rosa Diaz"),
]


@pytest.mark.parametrize(("sender", "subject", "body", "kind", "network", "name"), CASES)
def test_network_mail_is_classified_with_its_network(sender, subject, body, kind, network,
                                                      name) -> None:
    result = classify(build(sender, subject, body), rules=RULES)
    assert (result.kind, result.network) == (kind, network)
    assert result.requester is not None and result.requester.name == name


def test_subject_wording_without_its_sender_is_no_network() -> None:
    result = classify(build("Ana Costa <ana@costa.example>", "Contact request from Max Becker",
                            "Max Becker wants to add you as a contact.\n"), rules=RULES)
    assert (result.kind, result.network, result.genuine) == (Kind.OTHER, None, None)


@pytest.mark.parametrize(("sender", "claim"), [
    ("Facebook <notification@facebookmai1.com>", "imitates facebook.com"),
    ("Facebook <security@fb-alerts.example>", "display name claims to be Facebook"),
    ("XING <mail@xing-mail.example>", "imitates xing.com"),
    ("XING Team <kontakt@mail-service.example>", "display name claims to be XING"),
])
def test_lookalikes_of_other_networks_are_spoofs(sender: str, claim: str) -> None:
    body = "Ana Costa wants to be friends with you on Facebook.\nMax Becker möchte Sie als " \
           "Kontakt hinzufügen.\n"
    result = classify(build(sender, "Kontaktanfrage von Max Becker", body))
    assert (result.kind, result.network, result.genuine) == (Kind.OTHER, None, False)
    assert any(claim in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("sender", [
    "Xing Li <xing.li@gmail.example>", "King Support <help@king.example>",
    "Mixing Desk <news@mixing.example>",
])
def test_names_that_merely_resemble_a_short_brand_are_not_spoofs(sender: str) -> None:
    result = classify(build(sender, "Kontaktanfrage von Max Becker",
                            "Max Becker möchte Sie als Kontakt hinzufügen.\n"))
    assert result.genuine is None and result.network is None


@pytest.mark.parametrize(("host", "imitating"), [
    ("xing-mail.example", True), ("x1ng.com", True), ("king.com", False),
    ("mixing.example", False), ("mail.xing.com", False), ("facebookmai1.com", True),
])
def test_short_brands_are_imitated_only_as_a_whole_label_part(host: str, imitating: bool) -> None:
    domain = "facebook.com" if host.startswith("facebook") else "xing.com"
    assert imitates(host, domain) is imitating


def test_a_person_called_xing_does_not_mention_the_brand() -> None:
    assert not mentions_brand("Burger King", "xing.com")
    assert mentions_brand("XING", "xing.com")


def test_genuine_comes_from_the_networks_own_signature() -> None:
    parsed = build("Facebook <notification@facebookmail.com>", "Ana Costa wants to be friends "
                   "with you on Facebook", "Ana Costa wants to be friends with you on Facebook.\n",
                   Authentication_Results="mx.morgan.example; dkim=pass header.d=facebookmail.com")
    result = classify(parsed, authserv_ids=("mx.morgan.example",))
    assert result.genuine is True
    assert "dkim=pass d=facebookmail.com by mx.morgan.example" in result.reasons


def test_no_reply_addresses_are_never_the_requester() -> None:
    parsed = build("Facebook <notification@facebookmail.com>", "x",
                   "Ana Costa wants to be friends with you on Facebook.\n",
                   Reply_To="noreply <noreply@facebookmail.com>")
    result = classify(parsed)
    assert result.requester is not None and result.requester.email is None


def test_custom_rule_needs_every_pattern_it_gives() -> None:
    both = DetectionRules(custom_networks=(build_custom_rule({
        "name": "guild", "sender_domain": "guild.example", "subject": "new follower",
        "body": r"^(?P<name>\w+ \w+) follows you", "name_pattern": r"^(?P<name>\w+ \w+) follows",
    }),))
    hit = classify(build("Guild <n@guild.example>", "You have a new follower",
                         "Rosa Diaz follows you now.\n"), rules=both)
    assert (hit.kind, hit.network, hit.requester and hit.requester.name) == (
        Kind.INVITATION, "guild", "Rosa Diaz")
    miss = classify(build("Guild <n@guild.example>", "Weekly digest",
                          "Rosa Diaz follows you now.\n"), rules=both)
    assert (miss.kind, miss.network) == (Kind.OTHER, "guild")


def test_custom_rule_sender_domain_is_compared_label_wise() -> None:
    result = classify(build("Meetup <info@meetup.com.evil.example>",
                            "Rosa Diaz wants to connect with you", "x\n"), rules=RULES)
    assert result.network is None


def test_custom_network_domains_join_the_mailbox_prefilter() -> None:
    assert "meetup.com" in network_sender_domains(RULES)
    assert {"linkedin.com", "facebookmail.com", "xing.com"} <= set(network_sender_domains())


@pytest.mark.parametrize(("table", "key"), [
    ({"name": "linkedin", "sender_domain": "x.example", "subject": "x"}, "name"),
    ({"name": "Bad Name", "sender_domain": "x.example", "subject": "x"}, "name"),
    ({"name": "ok", "sender_domain": "not a domain", "subject": "x"}, "sender_domain"),
    ({"name": "ok", "sender_domain": "x.example"}, "subject"),
    ({"name": "ok", "sender_domain": "x.example", "subject": "(unclosed"}, "subject"),
    ({"name": "ok", "sender_domain": "x.example", "body": "x", "name_pattern": "(.+)"},
     "name_pattern"),
    ({"name": "ok", "sender_domain": "x.example", "body": "x", "kind": "meeting-reply"}, "kind"),
    ({"name": "ok", "sender_domain": "x.example", "body": "x", "subjet": "typo"}, "subjet"),
])
def test_bad_custom_rules_name_the_key_at_fault(table: dict[str, str], key: str) -> None:
    with pytest.raises(RuleError) as caught:
        build_custom_rule(table)
    assert caught.value.key == key


@pytest.mark.parametrize(("network", "drafts", "action", "outcome"), [
    ("facebook", ("linkedin",), Action.RECORD, "drafting-off"),
    ("xing", ("linkedin",), Action.RECORD, "drafting-off"),
    ("xing", ("linkedin", "xing"), Action.DRAFT, "drafted"),
    ("meetup", ("meetup",), Action.DRAFT, "drafted"),
])
def test_drafting_is_switched_per_network(network: str, drafts: tuple[str, ...], action: Action,
                                          outcome: str) -> None:
    sender = {"facebook": "Facebook <notification@facebookmail.com>",
              "xing": "XING <mail@mail.xing.com>", "meetup": "Meetup <info@meetup.com>"}[network]
    subject = {"facebook": "Ana Costa wants to be friends with you on Facebook",
               "xing": "Kontaktanfrage von Ana Costa",
               "meetup": "Ana Costa wants to connect with you"}[network]
    result = classify(build(sender, subject, "Ana Costa wants to be friends with you.\n"),
                      rules=RULES)
    decision = decide(result, already_known=False, unverified_policy="draft",
                      draft_networks=drafts)
    assert (decision.action, decision.outcome) == (action, outcome)


def test_linkedin_drafts_by_default_and_facebook_does_not() -> None:
    facebook = classify(build("Facebook <notification@facebookmail.com>", "x",
                              "Ana Costa wants to be friends with you on Facebook.\n"))
    assert decide(facebook, already_known=False, unverified_policy="draft").outcome == (
        "drafting-off")
