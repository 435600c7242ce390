"""Which offered option a reply names by letter or rank, and where it says no.

Owns the words of choosing and refusing, in en, de, fr, es, it, pt and nl:
option letters with what makes them a choice ("B works", "option B", "let's
do B", "B passt", "B me convient", "B va bene", "B werkt", "B fica bom", a
line starting "B)", a reply that is little more than "B"), ranks ("the second
option", "die zweite Option", "la deuxième option"), the clauses that say no
("B doesn't work", "leider nicht", "ne me convient pas") or only offer a
fallback ("otherwise C"), and whole-reply declines ("none of these work",
"keine passt") or indifference ("any of them works"). `funnel.replymatch` combines
these with the time expressions. Pure: text in, spans and labels out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from inviteassist.text.timeread import lower_keeping_length, mask
from inviteassist.text.timewords import alternation, plain, word_pattern


@dataclass(frozen=True)
class Choice:
    """An option named in the text: its label and the words that name it."""

    label: str
    start: int
    end: int
    phrase: str


@dataclass(frozen=True)
class Scope:
    """The clauses of a reply that refuse (negative) or only fall back."""

    negative: tuple[tuple[int, int], ...]
    fallback: tuple[tuple[int, int], ...]

    def refuses(self, start: int, end: int) -> bool:
        return _overlaps(self.negative, start, end)

    def falls_back(self, start: int, end: int) -> bool:
        return _overlaps(self.fallback, start, end)


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) meets one of `spans` (sorted and disjoint)."""
    index = bisect_left(spans, (end,)) - 1
    return index >= 0 and spans[index][1] > start


# Nouns after which a letter is an option even in lower case ("option b").
OPTION_KEYWORDS = alternation(
    "option|variante|variant|opción|opzione|opção|optie|choice|choix|keuze")
# Nouns that name an option after a letter's lead or a rank ("the second slot").
OPTION_NOUNS = alternation(
    OPTION_KEYWORDS, "slot|proposal|suggestion|one|termin|vorschlag|zeitfenster",
    "proposition|créneau|horaire|propuesta|horario|proposta|orario|horário|voorstel|tijdstip",
)
AGREE_BEFORE = alternation(
    "let's do|let's go with|let's go for|let's take|let's say|let's book|lets do|"
    "go with|going with|go for|i'll take|i take|i'd take|i'll go with|i choose|i'll choose|"
    "i pick|i'll pick|i prefer|i'd prefer|prefer|choose|pick|take|book|i'd like",
    "ich nehme|nehme|nehmen wir|ich wähle|wähle|ich bevorzuge|bevorzuge|lieber|machen wir",
    "je prends|je choisis|je préfère|je vais prendre|plutôt|on part sur|va pour",
    "prefiero|elijo|escojo|me quedo con|vamos con|mejor",
    "scelgo|preferisco|prendo|opto per|meglio",
    "escolho|prefiro|fico com|vou de|vamos de|vamos com",
    "ik kies|kies|ik neem|neem|doe maar|liever|ik ga voor|ga voor|graag",
)
AGREE_AFTER = alternation(
    "works|would work|will work|works for me|work for me|is fine|is good|is great|"
    "is perfect|is best|is ok|is okay|is better|is ideal|would be fine|would be good|"
    "would be great|would be perfect|would be best|would be ideal|sounds good|sounds great|"
    "sounds perfect|sounds fine|suits me|please|pls|plz|it is|for me|does|fits",
    "passt|passt mir|geht|ist gut|ist super|ist perfekt|ist prima|ist ok|ist ideal|wäre gut|"
    "wäre super|wäre perfekt|wäre ideal|wäre prima|klingt gut|funktioniert|klappt|bitte|"
    "für mich",
    "me convient|me va|me va bien|ça me va|ça marche|marche|est parfait|est bien|est bon|"
    "est idéal|c'est bon|convient|s'il vous plaît|svp|me conviendrait|pour moi",
    "me viene bien|me sirve|está bien|funciona|es perfecto|es perfecta|por favor|"
    "me parece bien|me va perfecto|me vendría bien|para mí",
    "va bene|mi va bene|per me va bene|è perfetto|è perfetta|mi sta bene|per favore|"
    "andrebbe bene|mi andrebbe bene|per me",
    "fica bom|é bom|está bom|serve|me serve|é perfeito|é perfeita|pode ser|está ótimo|"
    "seria ótimo|funcionaria|para mim",
    "werkt|past|past mij|is goed|is prima|lijkt me goed|schikt|is perfect|komt goed uit|"
    "voor mij",
)
BARE_PRAISE = alternation(
    "perfect|great|good|fine|ideal|ok|okay|super|perfekt|prima|gut|parfait|idéal|"
    "perfecto|perfecta|perfetto|perfetta|ottimo|perfeito|perfeita|ótimo|goed")
