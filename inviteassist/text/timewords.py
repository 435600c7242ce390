"""Calendar words of the languages replies come in: en, de, fr, es, it, pt, nl.

Owns the vocabulary tables that `timeread` compiles into patterns: weekday
and month names, relative days ("tomorrow", "morgen", "demain" …), parts of
the day ("afternoon", "nachmittags", "de la tarde" …) with the hours they
cover, the words that may stand between the parts of one time expression
("at", "um", "à", "a las", "alle", "om", "às" …), greetings that contain
calendar words but name no time, and zone abbreviations with their UTC
offsets. Every table is written with the accents people use; `with_plain`
and `alternation` add the accent-free spellings people also type, and
`word_pattern` turns a phrase list into a whole-word pattern. Pure data and
small helpers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping


def plain(word: str) -> str:
    """`word` without accents: `martedì` -> `martedi`, `terça` -> `terca`."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def with_plain(table: Mapping[str, int]) -> dict[str, int]:
    """`table` plus the accent-free spelling of every key."""
    result = dict(table)
    for word, value in table.items():
        result.setdefault(plain(word), value)
    return result


def alternation(*entries: str) -> str:
    """A regex alternation of the `|`-separated phrases in `entries` (regex
    syntax allowed) and their accent-free spellings, longest first."""
    phrases = {p for entry in entries for p in entry.split("|") if p}
    phrases |= {plain(p) for p in phrases}
    return "|".join(sorted(phrases, key=len, reverse=True))


def literal_alternation(entries: Iterable[str]) -> str:
    """A regex alternation of `entries` taken literally, longest first."""
    return "|".join(re.escape(e) for e in sorted(set(entries), key=len, reverse=True))


def word_pattern(*entries: str) -> re.Pattern[str]:
    """A case-insensitive pattern for any phrase of `entries` as whole words."""
    return re.compile(rf"(?<!\w)(?:{alternation(*entries)})(?!\w)", re.IGNORECASE)


def _spread(words_by_value: Iterable[tuple[int, str]]) -> dict[str, int]:
    return with_plain({word: value for value, words in words_by_value
                       for word in words.split()})


# Monday is 0, as in `datetime.weekday()`.
WEEKDAYS = _spread([
    (0, "monday montag lundi lunes lunedì segunda-feira segunda maandag"),
    (1, "tuesday dienstag mardi martes martedì terça-feira terça dinsdag"),
    (2, "wednesday mittwoch mercredi miércoles mercoledì quarta-feira quarta woensdag"),
    (3, "thursday donnerstag jeudi jueves giovedì quinta-feira quinta donderdag"),
    (4, "friday freitag vendredi viernes venerdì sexta-feira sexta vrijdag"),
    (5, "saturday samstag sonnabend samedi sábado sabato zaterdag"),
    (6, "sunday sonntag dimanche domingo domenica zondag"),
])
# Short forms that are also ordinary words ("sun", "mon", "mar"): they count
# only right next to a time or a date ("Wed at 10am", "Tue 14:00").
WEEKDAY_ABBREVIATIONS = _spread([
    (0, "mon lun"), (1, "tue tues"), (2, "wed mer mié"),
    (3, "thu thur thurs jeu jue gio"), (4, "fri ven vie"),
    (5, "sat sam sáb sab"), (6, "sun dim dom"),
])

# Short forms that only name a weekday at the ends of a span of days, as in
# opening hours ("Mo–Fr 9–17 Uhr", "L-V de 9:00 a 18:00", "ma t/m vr").
SPAN_DAY_ABBREVIATIONS = frozenset({
    "mo", "di", "mi", "do", "fr", "sa", "so", "ma", "wo", "vr", "za", "zo", "l", "v", "lu",
    "ve", "seg", "sex", "ter", "qua", "qui",
})

MONTHS = _spread([
    (1, "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari"),
    (2, "february feb februar février févr fév febrero febbraio fevereiro fev februari"),
    (3, "march mar märz mars marzo março maart mrt"),
    (4, "april apr avril avr abril aprile"),
    (5, "may mai mayo maggio mag maio mei"),
    (6, "june jun juni juin junio giugno giu junho"),
    (7, "july jul juli juillet juil julio luglio lug julho"),
    (8, "august aug août agosto ago augustus"),
    (9, "september sep sept septembre septiembre setiembre settembre set setembro"),
    (10, "october oct oktober okt octobre octubre ottobre ott outubro out"),
    (11, "november nov novembre noviembre novembro"),
    (12, "december dec dezember dez décembre déc diciembre dic dicembre dezembro"),
])
# Month names that are ordinary words too: read only after a day number
# ("5 May"), never before one ("I may 5 …", "set 3 …").
MONTHS_AFTER_DAY_ONLY = frozenset({"may", "mar", "set", "out", "ago", "gen", "mag", "mai", "mei"})

