"""The words LinkedIn notifications are made of, as data: one row per language.

Owns every LinkedIn phrase the detector matches: greetings, the invitation,
reminder, accepted and message wording, the default notes, the patterns that
put a requester's name next to a known phrase, and the labels and footer lines
that end a personal note. Each language is one `LinkedInWords` row of
`LINKEDIN`; the flat tables the detector iterates are derived from the rows,
so a new language is a new row and nothing else. English and the French
default note are confirmed by real samples; the other rows are best-effort
translations of LinkedIn's templates. Facebook and XING wording lives in
their own modules, requester categories in `categories`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from inviteassist.detect.networks.phrases import PhrasePattern
from inviteassist.models import Kind


@dataclass(frozen=True)
class LinkedInWords:
    """One language of LinkedIn's notifications.

    Phrases are compared in `normalise`d form; `after_name` and
    `subject_names` are regex fragments (`{name}` marks the requester).
    """

    greetings: tuple[str, ...]
    invitation: tuple[str, ...]
    reminder: tuple[str, ...]
    accepted: tuple[str, ...]
    message: tuple[str, ...]
    subject_invitation: tuple[str, ...]
    default_notes: tuple[str, ...]
    after_name: tuple[str, ...]
    subject_names: tuple[str, ...]
    actions: tuple[str, ...]
    footers: tuple[str, ...]


LINKEDIN: Mapping[str, LinkedInWords] = {
    "en": LinkedInWords(
        greetings=("hi", "hello", "hey", "dear", "greetings"),
        invitation=("requested to add you as a connection", "would like to connect",
                    "wants to connect", "please add me to your linkedin network",
                    "invitation to connect", "confirm that you know", "sent you an invitation",
                    "i'd like to add you to my professional network",
                    "i'd like to connect with you", "i'd like to join your linkedin network"),
        reminder=("this is a reminder", "how would you like to respond",
                  "is awaiting your response", "reminder emails for pending invitations"),
        accepted=("accepted your invitation", "start a conversation with your new connection"),
        message=("just messaged you", "sent you a message", "sent you a new message"),
        subject_invitation=("invitation to connect", "add me to your linkedin network",
                            "wants to connect", "would like to connect", "invitation"),
        default_notes=("I'd like to add you to my professional network on LinkedIn.",
                       "I'd like to join your LinkedIn network.",
                       "I'd like to connect with you on LinkedIn.",
                       "I'd like to add you to my professional network."),
        after_name=(r"requested to add you as a connection", r"(?:would like|wants) to connect",
                    r"(?:has )?accepted your invitation",
                    r"(?:just messaged you|sent you a (?:new )?message)"),
        subject_names=(r"^{name}['’]s invitation is awaiting your response",
                       r"start a conversation with your new connection,\s*{name}$",
                       r"^{name} (?:has )?accepted your invitation",
                       r"^{name} (?:just messaged you|sent you a (?:new )?message)",
                       r"^(?:[^,]{{1,40}},\s*)?{name} (?:wants|would like) to connect"),
        actions=("accept", "view profile", "view invitation", "view ", "confirm that you know",
                 "ignore", "reply", "send a message"),
        footers=("you received an invitation", "you are receiving", "this email was intended",
                 "this email was sent to", "unsubscribe", "learn why we included", "help:",
                 "if you need assistance", "did you know", "why might connecting",
                 "this is a reminder", "linkedin corporation"),
    ),
    "de": LinkedInWords(
        greetings=("hallo", "guten tag", "liebe", "lieber", "sehr geehrte", "sehr geehrter",
                   "moin", "servus"),
        invitation=("möchte sich mit ihnen vernetzen", "möchte sich mit dir vernetzen",
                    "einladung zum vernetzen", "kontaktanfrage", "hat sie eingeladen"),
        reminder=("erinnerung", "wartet auf ihre antwort", "wartet auf deine antwort",
                  "wie möchten sie antworten"),
        accepted=("hat ihre einladung angenommen", "hat deine einladung angenommen",
                  "hat ihre einladung zum vernetzen angenommen"),
        message=("hat ihnen eine nachricht gesendet", "hat dir eine nachricht gesendet",
                 "hat ihnen eine nachricht geschickt", "hat ihnen gerade eine nachricht"),
        subject_invitation=("einladung", "vernetzen"),
        default_notes=("Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn "
                       "hinzufügen.",
                       "Ich möchte mich gerne mit Ihnen auf LinkedIn vernetzen.",
                       "Ich würde mich gerne mit Ihnen auf LinkedIn vernetzen.",
                       "Ich möchte Sie gerne in mein berufliches Netzwerk auf LinkedIn "
                       "aufnehmen.",
                       "Ich möchte gerne Teil Ihres LinkedIn-Netzwerks werden."),
        after_name=(r"möchte sich mit (?:ihnen|dir) vernetzen",
                    r"hat (?:ihre|deine) einladung(?: zum vernetzen)? angenommen",
                    r"hat (?:ihnen|dir) (?:gerade )?eine nachricht (?:gesendet|geschickt)"),
        subject_names=(r"^{name} möchte sich mit (?:ihnen|dir) vernetzen",
                       r"^{name} hat (?:ihre|deine) einladung angenommen",
                       r"^(?:erinnerung: )?einladung von {name}$"),
        actions=("annehmen", "profil anzeigen", "ignorieren", "antworten", "nachricht senden"),
        footers=("sie erhalten", "diese e-mail", "abmelden", "hilfe:"),
    ),
    "fr": LinkedInWords(
        greetings=("bonjour", "salut", "cher", "chère", "bonsoir"),
        invitation=("souhaite se connecter", "aimerait se connecter", "invitation à se connecter",
                    "souhaite vous ajouter à son réseau", "j'aimerais vous inviter à rejoindre "
                    "mon réseau"),
        reminder=("rappel", "attend votre réponse", "comment souhaitez-vous répondre"),
        accepted=("a accepté votre invitation", "a accepté ton invitation"),
        message=("vous a envoyé un message", "vient de vous envoyer un message"),
        subject_invitation=("invitation",),
        default_notes=("J'aimerais vous inviter à rejoindre mon réseau professionnel sur "
                       "LinkedIn.",
                       "J'aimerais faire partie de votre réseau LinkedIn.",
                       "Je souhaiterais faire partie de votre réseau LinkedIn."),
        after_name=(r"(?:souhaite|aimerait) se connecter", r"a accepté (?:votre|ton) invitation",
                    r"(?:vous a envoyé|vient de vous envoyer) un message"),
        subject_names=(r"^{name} (?:souhaite|aimerait) se connecter",
                       r"^{name} a accepté votre invitation",
                       r"^l['’]invitation de {name} attend votre réponse"),
        actions=("accepter", "voir le profil", "ignorer", "répondre", "envoyer un message"),
        footers=("vous recevez", "cet e-mail", "se désabonner", "aide :"),
    ),
    "es": LinkedInWords(
        greetings=("hola", "estimado", "estimada", "buenos días", "buenas tardes"),
        invitation=("quiere conectar", "desea conectar", "invitación para conectar",
                    "me gustaría añadirte a mi red"),
        reminder=("recordatorio", "espera tu respuesta", "cómo quieres responder"),
        accepted=("ha aceptado tu invitación", "aceptó tu invitación",
                  "ha aceptado su invitación"),
        message=("te ha enviado un mensaje", "te envió un mensaje", "acaba de enviarte un mensaje"),
        subject_invitation=("invitación",),
        default_notes=("Me gustaría añadirte a mi red profesional en LinkedIn.",
                       "Me gustaría formar parte de tu red de LinkedIn.",
                       "Me gustaría agregarte a mi red profesional en LinkedIn.",
                       "Me gustaría formar parte de su red de LinkedIn."),
        after_name=(r"(?:quiere|desea) conectar", r"(?:ha aceptado|aceptó) (?:tu|su) invitación",
                    r"(?:te (?:ha enviado|envió)|acaba de enviarte) un mensaje"),
        subject_names=(r"^{name} (?:quiere|desea) conectar",
                       r"^{name} (?:ha aceptado|aceptó) tu invitación",
                       r"^la invitación de {name} espera tu respuesta"),
        actions=("aceptar", "ver perfil", "ignorar", "responder", "enviar mensaje"),
        footers=("recibes", "este correo", "cancelar suscripción", "ayuda:"),
    ),
    "pt": LinkedInWords(
        greetings=("olá", "oi", "prezado", "prezada", "bom dia", "boa tarde"),
        invitation=("quer se conectar", "gostaria de se conectar", "convite para se conectar",
                    "convite para conectar", "gostaria de adicioná-lo à minha rede"),
        reminder=("lembrete", "aguarda sua resposta", "como você gostaria de responder"),
        accepted=("aceitou seu convite", "aceitou o seu convite", "aceitou o teu convite"),
        message=("enviou uma mensagem", "acabou de enviar uma mensagem",
                 "enviou-lhe uma mensagem"),
        subject_invitation=("convite",),
        default_notes=("Gostaria de adicioná-lo à minha rede profissional no LinkedIn.",
                       "Gostaria de fazer parte da sua rede no LinkedIn.",
                       "Gostaria de participar da sua rede no LinkedIn.",
                       "Gostaria de adicioná-la à minha rede profissional no LinkedIn."),
        after_name=(r"(?:quer|gostaria de) se conectar", r"aceitou (?:o )?(?:seu|teu) convite",
                    r"(?:acabou de enviar|enviou(?:-lhe)?) uma mensagem"),
        subject_names=(r"^{name} (?:quer|gostaria de) se conectar",
                       r"^{name} aceitou (?:o )?seu convite",
                       r"^o convite de {name} aguarda sua resposta"),
        actions=("aceitar", "ver perfil", "ignorar", "responder", "enviar mensagem"),
        footers=("você está recebendo", "você recebeu", "este e-mail", "cancelar inscrição"),
    ),
    "it": LinkedInWords(
        greetings=("ciao", "salve", "gentile", "buongiorno", "buonasera"),
        invitation=("vorrebbe collegarsi", "desidera collegarsi", "vuole collegarsi",
                    "invito a collegarsi", "vorrei aggiungerti alla mia rete"),
        reminder=("promemoria", "attende la tua risposta", "come vuoi rispondere"),
        accepted=("ha accettato il tuo invito",),
        message=("ti ha inviato un messaggio", "ti ha appena inviato un messaggio"),
        subject_invitation=("invito",),
        default_notes=("Vorrei aggiungerti alla mia rete professionale su LinkedIn.",
                       "Vorrei entrare a far parte della tua rete su LinkedIn.",
                       "Vorrei far parte della tua rete su LinkedIn."),
        after_name=(r"(?:vorrebbe|desidera|vuole) collegarsi", r"ha accettato il tuo invito",
                    r"ti ha (?:appena )?inviato un messaggio"),
        subject_names=(r"^{name} (?:vorrebbe|desidera|vuole) collegarsi",
                       r"^{name} ha accettato il tuo invito",
                       r"^l['’]invito di {name} attende la tua risposta"),
        actions=("accetta", "visualizza profilo", "ignora", "rispondi", "invia messaggio"),
        footers=("stai ricevendo", "hai ricevuto un invito", "questa email", "questa e-mail",
                 "annulla iscrizione"),
    ),
    "nl": LinkedInWords(
        greetings=("hoi", "beste", "goedendag", "hallo", "goedemorgen"),
        invitation=("wil met u connecten", "wil met je connecten", "uitnodiging om te connecten",
                    "wil connectie maken", "wil contact met u maken"),
        reminder=("herinnering", "wacht op uw antwoord", "wacht op je antwoord",
                  "hoe wilt u reageren"),
        accepted=("heeft uw uitnodiging geaccepteerd", "heeft je uitnodiging geaccepteerd"),
        message=("heeft je een bericht gestuurd", "heeft u een bericht gestuurd",
                 "heeft je zojuist een bericht gestuurd"),
        subject_invitation=("uitnodiging",),
        default_notes=("Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
                       "Ik wil graag deel uitmaken van uw LinkedIn-netwerk.",
                       "Ik wil graag deel uitmaken van je LinkedIn-netwerk.",
                       "Graag voeg ik u toe aan mijn LinkedIn-netwerk."),
        after_name=(r"wil (?:met (?:u|je) )?connecten", r"wil connectie maken",
                    r"heeft (?:uw|je) uitnodiging geaccepteerd",
                    r"heeft (?:u|je) (?:zojuist )?een bericht gestuurd"),
        subject_names=(r"^{name} wil (?:met (?:u|je) )?connecten",
                       r"^{name} heeft (?:uw|je) uitnodiging geaccepteerd",
                       r"^de uitnodiging van {name} wacht op uw antwoord"),
        actions=("accepteren", "profiel bekijken", "negeren", "beantwoorden", "bericht sturen"),
        footers=("u ontvangt", "je ontvangt", "deze e-mail", "afmelden"),
    ),
}


def _all(field: str) -> tuple[str, ...]:
    """Every language's entries of one `LinkedInWords` field, in row order."""
    return tuple(entry for words in LINKEDIN.values() for entry in getattr(words, field))