_RANKS = {
    0: "first 1st erste ersten erster premier première primera primero primer prima primo "
       "primeira primeiro eerste",
    1: "second 2nd zweite zweiten zweiter deuxième seconde second segunda segundo seconda "
       "secondo tweede",
    2: "third 3rd dritte dritten dritter troisième tercera tercero tercer terza terzo "
       "terceira terceiro derde",
    -1: "last letzte letzten letzter dernière dernier última último ultima ultimo laatste",
}
ORDINALS = {variant: rank for rank, names in _RANKS.items()
            for name in names.split() for variant in (name, plain(name))}
ORDINAL = re.compile(
    rf"(?<!\w)({alternation('|'.join(ORDINALS))})\s+(?:{OPTION_NOUNS})(?!\w)", re.IGNORECASE)

LETTER = re.compile(r"(?<![\w'’@/.\-])([A-Za-z])(?![\w'’@/\-]|\.\w)")
NOUN_THEN_LETTER = re.compile(rf"(?<!\w)(?:{OPTION_NOUNS})\s*[:#]?\s*$", re.IGNORECASE)
KEYWORD_THEN_LETTER = re.compile(rf"(?<!\w)(?:{OPTION_KEYWORDS})\s*[:#]?\s*$", re.IGNORECASE)
LEAD_THEN_LETTER = re.compile(
    rf"(?<!\w)(?:{AGREE_BEFORE})\s+(?:(?:the|die|den|la|le|el|a|o|de|l')\s*)?"
    rf"(?:(?:{OPTION_NOUNS})\s+)?$", re.IGNORECASE)
BOTH = alternation("both|either|beide|les deux|los dos|ambas|ambos|entrambe|entrambi|allebei")
LETTER_THEN_AGREEMENT = re.compile(
    rf"^\s*[).:]?\s*,?\s*(?:(?:{BOTH})\s+)?"
    rf"(?:(?:{AGREE_AFTER})(?!\w)|(?:{BARE_PRAISE})\s*(?:[.!,]|$))",
    re.IGNORECASE)
LEADING_LETTER_AFTER = re.compile(
    r"^\s*(?:[,!]|[—–-]\s|\.?\s*$|\s+(?:but|aber|mais|pero|ma|maar|mas)(?!\w))", re.IGNORECASE)
LINE_LABEL_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:la|el|le|il|a|o|die|de|l')\s+)?[(\[]?$", re.IGNORECASE)
ONLY_A_LETTER = re.compile(r"^[^\w]*([A-Za-z])[^\w]*$")
LINE_LABEL_AFTER = re.compile(r"^[)\]:](?:\s|$)")
LETTER_LINK = re.compile(r"^\s*(?:,|/|&|or|oder|ou|o|of|and|und|et|y|e|en)\s*$", re.IGNORECASE)
ITALIAN_A = re.compile(r"^\s+(?:me|mi)\s+(?:va|sta|andrebbe)\s+bene", re.IGNORECASE)
SHORT_REPLY_WORDS = 6

CLAUSE_BREAK = re.compile(
    r"[!?;\n]+|(?<![\d\s])(?<!\.\w)\.(?=\s|$)|,|(?<!\w)(?:but|however|although|though|"
    r"whereas|aber|jedoch|sondern|doch|mais|cependant|pero|sino|aunque|ma|però|tuttavia|"
    r"maar|echter|mas|porém|contudo)(?!\w)", re.IGNORECASE)
