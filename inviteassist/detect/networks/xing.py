"""XING contact requests -> classification.

Owns what makes a mail a XING notification: the sender's domain (xing.com or
a subdomain such as mail.xing.com, label-wise), contact-request links into
xing.com, profile links (`/profile/<Name>`), and the wording below, one row
per language. XING is known only from sender addresses and German subjects,
so the rows are best-effort, German first ("Kontaktanfrage von <Name>",
"<Name> möchte Sie als Kontakt hinzufügen"), and the subject may decide the
kind when the body says nothing. The requester's message, when quoted in the
body, becomes the note; the line under their name, the headline. Drafting
for XING is off unless the owner lists it in `[detection] draft_networks`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from inviteassist.detect.networks import spec as network
from inviteassist.detect.networks.spec import NetworkWords
from inviteassist.detect.parse import ParsedMessage
from inviteassist.models import Classification

NETWORK = "xing"
DOMAIN = "xing.com"

WORDS: Mapping[str, NetworkWords] = {
    "de": NetworkWords(
        invitation=("kontaktanfrage", "möchte sie als kontakt hinzufügen",
                    "möchte dich als kontakt hinzufügen", "möchte mit ihnen in kontakt treten",
                    "möchte sich mit ihnen vernetzen", "kontaktanfrage bestätigen"),
        reminder=("erinnerung", "offene kontaktanfrage", "wartet auf ihre antwort",
                  "wartet auf deine antwort"),
        accepted=("hat ihre kontaktanfrage bestätigt", "hat deine kontaktanfrage bestätigt",
                  "hat ihre kontaktanfrage angenommen", "ist jetzt ihr kontakt",
                  "ist jetzt dein kontakt"),
        message=("hat ihnen eine nachricht geschickt", "hat dir eine nachricht geschickt",
                 "neue nachricht von"),
        names=(r"^(?:erinnerung: )?kontaktanfrage von {name}$",
               r"^{name} möchte (?:sie|dich) als kontakt hinzufügen",
               r"^{name} möchte (?:mit ihnen in kontakt treten|sich mit ihnen vernetzen)",
               r"^{name} hat (?:ihnen|dir) eine (?:kontaktanfrage|nachricht) geschickt",
               r"^{name} hat (?:ihre|deine) kontaktanfrage (?:bestätigt|angenommen)",
               r"^{name} ist jetzt (?:ihr|dein) kontakt",
               r"^neue nachricht von {name}$"),
    ),
    "en": NetworkWords(
        invitation=("contact request", "wants to add you as a contact",
                    "sent you a contact request", "confirm contact request"),
        reminder=("reminder", "pending contact request"),
        accepted=("accepted your contact request", "confirmed your contact request",
                  "is now one of your contacts"),
        message=("sent you a message", "new message from"),
        names=(r"^(?:reminder: )?contact request from {name}$",
               r"^{name} wants to add you as a contact",
               r"^{name} sent you a (?:contact request|message)",
               r"^{name} (?:accepted|confirmed) your contact request",
               r"^new message from {name}$"),
    ),
    "fr": NetworkWords(
        invitation=("demande de contact",), reminder=("rappel",),
        accepted=("a accepté votre demande de contact",), message=("vous a envoyé un message",),
        names=(r"^demande de contact de {name}$",),
    ),
    "es": NetworkWords(
        invitation=("solicitud de contacto",), reminder=("recordatorio",),
        accepted=("aceptó tu solicitud de contacto",), message=("te envió un mensaje",),
        names=(r"^solicitud de contacto de {name}$",),
    ),
    "it": NetworkWords(
        invitation=("richiesta di contatto",), reminder=("promemoria",),
        accepted=("ha accettato la tua richiesta di contatto",),
        message=("ti ha inviato un messaggio",),
        names=(r"^richiesta di contatto da {name}$",),
    ),
    "nl": NetworkWords(
        invitation=("contactverzoek",), reminder=("herinnering",),
        accepted=("heeft je contactverzoek geaccepteerd",), message=("heeft je een bericht",),
        names=(r"^contactverzoek van {name}$",),
    ),
}

SPEC = network.spec_from_words(
    NETWORK, DOMAIN, DOMAIN, "XING", WORDS,
    accept_path=re.compile(r"contact[-_]?requests?|/contacts/requests", re.I),
    profile_path=re.compile(r"^/profile/[A-Za-z0-9_.%-]{2,100}"),
)


def detect(parsed: ParsedMessage) -> Classification | None:
    """Classify `parsed` if it is (or imitates) a XING notification, else None."""
    return network.detect(SPEC, parsed)
