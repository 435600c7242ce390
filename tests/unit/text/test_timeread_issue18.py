"""Time expressions issue 18 added: zones by name, days of the month without a
month, weekday+day-part compounds, and the time being replaced."""

from __future__ import annotations

import pytest

from inviteassist.text.timeread import read_times
from inviteassist.text.timewords import AFTERNOON, MORNING, MY_ZONE


@pytest.mark.parametrize(("text", "zone"), [
    ("Wednesday at 10am Pacific time", "America/Los_Angeles"),
    ("Thursday at 2pm Eastern", "America/New_York"),
    ("9am ET", "America/New_York"),
    ("Terça às 11h horário de Brasília", "America/Sao_Paulo"),
    ("Quinta às 13h (hora de Brasília)", "America/Sao_Paulo"),
    ("Jeudi à 14h heure de Paris", "Europe/Paris"),
    ("Giovedì alle 14 ora italiana", "Europe/Rome"),
    ("10am my time on Wednesday", MY_ZONE),
])
def test_a_zone_named_after_the_time_is_read(text: str, zone: str) -> None:
    (when,) = read_times(text)
    assert when.zone == zone


def test_zone_abbreviations_with_an_offset() -> None:
    (when,) = read_times("Sexta às 10h BRT")
    assert when.offset == -180


def test_lower_case_et_is_the_french_and() -> None:
    assert [w.zone for w in read_times("mardi à 10h et 11h")] == [None, None]


@pytest.mark.parametrize(("text", "day"), [
    ("the 9th works", 9), ("Am 9. passt es", 9), ("Le 16 à 10h", 16), ("El día 9", 9),
    ("dia 10 fica ótimo", 10), ("Il 9 va bene", 9), ("De 9e is prima", 9),
    ("Mercoledì 9 alle 15", 9), ("Donnerstag, der 17., um 10 Uhr", 17),
    ("Tuesday the 15th at 10am", 15),
])
def test_a_day_of_the_month_without_its_month(text: str, day: int) -> None:
    (when,) = read_times(text)
    assert when.monthday == day and when.has_day


@pytest.mark.parametrize(("text", "weekday", "daypart"), [
    ("Dienstagvormittag passt", 1, MORNING), ("Mittwochnachmittag wäre ideal", 2, AFTERNOON),
    ("dinsdagochtend", 1, MORNING), ("woensdagmiddag", 2, AFTERNOON),
])
def test_weekday_and_part_of_the_day_in_one_word(text: str, weekday: int,
                                                 daypart: tuple[int, int]) -> None:
    (when,) = read_times(text)
    assert (when.weekday, when.daypart) == (weekday, daypart)


@pytest.mark.parametrize(("text", "hour"), [
    ("Could we do Tuesday at 11 instead of 10?", 11),
    ("Dienstag statt um 10 um 11 Uhr", 11),
    ("mardi à 11h au lieu de 10h", 11),
    ("el martes a las 11 en vez de a las 10", 11),
    ("dinsdag om 11 uur in plaats van 10 uur", 11),
])
def test_the_time_being_replaced_is_not_read(text: str, hour: int) -> None:
    (when,) = read_times(text)
    assert when.hour == hour and when.weekday == 1


def test_an_abbreviation_ends_no_sentence() -> None:
    (when,) = read_times("Dienstagnachmittag ginge auch, z.B. 14 Uhr?")
    assert (when.weekday, when.hour) == (1, 14)


@pytest.mark.parametrize(("text", "bound", "hours", "until"), [
    ("Any time after 2pm on Wednesday", "after", (14,), ()),
    ("ab 14 Uhr am Mittwoch", "after", (14,), ()),
    ("à partir de 14h mercredi", "after", (14,), ()),
    ("before 11am on Friday", "before", (11,), ()),
    ("Friday before noon", "before", (12,), ()),
    ("Wednesday 2-4pm", "range", (14,), (16,)),
    ("Mittwoch von 14 bis 16 Uhr", "range", (14,), (16,)),
    ("Mittwoch zwischen 14 und 16 Uhr", "range", (14,), (16,)),
    ("tussen 14 en 16 uur op woensdag", "range", (14,), (16,)),
])
def test_limits_and_ranges_are_not_points(text: str, bound: str, hours: tuple[int, ...],
                                          until: tuple[int, ...]) -> None:
    (when,) = read_times(text)
    assert (when.bound, when.candidate_hours(), when.until_hours()) == (bound, hours, until)


def test_german_am_after_uhr_is_no_meridiem() -> None:
    (when,) = read_times("3 Uhr am Dienstag")
    assert (when.weekday, when.candidate_hours()) == (1, (3, 15))


def test_your_time_is_the_owners_zone() -> None:
    (when,) = read_times("Thursday 2pm your time")
    assert when.zone == "owner"


def test_a_long_line_wrapped_inside_an_expression_is_one_expression() -> None:
    text = ("Thanks for reaching out, unfortunately none of those suit me. How about "
            "Tuesday the 15th at\n10am instead?")
    (when,) = read_times(text)
    assert (when.weekday, when.monthday, when.hour) == (1, 15, 10)
    assert when.text == "Tuesday the 15th at 10am"


def test_short_lines_stay_apart() -> None:
    assert len(read_times("A) Tue 8 Dec, 10:00\nB) Wed 9 Dec, 15:00")) == 2
    assert len(read_times("See you Tuesday at\n10am")) == 2
