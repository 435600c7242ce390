"""The words notifications are made of, as data tables, one row per language.

Owns every phrase the detectors match: greetings, LinkedIn's invitation,
reminder, accepted and message wording, its default notes, the patterns that
put a requester's name next to a known phrase, and the labels and footer lines
that end a personal note. Code elsewhere only iterates these tables, so a new
language or network wording is a new row here. English and the French default
note are confirmed by real samples; the other languages are best-effort
translations of LinkedIn's templates (a later issue broadens them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from inviteassist.models import Kind

GREETING_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("hi", "hello", "hey", "dear", "greetings"),
    "de": ("hallo", "guten tag", "liebe", "lieber", "sehr geehrte", "sehr geehrter", "moin"),
    "fr": ("bonjour", "salut", "cher", "chère"),
    "es": ("hola", "estimado", "estimada", "buenos días"),
    "pt": ("olá", "oi", "prezado", "prezada", "bom dia"),
    "it": ("ciao", "salve", "gentile", "buongiorno"),
    "nl": ("hoi", "beste", "goedendag"),
}

# Body wording that makes a LinkedIn mail one kind or another.
LINKEDIN_BODY_PHRASES: Mapping[Kind, tuple[str, ...]] = {
    Kind.INVITATION: (
        "requested to add you as a connection", "would like to connect", "wants to connect",
        "i'd like to add you to my professional network", "i'd like to join your linkedin network",
        "i'd like to connect with you", "please add me to your linkedin network",
        "invitation to connect", "confirm that you know", "sent you an invitation",
        "möchte sich mit ihnen vernetzen", "möchte sich mit dir vernetzen",
        "einladung zum vernetzen", "kontaktanfrage",
        "souhaite se connecter", "aimerait se connecter", "invitation à se connecter",
        "j'aimerais vous inviter à rejoindre mon réseau",
        "quiere conectar", "invitación para conectar", "me gustaría añadirte a mi red",
        "quer se conectar", "convite para se conectar", "gostaria de adicioná-lo à minha rede",
        "vorrebbe collegarsi", "invito a collegarsi", "vorrei aggiungerti alla mia rete",
        "wil met u connecten", "wil met je connecten", "uitnodiging om te connecten",
    ),
    Kind.INVITATION_REMINDER: (
        "this is a reminder", "how would you like to respond", "is awaiting your response",
        "reminder emails for pending invitations",
        "erinnerung", "wartet auf ihre antwort", "wartet auf deine antwort",
        "rappel", "attend votre réponse", "recordatorio", "lembrete", "promemoria",
        "herinnering",
    ),
    Kind.INVITATION_ACCEPTED: (
        "accepted your invitation", "start a conversation with your new connection",
        "hat ihre einladung angenommen", "hat deine einladung angenommen",
        "a accepté votre invitation", "ha aceptado tu invitación", "aceptó tu invitación",
        "aceitou seu convite", "aceitou o seu convite", "ha accettato il tuo invito",
        "heeft uw uitnodiging geaccepteerd", "heeft je uitnodiging geaccepteerd",
    ),
    Kind.MESSAGE_NOTIFICATION: (
        "just messaged you", "sent you a message", "sent you a new message",
        "hat ihnen eine nachricht gesendet", "hat dir eine nachricht gesendet",
        "vous a envoyé un message", "te ha enviado un mensaje", "te envió un mensaje",
        "enviou uma mensagem", "ti ha inviato un messaggio",
        "heeft je een bericht gestuurd", "heeft u een bericht gestuurd",
    ),
}

# Subject wording: supporting evidence only (never decides a kind on its own).
LINKEDIN_SUBJECT_PHRASES: Mapping[Kind, tuple[str, ...]] = {
    Kind.INVITATION: (
        "invitation to connect", "add me to your linkedin network", "wants to connect",
        "would like to connect", "einladung", "vernetzen", "invitation", "invitación",
        "convite", "invito", "uitnodiging",
    ),
    Kind.INVITATION_REMINDER: (
        "awaiting your response", "reminder", "erinnerung", "rappel", "recordatorio",
        "lembrete", "promemoria", "herinnering",
    ),
    Kind.INVITATION_ACCEPTED: LINKEDIN_BODY_PHRASES[Kind.INVITATION_ACCEPTED],
    Kind.MESSAGE_NOTIFICATION: LINKEDIN_BODY_PHRASES[Kind.MESSAGE_NOTIFICATION],
}

# LinkedIn's own note texts: reported as notes, but flagged as not personal.
LINKEDIN_DEFAULT_NOTES: tuple[str, ...] = (
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to join your LinkedIn network.",
    "I'd like to connect with you on LinkedIn.",
    "J'aimerais vous inviter à rejoindre mon réseau professionnel sur LinkedIn.",
    "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "Ich möchte mich gerne mit Ihnen auf LinkedIn vernetzen.",
    "Me gustaría añadirte a mi red profesional en LinkedIn.",
    "Gostaria de adicioná-lo à minha rede profissional no LinkedIn.",
    "Vorrei aggiungerti alla mia rete professionale su LinkedIn.",
    "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
)

_NAME = r"(?P<name>[^\s:;@<>][^:;@<>\n]{0,79}?)"
# Phrases that follow a requester's name at the start of a body line.
_AFTER_NAME = (
    r"requested to add you as a connection", r"(?:would like|wants) to connect",
    r"(?:has )?accepted your invitation", r"(?:just messaged you|sent you a (?:new )?message)",
    r"möchte sich mit (?:ihnen|dir) vernetzen", r"hat (?:ihre|deine) einladung angenommen",
    r"(?:souhaite|aimerait) se connecter", r"a accepté votre invitation",
    r"(?:quiere|desea) conectar", r"(?:ha aceptado|aceptó) tu invitación",
    r"(?:quer|gostaria de) se conectar", r"aceitou (?:o )?seu convite",
    r"vorrebbe collegarsi", r"ha accettato il tuo invito",
    r"wil (?:met (?:u|je) )?connecten", r"heeft (?:uw|je) uitnodiging geaccepteerd",
)
# Body lines that name the requester (never the recipient's footer line).
LINKEDIN_BODY_NAME: tuple[str, ...] = (
    rf"^{_NAME}\s+(?:{'|'.join(_AFTER_NAME)})",
    rf"^(?:accept|view) invitation from\s+{_NAME}\s*:?$",
    rf"^confirm that you know\s+{_NAME}\s*:",
    rf"^view\s+{_NAME}(?:['’]|&#39;)s profile",
)
LINKEDIN_SUBJECT_NAME: tuple[str, ...] = (
    rf"^{_NAME}['’]s invitation is awaiting your response",
    rf"start a conversation with your new connection,\s*{_NAME}$",
    rf"^{_NAME} (?:has )?accepted your invitation",
    rf"^{_NAME} (?:just messaged you|sent you a (?:new )?message)",
    rf"^{_NAME} (?:wants|would like) to connect",
)
# LinkedIn template names (X-LinkedIn-Template, ek=, trkEmail=eml-...) -> kind;
# the first matching substring wins.
LINKEDIN_TEMPLATE_KINDS: tuple[tuple[str, Kind], ...] = (
    ("invite_reminder", Kind.INVITATION_REMINDER),
    ("guest_reminder", Kind.INVITATION_REMINDER),
    ("accept_invite", Kind.INVITATION_ACCEPTED),
    ("invite", Kind.INVITATION),
    ("messag", Kind.MESSAGE_NOTIFICATION),
)

# Lines that are links or buttons, not prose (compared by prefix, lower-case).
ACTION_LABELS: tuple[str, ...] = (
    "accept", "view profile", "view invitation", "view ", "confirm that you know", "ignore",
    "reply", "send a message", "annehmen", "profil anzeigen", "accepter", "voir le profil",
    "aceptar", "ver perfil", "aceitar", "accetta", "visualizza profilo", "accepteren",
    "profiel bekijken", "http://", "https://",
)
# Lines that start a notification's footer (compared by prefix, lower-case).
FOOTER_STARTS: tuple[str, ...] = (
    "you received an invitation", "you are receiving", "this email was intended",
    "this email was sent to", "unsubscribe", "learn why we included", "help:",
    "if you need assistance", "©", "&copy;", "(c) ", "did you know",
    "why might connecting", "this is a reminder", "linkedin corporation",
    "diese e-mail", "cet e-mail", "este correo", "este e-mail", "questa email", "deze e-mail",
)


def normalise(text: str) -> str:
    """Lower-case, straight apostrophes, single spaces: the form phrases are kept in."""
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    return " ".join(text.lower().split())


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of `phrases` as whole words in normalised text."""
    escaped = sorted((re.escape(normalise(p)) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(escaped) + r")(?!\w)")


def greeting_pattern() -> re.Pattern[str]:
    """A greeting line: 'Hi Martin,' / 'Hallo,' / 'Hi Martin, <note text>'."""
    words = sorted((re.escape(w) for ws in GREETING_WORDS.values() for w in ws), key=len)
    alternatives = "|".join(reversed(words))
    return re.compile(
        rf"^(?:{alternatives})(?:\b(?P<who>[^,!:.?\n]{{0,60}}?)\s*[,!:](?P<rest>.*)|\s*)$",
        re.IGNORECASE,
    )


# A rule line: ends a note like a footer, but is also used above the greeting.
SEPARATOR = re.compile(r"^[-_.=*~]{4,}$")
# A line that is just the recipient's name and a comma: "Suresh," (2011 form).
BARE_GREETING = re.compile(r"^[^\s,.:;!?@]{1,40}(?:[ /][^\s,.:;!?@]{1,40}){0,3},$")