GREETING_WORDS: Mapping[str, tuple[str, ...]] = {
    language: words.greetings for language, words in LINKEDIN.items()
}
# LinkedIn's own note texts: reported as notes, but flagged as not personal.
LINKEDIN_DEFAULT_NOTES: tuple[str, ...] = _all("default_notes")
# Body wording that makes a LinkedIn mail one kind or another (a default note
# is invitation wording too).
LINKEDIN_BODY_PHRASES: Mapping[Kind, tuple[str, ...]] = {
    Kind.INVITATION: _all("invitation") + tuple(n.rstrip(".") for n in LINKEDIN_DEFAULT_NOTES),
    Kind.INVITATION_REMINDER: _all("reminder"),
    Kind.INVITATION_ACCEPTED: _all("accepted"),
    Kind.MESSAGE_NOTIFICATION: _all("message"),
}
# Subject wording: supporting evidence only (never decides a kind on its own).
LINKEDIN_SUBJECT_PHRASES: Mapping[Kind, tuple[str, ...]] = {
    Kind.INVITATION: _all("subject_invitation") + _all("invitation"),
    Kind.INVITATION_REMINDER: ("awaiting your response", "reminder", *_all("reminder")),
    Kind.INVITATION_ACCEPTED: LINKEDIN_BODY_PHRASES[Kind.INVITATION_ACCEPTED],
    Kind.MESSAGE_NOTIFICATION: LINKEDIN_BODY_PHRASES[Kind.MESSAGE_NOTIFICATION],
}

