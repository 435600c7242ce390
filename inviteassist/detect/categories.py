"""Who is asking: a requester's category from their headline and note.

Owns the built-in keyword lists (one row per category and language) and the
rule that applies them: the headline is read first, then the personal note;
within one text the categories are tried in the order of `CATEGORIES`
(recruiter, sales, founder, student), and the first keyword found decides. No
match is `other`. A keyword matches whole words, case- and accent-insensitive;
a trailing `*` makes it a word stem (`recruit*` matches "recruiting").
Owners add keywords (or replace the built-in lists) in config `[categories]`.
Pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

CATEGORIES: tuple[str, ...] = ("recruiter", "sales", "founder", "student")
OTHER = "other"

BUILTIN_KEYWORDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "recruiter": {
        "en": ("recruit*", "talent acquisition", "talent partner", "headhunt*", "sourcer",
               "staffing", "executive search", "we are hiring", "we're hiring", "open role*",
               "job opportunit*", "career opportunit*"),
        "de": ("personalberat*", "personalvermittl*", "recruiting", "stellenangebot*",
               "karrierechance*", "vakanz*"),
        "fr": ("recruteu*", "recrutement", "chasseur de têtes", "chargée de recrutement",
               "opportunité de poste", "offre d'emploi"),
        "es": ("reclutador*", "reclutamiento", "selección de personal", "cazatalentos",
               "oferta de empleo"),
        "pt": ("recrutador*", "recrutamento", "oportunidade de emprego", "vaga de emprego"),
        "it": ("selezionatore", "selezionatrice", "reclutamento", "ricerca e selezione",
               "cacciatore di teste", "opportunità di lavoro"),
        "nl": ("werving", "werving en selectie", "vacature*", "wervingsbureau"),
    },
    "sales": {
        "en": ("sales", "account executive", "account manager", "business development",
               "lead generation", "our product", "our solution*", "our platform", "book a demo",
               "quick demo", "pricing"),
        "de": ("vertrieb*", "verkauf*", "key account*", "geschäftsentwicklung",
               "unsere lösung*", "unser produkt", "neukunden*"),
        "fr": ("commercial", "commerciale", "ventes", "développement commercial",
               "notre solution", "notre produit", "chargé d'affaires"),
        "es": ("ventas", "comercial", "desarrollo de negocio*", "nuestra solución",
               "nuestro producto"),
        "pt": ("vendas", "comercial", "desenvolvimento de negócios", "nossa solução",
               "nosso produto"),
        "it": ("vendite", "commerciale", "sviluppo commerciale", "la nostra soluzione",
               "il nostro prodotto"),
        "nl": ("verkoop*", "accountmanager", "onze oplossing", "ons product",
               "business developer"),
    },
    "founder": {
        "en": ("founder", "co-founder", "cofounder", "founding", "ceo", "entrepreneur",
               "my startup", "our startup"),
        "de": ("gründer*", "mitgründer*", "inhaber*", "unternehmer*"),
        "fr": ("fondateur*", "fondatrice", "cofondat*", "co-fondat*", "entrepreneur*"),
        "es": ("fundador*", "cofundador*", "emprendedor*"),
        "pt": ("fundador*", "cofundador*", "empreendedor*"),
        "it": ("fondatore", "fondatrice", "cofondat*", "imprenditor*"),
        "nl": ("oprichter*", "medeoprichter*", "ondernemer*"),
    },
    "student": {
        "en": ("student", "phd candidate", "undergraduate", "graduate student", "intern",
               "internship", "mba candidate", "class of"),
        "de": ("student*", "doktorand*", "praktikant*", "praktikum", "werkstudent*"),
        "fr": ("étudiant*", "doctorant*", "stagiaire", "alternant*"),
        "es": ("estudiante*", "doctorando", "doctoranda", "becari*", "prácticas"),
        "pt": ("estudante*", "aluno", "aluna", "estagiári*", "estágio", "doutorand*"),
        "it": ("studente", "studentessa", "dottorand*", "tirocin*", "stagista"),
        "nl": ("stagiair*", "promovendus", "afstudeer*"),
    },
}


@dataclass(frozen=True)
class Categorisation:
    category: str
    reason: str


def builtin_keywords() -> dict[str, tuple[str, ...]]:
    """Every built-in keyword of each category, all languages together."""
    return {
        category: tuple(k for words in BUILTIN_KEYWORDS[category].values() for k in words)
        for category in CATEGORIES
    }


def merge_keywords(
    extra: Mapping[str, Sequence[str]], *, builtin: bool = True
) -> dict[str, tuple[str, ...]]:
    """The keyword lists in force: the built-in ones (unless switched off) plus `extra`."""
    base = builtin_keywords() if builtin else {category: () for category in CATEGORIES}
    return {
        category: tuple(dict.fromkeys((*base[category], *extra.get(category, ()))))
        for category in CATEGORIES
    }


def fold(text: str) -> str:
    """Lower-case, accents removed, apostrophes straightened, single spaces."""
    if text.isascii():  # nothing to decompose or straighten
        return " ".join(text.lower().split())
    text = text.replace("’", "'").replace("\u00a0", " ")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("ß", "ss").split())


def _keyword_source(keyword: str) -> str | None:
    """The regular expression for one keyword after a word start, as text."""
    stem = keyword.strip().endswith("*")
    words = fold(keyword.strip().rstrip("*"))
    if not words:
        return None
    tail = r"\w*" if stem else r"(?!\w)"
    return f"{re.escape(words)}{tail}"


@lru_cache(maxsize=256)
def _keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    source = _keyword_source(keyword)
    return re.compile(rf"(?<!\w){source}") if source is not None else None


@lru_cache(maxsize=64)
def _any_keyword(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the whole list: most texts hold none of its keywords,
    and one search says so where a search per keyword took a hundred. The
    word-start test comes once, before the alternatives: inside each of them
    it made the engine try every keyword at every position (30 times slower
    over a summary's 20,000 headlines). Built from the keywords' sources:
    compiling each keyword too would cost a process start some 40 ms."""
    sources = [found for found in map(_keyword_source, keywords) if found]
    return re.compile(rf"(?<!\w)(?:{'|'.join(sources)})") if sources else None


@lru_cache(maxsize=64)
def _every_keyword(lists: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The lists as one, made once: a summary categorises every request."""
    return tuple(word for words in lists for word in words)


def _mentions_any(folded: str, keywords: tuple[str, ...]) -> bool:
    combined = _any_keyword(keywords)
    return combined is not None and combined.search(folded) is not None


def find_keyword(text: str, keywords: Sequence[str]) -> str | None:
    """The first keyword of `keywords` found in `text` (see module doc), or None."""
    folded = fold(text[:5_000])
    if not _mentions_any(folded, tuple(keywords)):
        return None
    for keyword in keywords:
        pattern = _keyword_pattern(keyword)
        if pattern is not None and pattern.search(folded):
            return keyword
    return None


def categorise(
    headline: str | None, note: str | None, keywords: Mapping[str, Sequence[str]]
) -> Categorisation:
    """The requester's category, headline first, then the note (see module doc)."""
    everything = _every_keyword(tuple(tuple(keywords.get(c, ())) for c in CATEGORIES))
    for where, text in (("headline", headline), ("note", note)):
        if not text or not _mentions_any(fold(text[:5_000]), everything):
            continue  # the usual case, settled by one search
        for category in CATEGORIES:
            found = find_keyword(text, keywords.get(category, ()))
            if found is not None:
                return Categorisation(category, f"category {category}: {found!r} in {where}")
    return Categorisation(OTHER, "category other: no category keyword in headline or note")