# Days after the day the reply was received.
RELATIVE_DAYS = with_plain({
    "today": 0, "heute": 0, "aujourd'hui": 0, "aujourd’hui": 0, "hoy": 0, "oggi": 0,
    "hoje": 0, "vandaag": 0,
    "tomorrow": 1, "morgen": 1, "demain": 1, "mañana": 1, "domani": 1, "amanhã": 1,
    "day after tomorrow": 2, "übermorgen": 2, "après-demain": 2, "pasado mañana": 2,
    "dopodomani": 2, "depois de amanhã": 2, "overmorgen": 2,
})
# "Guten Morgen", "am Morgen", "por la mañana" name a part of the day, not tomorrow.
NOT_RELATIVE_BEFORE = ("guten ", "am ", "jeden ", "goede ", "'s ", "la ", "esta ", "de ")

# Parts of the day, with the hours [first, last) an option must start in.
MORNING, AFTERNOON, EVENING, NOON = (5, 12), (12, 18), (17, 23), (12, 13)
DAYPARTS: dict[str, tuple[int, int]] = {
    **dict.fromkeys((
        "in the morning", "morning", "vormittags", "vormittag", "morgens", "früh",
        "am vormittag", "du matin", "le matin", "matin", "de la mañana", "por la mañana",
        "di mattina", "la mattina", "mattina", "da manhã", "de manhã", "pela manhã",
        "'s ochtends", "'s morgens", "ochtend",
    ), MORNING),
    **dict.fromkeys((
        "in the afternoon", "afternoon", "nachmittags", "nachmittag", "am nachmittag",
        "de l'après-midi", "l'après-midi", "après-midi", "de la tarde", "por la tarde",
        "del pomeriggio", "di pomeriggio", "nel pomeriggio", "pomeriggio", "da tarde",
        "à tarde", "de tarde", "'s middags", "middag",
    ), AFTERNOON),
    **dict.fromkeys((
        "in the evening", "evening", "tonight", "abends", "am abend", "du soir",
        "le soir", "soir", "de la noche", "por la noche", "di sera", "la sera", "stasera",
        "da noite", "à noite", "de noite", "'s avonds", "avond",
    ), EVENING),
    **dict.fromkeys((
        "noon", "midday", "mittag", "mittags", "midi", "mediodía", "mezzogiorno",
        "meio-dia",
    ), NOON),
}
DAYPARTS.update({plain(word): hours for word, hours in list(DAYPARTS.items())})

# Words that say "this hour is the day's second half" right after a number.
PM_SUFFIXES = ("pm", "p.m.", "p.m", "p. m.")
AM_SUFFIXES = ("am", "a.m.", "a.m", "a. m.")
# Units that make a bare number an hour: "14h", "14 Uhr", "14u", "10 o'clock".
HOUR_UNITS = ("uhr", "uur", "hs", "h", "u", "o'clock", "o’clock", "oclock")
# Words before a bare hour that make it one: "at 10", "um 10", "alle 14".
HOUR_PREPOSITIONS = (
    "at", "around", "about", "um", "gegen", "ab", "à", "a las", "a la", "vers",
    "alle", "alle ore", "verso", "às", "as", "pelas", "om", "rond", "@", "von", "between",
    "zwischen", "tussen",
    "make it", "push it to", "move it to", "change it to", "shift it to",
)

# Words before a time that make it a bound, not a proposal: "after 2pm",
# "ab 14 Uhr", "à partir de 14h", "before 11", "bis 12 Uhr", "avant 11h".
AFTER_WORDS = (
    "after", "any time after", "anytime after", "from", "later than", "nach", "ab",
    "après", "à partir de", "dès", "después de las", "a partir de las", "desde las",
    "dopo le", "dalle", "a partire dalle", "depois das", "a partir das", "após as", "vanaf",
    "na",
)
BETWEEN_WORDS = ("between", "zwischen", "entre", "entre las", "entre as", "tra le", "fra le",
                 "tussen")
BEFORE_WORDS = (
    "before", "until", "till", "earlier than", "vor", "bis", "avant", "jusqu'à",
    "antes de las", "hasta las", "prima delle", "entro le", "fino alle", "antes das",
    "até as", "até às", "voor", "tot",
)