NAME = r"(?P<name>[^\s:;@<>][^:;@<>\n]{0,79}?)"
# Body lines that name the requester (never the recipient's footer line).
LINKEDIN_BODY_NAME: tuple[str, ...] = (
    rf"^{NAME}\s+(?:{'|'.join(_all('after_name'))})",
    rf"^(?:accept|view) invitation from\s+{NAME}\s*:?$",
    rf"^confirm that you know\s+{NAME}\s*:",
    rf"^view\s+{NAME}(?:['’]|&#39;)s profile",
)
LINKEDIN_SUBJECT_NAME: tuple[str, ...] = tuple(
    pattern.format(name=NAME) for pattern in _all("subject_names")
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
ACTION_LABELS: tuple[str, ...] = (*_all("actions"), "http://", "https://")
# Lines that start a notification's footer (compared by prefix, lower-case).
FOOTER_STARTS: tuple[str, ...] = (*_all("footers"), "©", "&copy;", "(c) ")


# Each language's own notification wording (never the default notes: those are
# written in the requester's language, the rest of the mail in the owner's).
LINKEDIN_LANGUAGE_PHRASES: Mapping[str, tuple[str, ...]] = {
    language: (*words.invitation, *words.reminder, *words.accepted, *words.message,
               *words.subject_invitation)
    for language, words in LINKEDIN.items()
}


def normalise(text: str) -> str:
    """Lower-case, straight apostrophes, single spaces: the form phrases are kept in."""
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    return " ".join(text.lower().split())


def phrase_pattern(phrases: Iterable[str]) -> PhrasePattern:
    """One pattern matching any of `phrases` as whole words in normalised text."""
    return PhrasePattern([normalise(p) for p in phrases])


def language_patterns(
    phrases: Mapping[str, Iterable[str]],
) -> dict[str, PhrasePattern]:
    """One pattern per language that finds that language's phrases (all matches)."""
    return {language: phrase_pattern(words) for language, words in phrases.items()}


def wording_language(patterns: Mapping[str, PhrasePattern], texts: Iterable[str],
                     limit: int = 50_000) -> str | None:
    """The language whose phrases `texts` use most, looking at each text in turn
    (body before subject) until one language leads; None when none does."""
    for text in texts:
        normalised = normalise(text[:limit])
        hits = {language: len(set(pattern.findall(normalised)))
                for language, pattern in patterns.items()}
        ranked = sorted(hits.values(), reverse=True)
        if ranked and ranked[0] > 0 and (len(ranked) == 1 or ranked[0] > ranked[1]):
            return max(hits, key=lambda language: hits[language])
    return None


def greeting_pattern() -> re.Pattern[str]:
    """A greeting line: 'Hi Martin,' / 'Hallo,' / 'Hi Martin, <note text>'."""
    words = sorted({re.escape(w) for ws in GREETING_WORDS.values() for w in ws}, key=len)
    alternatives = "|".join(reversed(words))
    return re.compile(
        rf"^(?:{alternatives})(?:\b(?P<who>[^,!:.?\n]{{0,60}}?)\s*[,!:](?P<rest>.*)|\s*)$",
        re.IGNORECASE,
    )


# A rule line: ends a note like a footer, but is also used above the greeting.
SEPARATOR = re.compile(r"^[-_.=*~]{4,}$")
# A line that is just the recipient's name and a comma: "Suresh," (2011 form).
BARE_GREETING = re.compile(r"^[^\s,.:;!?@]{1,40}(?:[ /][^\s,.:;!?@]{1,40}){0,3},$")
