"""Requester categories from headline and note, in several languages."""

from __future__ import annotations

import pytest

from inviteassist.detect.categories import (
    BUILTIN_KEYWORDS,
    CATEGORIES,
    _any_keyword,
    _keyword_pattern,
    builtin_keywords,
    categorise,
    find_keyword,
    fold,
    merge_keywords,
)

KEYWORDS = builtin_keywords()

# (headline, note, category)
HEADLINES = [
    ("Senior Technical Recruiter at Example", None, "recruiter"),
    ("Talent Acquisition Partner", None, "recruiter"),
    ("Personalberaterin bei Talentwerk", None, "recruiter"),
    ("Chargée de recrutement chez Nord", None, "recruiter"),
    ("Reclutadora IT en Madrid", None, "recruiter"),
    ("Recrutadora na Lisboa Talent", None, "recruiter"),
    ("Responsabile ricerca e selezione", None, "recruiter"),
    ("Werving en selectie bij Kanaal", None, "recruiter"),
    ("Account Executive at Cloudline", None, "sales"),
    ("Vertriebsleiter DACH", None, "sales"),
    ("Directeur commercial", None, "sales"),
    ("Gerente de ventas", None, "sales"),
    ("Gerente comercial na Vendamais", None, "sales"),
    ("Responsabile vendite Italia", None, "sales"),
    ("Accountmanager bij Kanaal", None, "sales"),
    ("Co-founder & CTO at Tidewater", None, "founder"),
    ("Gründer und Geschäftsführer", None, "founder"),
    ("Fondatrice chez Atelier Nord", None, "founder"),
    ("Cofundador en Sevilla Labs", None, "founder"),
    ("Fundadora da Mar Azul", None, "founder"),
    ("Imprenditore digitale", None, "founder"),
    ("Medeoprichter bij Kanaal Labs", None, "founder"),
    ("Student at York University", None, "student"),
    ("Werkstudent bei Siemens", None, "student"),
    ("Étudiant en master à Lyon", None, "student"),
    ("Estudiante en Universidad de Sevilla", None, "student"),
    ("Estagiária na Vendamais", None, "student"),
    ("Dottoranda al Politecnico", None, "student"),
    ("Stagiair bij Kanaal", None, "student"),
    ("Engineering Manager at Mapwise", None, "other"),
    (None, "We are hiring a staff engineer and I'd love to tell you about the role.",
     "recruiter"),
    (None, "I'd love to show you our platform in a quick demo.", "sales"),
    (None, "We met at the meetup in Leeds.", "other"),
    ("Engineer at Salesforce", None, "other"),       # whole words: 'sales' is not 'salesforce'
    ("Engineering Intern at Example", None, "student"),
    ("International Relations", None, "other"),      # 'intern' is a whole word only
]


@pytest.mark.parametrize(("headline", "note", "category"), HEADLINES)
def test_category_from_headline_or_note(headline: str | None, note: str | None,
                                        category: str) -> None:
    assert categorise(headline, note, KEYWORDS).category == category


def test_the_headline_decides_before_the_note() -> None:
    verdict = categorise("Student at York University", "I'd love to show you our product.",
                         KEYWORDS)
    assert verdict == type(verdict)("student", "category student: 'student' in headline")


def test_categories_are_tried_in_order_within_one_text() -> None:
    assert categorise("Founder and recruiter", None, KEYWORDS).category == "recruiter"


@pytest.mark.parametrize(("text", "keyword", "found"), [
    ("Recruiting lead", "recruit*", True),
    ("recruit", "recruit*", True),
    ("Gruender", "gründer*", False),
    ("GRÜNDERIN", "gründer*", True),
    ("etudiante", "étudiant*", True),
    ("we're hiring", "we're hiring", True),
    ("we’re hiring", "we're hiring", True),
    ("salesforce", "sales", False),
])
def test_keywords_match_whole_words_without_case_or_accents(text: str, keyword: str,
                                                            found: bool) -> None:
    assert (find_keyword(text, [keyword]) == keyword) is found


def test_owner_keywords_add_to_or_replace_the_builtin_lists() -> None:
    added = merge_keywords({"sales": ("growth hacker",)})
    assert categorise("Growth Hacker", None, added).category == "sales"
    assert categorise("Account Executive", None, added).category == "sales"
    only = merge_keywords({"founder": ("maker",)}, builtin=False)
    assert categorise("Account Executive", None, only).category == "other"
    assert categorise("Maker of things", None, only).category == "founder"


def test_every_category_has_keywords_in_seven_languages() -> None:
    assert set(BUILTIN_KEYWORDS) == set(CATEGORIES)
    for rows in BUILTIN_KEYWORDS.values():
        assert set(rows) == {"en", "de", "fr", "es", "pt", "it", "nl"}
        assert all(rows.values())


def test_the_one_pattern_for_a_list_agrees_with_each_keyword_alone() -> None:
    """Whether any keyword of the list is in a text: the combined pattern says
    what searching for each keyword alone says, word starts and stems included."""
    keywords = builtin_keywords()
    every = tuple(word for category in CATEGORIES for word in keywords[category])
    words = [fold(word.rstrip("*")) for word in every]
    texts = [f"{prefix}{word}{suffix}" for word in words
             for prefix in ("", "x", "senior ", "-") for suffix in ("", "s", " lead", "x")]
    texts += ["", "nothing to see here", "recruiting", "co-founder & ceo"]
    combined = _any_keyword(every)
    assert combined is not None
    for text in texts:
        alone = any(p.search(text) for p in map(_keyword_pattern, every) if p)
        assert bool(combined.search(text)) == alone, text
