"""A notification's location line -> one place, or a reason why not.

LinkedIn and XING write the requester's location under their headline in the
reader's language: "Seattle, Washington, United States", "Hamburg,
Deutschland", "Greater Seattle Area", "Région de Paris", "São Paulo e
Região", "Charlotte, North Carolina Area", or a country alone. This module
strips those area words (per language), reads the parts from the end
(country, then US state, then city) and asks `places` for the zone. A line
naming two places ("Berlin / Seattle") gives a zone only when both keep the
same time. Precise before clever: an unknown or ambiguous line resolves to
nothing, with the reason, and the caller falls back to the owner's zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inviteassist.schedule.places import Place, PlaceIndex, normalise
from inviteassist.schedule.timefmt import same_time

MAX_LOCATION_CHARS = 120

# Area words around a place name, on normalised text (lower case, no accents).
_PREFIXES = re.compile(
    r"^(?:greater|grande|grand|gran|grossraum|metropolregion|region|regiao|regione|regio"
    r"|area|zona|provincia|province|comunidad|ville|city|stadt|landkreis|kreis|metro"
    r"|agglomeration|agglomerazione|aire urbaine|citta metropolitana|metropolitan"
    r"|metropolitana|metropolitano|metropolitaine|urbaine|de|di|do|da|des|du|del|of|von"
    r"|della|dos|das|la|le|les|el|the)\s+")
_SUFFIXES = re.compile(
    r"\s+(?:area|metropolitan|metropolitana|metropolitano|metro|bay|region|regio|county"
    r"|province|state|city area|urban|e regiao|e regione|y alrededores|e dintorni"
    r"|et peripherie|und umgebung|en omgeving|e arredores|e regiao metropolitana"
    r"|capital region|greater area|und region|et environs|y area metropolitana|e area"
    r"|metropolregion|metropolitan region)$")
_SEPARATORS = re.compile(r"\s*(?:/|\||;|·|•|&|\+)\s*")
_CONJUNCTIONS = re.compile(r"\s+(?:and|und|et|y|e|en|or|oder|ou|o|of)\s+")


@dataclass(frozen=True)
class Resolved:
    """What a location line says: the place (None when unknown) and why."""

    place: Place | None
    reason: str


def area_variants(part: str) -> tuple[str, ...]:
    """The normalised part, then shorter and shorter without area words:
    'Région de Paris' -> ('region de paris', 'de paris', 'paris'). The whole
    name comes first, so 'El Paso' or 'La Paz' are found before 'paso'."""
    variants = [normalise(part)]
    if _is_area_word(variants[0]):
        return ()  # "Area", "Metro", "Greater Area": no place at all
    while True:
        shorter = _SUFFIXES.sub("", _PREFIXES.sub("", variants[-1])).strip()
        if shorter == variants[-1] or not shorter:
            return tuple(variants)
        variants.append(shorter)


def strip_area_words(part: str) -> str:
    """'greater seattle area' -> 'seattle'; 'sao paulo e regiao' -> 'sao paulo'."""
    variants = area_variants(part)
    return variants[-1] if variants else ""


def _is_area_word(text: str) -> bool:
    """True when `text` is made of area words alone ('area', 'greater area')."""
    rest = _SUFFIXES.sub("", f" {text}").strip()
    while rest and (shorter := _PREFIXES.sub("", f"{rest} ").strip()) != rest:
        rest = shorter
    return not rest


def resolve_location(line: str | None, index: PlaceIndex) -> Resolved:
    """The place a location line names, or None with the reason."""
    if not line or not line.strip():
        return Resolved(None, "no location given")
    line = " ".join(line.split())[:MAX_LOCATION_CHARS]
    whole = _resolve_one(line, index)
    if whole is not None:
        return Resolved(whole, f"location {line!r}")
    pieces = _pieces(line, index)
    found = [place for place in (_resolve_one(p, index) for p in pieces) if place]
    if len(pieces) > 1 and found:
        first = found[0]
        if all(same_time(place.zone, first.zone) for place in found):
            return Resolved(first, f"location {line!r}")
        names = ", ".join(f"{p.name} ({p.zone})" for p in found)
        return Resolved(None, f"location {line!r} names places in different time zones: "
                              f"{names}")
    return Resolved(None, _unknown_reason(line, index))


def _pieces(line: str, index: PlaceIndex) -> list[str]:
    """The places of a line that names several ("Berlin / Seattle", "Paris or
    London"); a country whose name holds "and" stays whole."""
    pieces: list[str] = []
    for segment in filter(None, _SEPARATORS.split(line)):
        if index.country(segment) or _resolve_one(segment, index):
            pieces.append(segment)
        else:
            pieces.extend(filter(None, _CONJUNCTIONS.split(segment)))
    return pieces


def resolve_place(text: str, index: PlaceIndex) -> Place | None:
    """The one place `text` names as a whole ('Rio de Janeiro', 'Toulouse,
    France'), without looking for several; None when unknown or ambiguous."""
    return _resolve_one(" ".join(text.split())[:MAX_LOCATION_CHARS], index)


def _resolve_one(text: str, index: PlaceIndex) -> Place | None:
    """One place written as 'city, region, country' (any of them may be missing)."""
    parts = [(raw.strip(), area_variants(raw)) for raw in text.split(",") if normalise(raw)]
    if not parts:
        return None
    country = _country(parts[-1], index)
    if country is not None:
        parts = parts[:-1]
    state = _state(parts, country, index)
    if state is not None and len(parts) == 1:
        return index.state_place(state)  # "Washington, United States": the state
    for _, variants in parts:
        for variant in variants:
            place = index.city(variant, country, state)
            if place is not None:
                return place
    if state is not None:
        return index.state_place(state)
    return index.country_place(country) if country is not None else None


def _country(part: tuple[str, tuple[str, ...]], index: PlaceIndex) -> str | None:
    raw, variants = part
    return index.country(raw) or next(filter(None, map(index.country, variants)), None)


def _state(parts: list[tuple[str, tuple[str, ...]]], country: str | None,
           index: PlaceIndex) -> str | None:
    """A US state named by one of the parts after the first (or the only one)."""
    if country not in (None, "US"):
        return None
    for raw, variants in parts[1:] or parts[:1]:
        state = index.us_state(raw) or next(filter(None, map(index.us_state, variants)), None)
        if state is not None:
            return state
    return None


def _unknown_reason(line: str, index: PlaceIndex) -> str:
    parts = [strip_area_words(p) for p in line.split(",") if normalise(p)]
    country = index.country(parts[-1]) if parts else None
    if country is not None and index.country_place(country) is None:
        return (f"location {line!r}: {parts[-1]} spans several time zones and no city "
                "or region in the line tells which")
    if any(index.ambiguous_city(part) for part in parts):
        return f"location {line!r}: the place name is shared by places in different zones"
    return f"location {line!r} is not a place the dataset knows"
