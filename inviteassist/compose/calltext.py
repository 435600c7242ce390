"""What the calendar files say about the call, in the requester's language.

`Invitations` is the calendar side of the configuration as the composers need
it: who organizes (the sending account), how the requester joins ([call]),
and whether proposals are invitations ([invitations] proposals). `CALL_WORDS`
holds, per language, the default LOCATION and the SUMMARY of a proposal and
of the agreed call: a SUMMARY is what a calendar shows in its grid, so it must
name the option there, not only in the description.
"""

from __future__ import annotations

from dataclasses import dataclass

from inviteassist.models import Owner

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class CallWords:
    default_location: str
    proposal_summary: str   # {label}, {owner}
    call_summary: str       # {owner}
    proposal_note: str      # {label}, {count}: the DESCRIPTION of a proposal


CALL_WORDS: dict[str, CallWords] = {
    "en": CallWords("Phone call — I will call the number you send me",
                    "Option {label}: call with {owner} (proposed)", "Call with {owner}",
                    "Proposed time {label} of {count}, not yet agreed: reply to my email with "
                    "the letter or a time that suits you."),
    "de": CallWords("Telefonat — ich rufe Sie unter der Nummer an, die Sie mir schicken",
                    "Option {label}: Gespräch mit {owner} (Vorschlag)", "Gespräch mit {owner}",
                    "Zeitvorschlag {label} von {count}, noch nicht vereinbart: antworten Sie "
                    "auf meine E-Mail mit dem Buchstaben oder einer Zeit, die Ihnen passt."),
    "fr": CallWords("Appel téléphonique — je vous appelle au numéro que vous m'enverrez",
                    "Option {label} : appel avec {owner} (proposition)", "Appel avec {owner}",
                    "Horaire proposé {label} sur {count}, pas encore convenu : répondez à mon "
                    "e-mail avec la lettre ou un horaire qui vous convient."),
    "es": CallWords("Llamada telefónica — le llamaré al número que me envíe",
                    "Opción {label}: llamada con {owner} (propuesta)", "Llamada con {owner}",
                    "Horario propuesto {label} de {count}, aún sin acordar: responda a mi "
                    "correo con la letra o una hora que le convenga."),
    "pt": CallWords("Chamada telefónica — ligo-lhe para o número que me enviar",
                    "Opção {label}: chamada com {owner} (proposta)", "Chamada com {owner}",
                    "Horário proposto {label} de {count}, ainda não combinado: responda ao "
                    "meu e-mail com a letra ou um horário que lhe convenha."),
    "it": CallWords("Telefonata — la chiamerò al numero che mi invierà",
                    "Opzione {label}: chiamata con {owner} (proposta)",
                    "Chiamata con {owner}",
                    "Orario proposto {label} di {count}, non ancora concordato: risponda alla "
                    "mia e-mail con la lettera o un orario che le va bene."),
    "nl": CallWords("Telefoongesprek — ik bel u op het nummer dat u mij stuurt",
                    "Optie {label}: gesprek met {owner} (voorstel)", "Gesprek met {owner}",
                    "Voorgesteld tijdstip {label} van {count}, nog niet afgesproken: antwoord "
                    "op mijn e-mail met de letter of een tijd die u past."),
}


@dataclass(frozen=True)
class Invitations:
    """How our calendar files are made. `organizer` is the sending account
    (calendar answers go to the ORGANIZER, so it must be the mailbox we
    watch); `location`/`url` are [call] as configured (empty location: the
    default in the requester's language)."""

    organizer: Owner
    location: str = ""
    url: str = ""
    as_requests: bool = False


@dataclass(frozen=True)
class CallPlace:
    """LOCATION and URL of one message's calendar file."""

    location: str
    url: str


def call_words(language: str | None) -> CallWords:
    """The words for `language` (`de`, `de-AT` …), English when we have none."""
    base = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
    return CALL_WORDS.get(base, CALL_WORDS[DEFAULT_LANGUAGE])


def call_place(invitations: Invitations, language: str | None) -> CallPlace:
    """Where the call happens: the configured location (else the default
    sentence); the video link, else the location itself when it is a link."""
    location = invitations.location or call_words(language).default_location
    url = invitations.url or (location if location.startswith("https://") else "")
    return CallPlace(location, url)


def proposal_summary(label: str, owner_name: str, language: str | None) -> str:
    return call_words(language).proposal_summary.format(label=label, owner=owner_name)


def call_summary(owner_name: str, language: str | None) -> str:
    return call_words(language).call_summary.format(owner=owner_name)


def proposal_note(label: str, count: int, language: str | None) -> str:
    return call_words(language).proposal_note.format(label=label, count=count)
