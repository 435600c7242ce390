"""Facebook friend requests -> classification.

Owns what makes a mail a Facebook notification: the sender's domain
(facebookmail.com, label-wise), the `X-Facebook-Notify: friend` header of
friend requests, "confirm" links into facebook.com, and the wording below, one
row per language. The rows follow the friend-request mails documented in the
corpus README (2010: "<Name> wants to be friends on Facebook.", about 2019:
"... wants to be friends with you on Facebook." / "Confirm request") and their
localised forms. The requester's name comes from the subject or body, never
from the generic "Facebook" display name; the `from=` user id of the header
gives their profile. Facebook mail carries no address of the requester (its
Reply-To is a no-reply box), so `email` stays empty. Drafting for Facebook is
off unless the owner lists it in `[detection] draft_networks`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from inviteassist.detect.networks import spec as network
from inviteassist.detect.networks.spec import NetworkWords
from inviteassist.detect.parse import ParsedMessage, header_text
from inviteassist.models import Classification, Kind

NETWORK = "facebook"
DOMAIN = "facebookmail.com"
BRAND_DOMAIN = "facebook.com"
_NOTIFY_FROM = re.compile(r"(?:^|;)\s*from=(\d{1,30})\s*(?:;|$)")

WORDS: Mapping[str, NetworkWords] = {
    "en": NetworkWords(
        invitation=("wants to be friends on facebook", "wants to be friends with you",
                    "sent you a friend request", "confirm request"),
        reminder=("hasn't heard back", "still waiting for your response"),
        accepted=("accepted your friend request", "confirmed your friend request",
                  "confirmed you as a friend"),
        message=("sent you a message",),
        names=(r"^{name} (?:wants to be friends|sent you a friend request"
               r"|(?:accepted|confirmed) your friend request|confirmed you as a friend"
               r"|sent you a message)",),
    ),
    "de": NetworkWords(
        invitation=("möchte mit dir auf facebook befreundet sein",
                    "hat dir eine freundschaftsanfrage gesendet", "freundschaftsanfrage",
                    "anfrage bestätigen"),
        reminder=("erinnerung",),
        accepted=("hat deine freundschaftsanfrage angenommen",
                  "hat deine freundschaftsanfrage bestätigt"),
        message=("hat dir eine nachricht gesendet",),
        names=(r"^{name} (?:möchte mit dir auf facebook befreundet sein"
               r"|hat dir eine (?:freundschaftsanfrage|nachricht) gesendet"
               r"|hat deine freundschaftsanfrage (?:angenommen|bestätigt))",),
    ),
    "fr": NetworkWords(
        invitation=("veut être votre ami", "veut être ton ami", "invitation à devenir ami",
                    "demande d'ajout à la liste d'amis", "confirmer la demande"),
        reminder=("rappel",),
        accepted=("a accepté votre demande d'ajout", "a accepté votre invitation"),
        message=("vous a envoyé un message",),
        names=(r"^{name} (?:veut être (?:votre|ton) ami|vous a envoyé une invitation"
               r"|a accepté votre (?:demande|invitation))",),
    ),
    "es": NetworkWords(
        invitation=("quiere ser tu amigo", "quiere ser tu amiga", "solicitud de amistad",
                    "confirmar solicitud"),
        reminder=("recordatorio",),
        accepted=("aceptó tu solicitud de amistad",),
        message=("te envió un mensaje",),
        names=(r"^{name} (?:quiere ser tu amig[oa]|te envió una solicitud de amistad"
               r"|aceptó tu solicitud de amistad)",),
    ),
    "pt": NetworkWords(
        invitation=("quer ser seu amigo", "quer ser sua amiga", "solicitação de amizade",
                    "pedido de amizade", "confirmar solicitação"),
        reminder=("lembrete",),
        accepted=("aceitou sua solicitação de amizade", "aceitou o teu pedido de amizade"),
        message=("enviou uma mensagem",),
        names=(r"^{name} (?:quer ser (?:seu amigo|sua amiga)"
               r"|enviou (?:uma solicitação|um pedido) de amizade"
               r"|aceitou (?:sua solicitação|o teu pedido) de amizade)",),
    ),
    "it": NetworkWords(
        invitation=("vuole stringere amicizia", "richiesta di amicizia", "conferma richiesta"),
        reminder=("promemoria",),
        accepted=("ha accettato la tua richiesta di amicizia",),
        message=("ti ha inviato un messaggio",),
        names=(r"^{name} (?:vuole stringere amicizia|ti ha inviato una richiesta di amicizia"
               r"|ha accettato la tua richiesta di amicizia)",),
    ),
    "nl": NetworkWords(
        invitation=("wil vrienden met je worden", "vriendschapsverzoek", "verzoek bevestigen"),
        reminder=("herinnering",),
        accepted=("heeft je vriendschapsverzoek geaccepteerd",),
        message=("heeft je een bericht gestuurd",),
        names=(r"^{name} (?:wil vrienden met je worden|heeft je een vriendschapsverzoek"
               r" gestuurd|heeft je vriendschapsverzoek geaccepteerd)",),
    ),
}

SPEC = network.spec_from_words(
    NETWORK, DOMAIN, BRAND_DOMAIN, "Facebook", WORDS,
    headers=(("X-Facebook-Notify", re.compile(r"^\s*friend\s*(?:;|$)", re.I), Kind.INVITATION),),
    accept_path=re.compile(r"reqs\.php|/friends/requests|confirm_friend|friend_request", re.I),
    profile_path=re.compile(r"^/profile\.php\?(?:[^#]*&)?id=\d{1,30}|^/(?!n/|friends|reqs)"
                            r"[A-Za-z0-9.]{5,50}/?$"),
)


def detect(parsed: ParsedMessage) -> Classification | None:
    """Classify `parsed` if it is (or imitates) a Facebook notification, else None."""
    found = network.detect(SPEC, parsed)
    if found is None or found.network != NETWORK or found.requester is None:
        return found
    if found.requester.profile_url is None:
        profile = profile_from_notify(header_text(parsed.message, "X-Facebook-Notify") or "")
        if profile:
            requester = replace(found.requester, profile_url=profile)
            return replace(found, requester=requester,
                           reasons=(*found.reasons, "profile from X-Facebook-Notify"))
    return found


def profile_from_notify(value: str) -> str | None:
    """The requester's profile from `X-Facebook-Notify: friend; from=<user id>`."""
    match = _NOTIFY_FROM.search(value)
    return f"https://www.facebook.com/profile.php?id={match.group(1)}" if match else None