# Words that may stand between the parts of one time expression.
CONNECTORS = frozenset({
    "at", "on", "the", "around", "about", "um", "am", "den", "der", "die", "ab", "à", "a",
    "le", "la", "el", "los", "las", "de", "del", "da", "do", "du", "des", "alle", "ore",
    "om", "op", "às", "as", "this", "next", "coming", "nächsten", "nächster", "kommenden",
    "prochain", "prochaine", "próximo", "próxima", "prossimo", "prossima", "volgende",
    "in", "im", "nel", "t", "from", "von", "ca", "circa", "vers", "verso", "gegen",
    "rond", "@", "-", "–", ",",
})

# Greetings and sign-offs that contain calendar words but name no time.
GREETINGS = (
    "good morning", "good afternoon", "good evening", "guten morgen", "guten tag",
    "guten abend", "schönen tag", "schönes wochenende", "bonjour", "bonsoir",
    "bonne journée", "bonne soirée", "buenos días", "buenos dias", "buenas tardes",
    "buenas noches", "buongiorno", "buon pomeriggio", "buonasera", "buona sera",
    "buona giornata", "bom dia", "boa tarde", "boa noite", "goedemorgen",
    "goedemiddag", "goedenavond", "goede morgen", "have a nice day",
    "have a good day", "have a great day", "nice weekend", "fijne dag",
)

# Parts of the day written as one word with a weekday: "Dienstagvormittag",
# "dinsdagochtend", "Mittwochnachmittag", "woensdagmiddag".
COMPOUND_DAYPARTS: dict[str, tuple[int, int]] = {
    "vormittag": MORNING, "vormittags": MORNING, "morgen": MORNING, "morgens": MORNING,
    "früh": MORNING, "nachmittag": AFTERNOON, "nachmittags": AFTERNOON, "mittag": NOON,
    "mittags": NOON, "abend": EVENING, "abends": EVENING,
    "ochtend": MORNING, "voormiddag": MORNING, "middag": AFTERNOON, "namiddag": AFTERNOON,
    "avond": EVENING,
}
COMPOUND_DAYPARTS.update({plain(word): hours for word, hours in list(COMPOUND_DAYPARTS.items())})

# A day of the month written without its month: "the 9th", "am 9.", "le 9",
# "el día 9", "dia 9", "il 9", "de 9e", and a weekday with a number
# ("mercredi 9", "martes 15") when no hour unit follows. Group 1 is the day.
MONTHDAY_FORMS = (
    r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)(?!\w)",
    r"(?:am|der|den|dem|vom|zum|ab dem|bis zum)\s+(\d{1,2})\.(?!\d)",
    r"le\s+(\d{1,2})(?:er)?(?!\w|[:.,]\d)",
    r"(?:el\s+)?d[ií]a\s+(\d{1,2})(?!\w|[:.,]\d)",
    r"el\s+(\d{1,2})(?!\w|[:.,]\d)",
    r"(?:il|giorno|l'|l’)\s*(\d{1,2})(?!\w|[:.,]\d)",
    r"de\s+(\d{1,2})(?:e|ste|de)(?!\w)",
)
# Words that end a time expression because what follows is the time being
# replaced: "Tuesday at 11 instead of 10", "statt um 10", "au lieu de 10h".
INSTEAD_OF = (
    "instead of", "rather than", "statt", "anstatt", "anstelle von", "au lieu de",
    "plutôt que", "en vez de", "en lugar de", "invece di", "invece delle", "invece della",
    "invece che", "em vez de", "em vez das", "em vez da", "ao invés de", "no lugar de",
    "in plaats van",
)