FALLBACK = word_pattern(
    "otherwise|alternatively|or else|failing that|if not|sonst|ansonsten|alternativ|sinon|"
    "autrement|si no|si non|sennò|altrimenti|in alternativa|anders|zo niet|senão|"
    "caso contrário")
IDIOMS = word_pattern(
    "no problem|not a problem|no worries|can't wait|cannot wait|don't hesitate",
    "kein problem|keine sorge|zögern sie nicht|pas de problème|pas de souci|sans problème",
    "n'hésitez pas|no hay problema|ningún problema|sin problema|no dude en",
    r"nessun problema|non c'è problema|non vedo l'ora|non esit\w+",
    "sem problema|não há problema|não hesite|geen probleem|geen zorgen|aarzel niet")
NEGATION = re.compile(word_pattern(
    # Portuguese "no dia 9", "no sábado" is "on the", not "no".
    r"not|no(?!\s+(?:dia|s[áa]bado|domingo|hor[áa]rio|pr[óo]ximo|mesmo|final|fim)\b)",
    "never|none|neither|nor|cannot|unable|unavailable|busy|booked|taken|impossible",
    r"nicht|kein\w*|nie|niemals|nein|unmöglich|besetzt|verhindert|ausgebucht",
    r"pas|aucun\w*|jamais|indisponible|occupée?|non",
    r"ningun\w*|ningún|nunca|imposible|ocupad[oa]",
    r"nessun\w*|impossibile|occupat[oa]",
    r"não|nenhum\w*|impossível",
    "niet|geen|nooit|onmogelijk|bezet|nee",
).pattern + r"|n['’]t(?!\w)", re.IGNORECASE)
DECLINE = re.compile(
    r"(?<!\w)(?:none of (?:these|those|them|the \w+)|neither of (?:these|those|them)|"
    r"(?:can't|cannot|can not|won't be able to) (?:make|do) (?:any|either)|"
    r"(?:these|those|the) (?:times?|options|slots|dates) (?:don't|do not|won't) work|"
    r"keine?r? (?:der|dieser|von|davon)?\s*\w*\s*(?:passt|passen|geht|gehen|klappt)|"
    r"(?:passt|passen|geht|gehen|klappt) (?:mir )?(?:leider )?keine?r?|"
    r"aucune? (?:de ces|des)?\s*\w*\s*(?:ne )?(?:me )?(?:convien\w*|va|marche)|"
    r"ningun[oa]? (?:de )?\w*\s*(?:\w+ )?(?:me )?(?:va|viene|sirve|funciona)|"
    r"nessun[oa]? (?:di )?\w*\s*(?:\w+ )?(?:mi )?(?:va|sta|funziona)|"
    r"nenhum[a]? (?:d\w+ )?\w*\s*(?:me )?(?:serve|funciona|dá|fica)|"
    r"geen (?:van )?\w*\s*(?:\w+ )?(?:past|passen|werkt|werken|lukt|schikt)|geen enkele)",
    re.IGNORECASE)
INDIFFERENT = word_pattern(
    "any works|any of them works|any of these work|any of those work|any of them work|"
    "any is fine|any of them is fine|all work|all of them work|all three work|all are fine|"
    "either works|either is fine|whatever suits you|whichever suits you",
    "alle passen|alle drei passen|alle gehen|egal|jeder termin passt",
    "n'importe|tous me conviennent|toutes me conviennent",
    "cualquiera|me da igual|qualsiasi|qualunque|tutte vanno bene|qualquer|tanto faz",
    "maakt niet uit|maakt mij niet uit|allemaal passen|alle werken|allemaal werken")


def read_scope(text: str) -> Scope:
    """The clauses of `text` that refuse, and those that only offer a fallback."""
    low = mask(lower_keeping_length(text), (m.span() for m in IDIOMS.finditer(text)))
    negative: list[tuple[int, int]] = []
    fallback: list[tuple[int, int]] = []
    for start, end in _clauses(low):
        if NEGATION.search(low, start, end):
            negative.append((start, end))
        if FALLBACK.search(low, start, end):
            fallback.append((start, end))
    return Scope(tuple(negative), tuple(fallback))


def _clauses(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for brk in CLAUSE_BREAK.finditer(text):
        if brk.start() > start:
            yield start, brk.start()
        start = brk.end()
    if start < len(text):
        yield start, len(text)


def declines(text: str) -> str | None:
    """The words that turn down every offered option, if `text` has them."""
    found = DECLINE.search(mask(text, (m.span() for m in IDIOMS.finditer(text))))
    return found[0] if found else None


def leaves_choice(text: str) -> str | None:
    """The words that leave the choice to the owner ("any of them works")."""
    found = INDIFFERENT.search(text)
    return found[0] if found else None


def named_letters(text: str, labels: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    """Every upper-case option letter standing alone in `text`, chosen or not."""
    return tuple((m[1], m.start(), m.end()) for m in LETTER.finditer(text)
                 if m[1] in labels and not _is_initial(text, m.end()))


def _is_initial(text: str, end: int) -> bool:
    """True for "A. Smith": a letter, a dot and a capitalised word."""
    return bool(re.match(r"\.\s?[A-Z][a-z]", text[end:end + 4]))


def find_choices(text: str, labels: Sequence[str]) -> tuple[Choice, ...]:
    """Every option the text names by letter or by rank, in reading order."""
    only = ONLY_A_LETTER.match(text)
    if only and only[1].upper() in labels:  # "b" on its own
        return (Choice(only[1].upper(), only.start(1), only.end(1), only[1]),)
    letters = [m for m in LETTER.finditer(text) if m[1].upper() in labels]
    short = _is_short(text)
    chosen = [_letter_choice(text, m, short=short) for m in letters]
    for index in range(1, len(letters)):  # "B or C works": both are named
        gap = text[letters[index - 1].end():letters[index].start()]
        if LETTER_LINK.match(gap) and (chosen[index] or chosen[index - 1]):
            for k in (index - 1, index):
                chosen[k] = chosen[k] or Choice(letters[k][1].upper(), letters[k].start(),
                                                letters[k].end(), letters[k][1])
    found = [c for c in chosen if c is not None]
    for m in ORDINAL.finditer(text):
        rank = ORDINALS[m[1].lower()]
        if -len(labels) <= rank < len(labels):
            found.append(Choice(labels[rank], m.start(), m.end(), m[0]))
    return tuple(sorted(found, key=lambda c: c.start))


def _is_short(text: str) -> bool:
    return len(re.findall(r"\w+", text)) <= SHORT_REPLY_WORDS


def _letter_choice(text: str, m: re.Match[str], *, short: bool) -> Choice | None:
    """The choice made by the letter at `m`, or None when it is only a letter."""
    letter, start, end = m[1], m.start(), m.end()
    before, after = text[max(0, start - 60):start], text[end:end + 60]
    noun = (NOUN_THEN_LETTER if letter.isupper() else KEYWORD_THEN_LETTER).search(before)
    if noun:
        return Choice(letter.upper(), start - len(before) + noun.start(), end,
                      text[start - len(before) + noun.start():end])
    if not letter.isupper():
        return None
    lead = LEAD_THEN_LETTER.search(before)
    agreement = LETTER_THEN_AGREEMENT.match(after)
    if letter == "A" and ITALIAN_A.match(after):
        agreement = None
    if lead or agreement:
        first = start - len(before) + lead.start() if lead else start
        last = end + len(agreement[0].rstrip(".!, ")) if agreement else end
        return Choice(letter, first, last, text[first:last].strip())
    starts_line = LINE_LABEL_BEFORE.search(before)
    on_own_line = starts_line and (LINE_LABEL_AFTER.match(after)
                                   or LEADING_LETTER_AFTER.match(after))
    alone = short and re.match(r"^\s*(?:[!,)]|\.?\s*$)", after)
    return Choice(letter, start, end, letter) if on_own_line or alone else None