# The writer's own zone, named after a time ("10am my time"): the requester's;
# the reader's ("3pm your time"): the owner's.
MY_ZONE, YOUR_ZONE = "requester", "owner"
# Zones named after a time by region or city, as IANA names (summer time included).
NAMED_ZONES: dict[str, str] = {
    **dict.fromkeys((
        "my time", "my local time", "local time", "meiner zeit", "meine zeit", "mon heure",
        "heure locale", "mi hora", "hora local", "mi hora local", "meu horário", "meu horario",
        "ortszeit", "meiner ortszeit", "lokaler zeit", "lokalzeit", "local",
        "horário local", "minha hora", "ora locale", "mia ora", "mijn tijd", "lokale tijd",
    ), MY_ZONE),
    **dict.fromkeys((
        "your time", "your local time", "your timezone", "your time zone", "ihrer zeit",
        "deiner zeit", "ihre zeit", "deine zeit", "votre heure", "ton heure", "tu hora",
        "su hora", "seu horário", "seu horario", "sua hora", "vostra ora", "tua ora",
        "vostro orario", "tuo orario", "jouw tijd", "uw tijd",
    ), YOUR_ZONE),
    **dict.fromkeys((
        "eastern", "eastern time", "eastern standard time", "east coast time",
        "new york time", "nyc time", "ostküstenzeit", "new yorker zeit", "heure de new york",
        "heure de l'est", "hora de nueva york",
        "hora de nueva york", "ora di new york",
    ), "America/New_York"),
    **dict.fromkeys(("central", "central time", "chicago time"), "America/Chicago"),
    **dict.fromkeys(("mountain time", "denver time"), "America/Denver"),
    **dict.fromkeys((
        "pacific", "pacific time", "pacific standard time", "west coast time",
        "california time", "la time", "westküstenzeit", "sf time", "san francisco time",
    ), "America/Los_Angeles"),
    **dict.fromkeys((
        "uk time", "london time", "british time", "irish time", "britischer zeit",
        "heure de londres", "hora de londres",
    ), "Europe/London"),
    **dict.fromkeys((
        "german time", "berlin time", "deutscher zeit", "deutsche zeit", "berliner zeit",
        "mitteleuropäischer zeit", "central european time", "heure allemande",
    ), "Europe/Berlin"),
    **dict.fromkeys(("paris time", "french time", "heure de paris", "heure française",
                     "heure de france", "heure de bruxelles"), "Europe/Paris"),
    **dict.fromkeys(("madrid time", "spanish time", "hora de madrid", "hora española",
                     "hora peninsular", "hora de españa"), "Europe/Madrid"),
    **dict.fromkeys(("hora de lisboa", "horário de lisboa", "hora de portugal",
                     "horário de portugal",
                     "hora portuguesa", "lisbon time"), "Europe/Lisbon"),
    **dict.fromkeys(("hora de brasília", "horário de brasília", "horario de brasília",
                     "hora de são paulo", "brasília time", "brazil time", "de brasília",
                     "brasília", "fuso de brasília", "horário de são paulo"),
                    "America/Sao_Paulo"),
    **dict.fromkeys(("heure de montréal", "heure du québec", "montreal time"),
                    "America/Toronto"),
    **dict.fromkeys(("hora de canarias", "hora canaria"), "Atlantic/Canary"),
    **dict.fromkeys(("hora de chile", "hora de santiago"), "America/Santiago"),
    **dict.fromkeys(("hora de perú", "hora de lima", "hora peruana"), "America/Lima"),
    **dict.fromkeys(("ora di milano",), "Europe/Rome"),
    **dict.fromkeys(("nl-tijd", "nl tijd"), "Europe/Amsterdam"),
    **dict.fromkeys(("ora italiana", "ora di roma", "italian time", "rome time"), "Europe/Rome"),
    **dict.fromkeys(("hora de méxico", "hora del centro", "mexico city time"),
                    "America/Mexico_City"),
    **dict.fromkeys(("hora de bogotá", "hora colombiana", "bogotá time"), "America/Bogota"),
    **dict.fromkeys(("hora de argentina", "hora de buenos aires", "hora argentina"),
                    "America/Argentina/Buenos_Aires"),
    **dict.fromkeys(("hora del este", "hora del este de ee. uu."), "America/New_York"),
    **dict.fromkeys(("hora del pacífico",), "America/Los_Angeles"),
    **dict.fromkeys(("india time", "indian time"), "Asia/Kolkata"),
    **dict.fromkeys(("singapore time",), "Asia/Singapore"),
    **dict.fromkeys(("dubai time", "gulf time"), "Asia/Dubai"),
    **dict.fromkeys(("sydney time",), "Australia/Sydney"),
    **dict.fromkeys(("tokyo time", "japan time"), "Asia/Tokyo"),
    **dict.fromkeys(("toronto time",), "America/Toronto"),
    **dict.fromkeys(("nederlandse tijd", "amsterdamse tijd", "dutch time", "amsterdam time",
                     "belgische tijd"), "Europe/Amsterdam"),
    # Abbreviations of zones with summer time, written in capitals after a time.
    **dict.fromkeys(("et",), "America/New_York"),
    **dict.fromkeys(("pt",), "America/Los_Angeles"),
    **dict.fromkeys(("ct",), "America/Chicago"),
    **dict.fromkeys(("mt",), "America/Denver"),
}
NAMED_ZONES.update({plain(name): zone for name, zone in list(NAMED_ZONES.items())})
# Abbreviations that are ordinary words in lower case ("10h et 11h"): capitals only.
CAPITALS_ONLY_ZONES = frozenset({"et", "pt", "ct", "mt"})

# Zone abbreviations people add after a time, with their UTC offset in minutes.
ZONE_OFFSETS: dict[str, int] = {
    "utc": 0, "gmt": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "mez": 60,
    "cest": 120, "mesz": 120, "eet": 120, "eest": 180, "msk": 180,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "akst": -540, "hst": -600, "brt": -180,
    "art": -180, "sgt": 480, "jst": 540, "aest": 600, "aedt": 660,
}
