"""Release cycles (endoflife.date): their dates, and whether each is supported as of a date; whether a project is
actively maintained as of a date, and the evidence.

"Supported" is never stored: it is computed here, as of a date the caller gives (the request's date by default),
and every answer says which date it used. A cycle is supported on D when it was released by D and its security
support runs past D (or no end is announced); when the file gives no end of security support at all, it is
unknown. Active support is read the same way from the end of active support.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from service import vocab
from service.knowledge.answers import Resource
from service.knowledge.catalog import ref
from service.knowledge.record_answers import Evidence, Maintained, ReleaseCycle, ReleaseCycles
from service.query.engine import Source, is_true, records

Date = dt.date
# "Actively maintained": a release in the 12 months before D, or commits in the 12 months before a repository
# snapshot taken at most 90 days before D.
RELEASE_WINDOW_DAYS = 365
SNAPSHOT_FRESH_DAYS = 90

CYCLES_QUERY = (
    vocab.sparql_prefixes(("sa", "rdfs", "dct", "schema"))
    + """
SELECT ?cycle ?of ?ofLabel ?g ?file ?fileLabel ?dataset ?datasetLabel ?commit ?repository ?url
       ?label ?name ?release ?activeUntil ?activeEnded ?securityUntil ?securityEnded ?extendedUntil ?extendedEnded
       ?lts ?ltsFrom ?latest ?latestDate ?runtimeVersions ?runtime ?runtimeLabel WHERE {
  GRAPH ?g { ?cycle sa:cycleOf ?of }
  OPTIONAL { ?of rdfs:label ?ofLabel }
  OPTIONAL { ?g dct:identifier ?file } OPTIONAL { ?g rdfs:label ?fileLabel } OPTIONAL { ?g schema:url ?url }
  OPTIONAL { ?g dct:isPartOf ?dataset . OPTIONAL { ?dataset rdfs:label ?datasetLabel }
             OPTIONAL { ?dataset sa:commit ?commit } OPTIONAL { ?dataset schema:codeRepository ?repository } }
  OPTIONAL { ?cycle rdfs:label ?label } OPTIONAL { ?cycle sa:cycleName ?name }
  OPTIONAL { ?cycle sa:releaseDate ?release }
  OPTIONAL { ?cycle sa:activeSupportUntil ?activeUntil } OPTIONAL { ?cycle sa:activeSupportEnded ?activeEnded }
  OPTIONAL { ?cycle sa:securitySupportUntil ?securityUntil } OPTIONAL { ?cycle sa:securitySupportEnded ?securityEnded }
  OPTIONAL { ?cycle sa:extendedSupportUntil ?extendedUntil }
  OPTIONAL { ?cycle sa:extendedSupportEnded ?extendedEnded }
  OPTIONAL { ?cycle sa:lts ?lts } OPTIONAL { ?cycle sa:ltsFrom ?ltsFrom }
  OPTIONAL { ?cycle sa:latestVersion ?latest } OPTIONAL { ?cycle sa:latestReleaseDate ?latestDate }
  OPTIONAL { ?cycle sa:supportedRuntimeVersions ?runtimeVersions }
  OPTIONAL { ?cycle sa:supportedRuntime ?runtime OPTIONAL { ?runtime rdfs:label ?runtimeLabel } }
}"""
)
# A framework's runtimes (what it runs on), whose cycles its record shows as the runtime's.
RUNS_ON_QUERY = vocab.sparql_prefixes(("sa",)) + (
    "SELECT DISTINCT ?framework ?runtime WHERE { ?framework sa:runsOn ?runtime }"
)
ACTIVITY_QUERY = (
    vocab.sparql_prefixes(("sa", "rdfs", "schema"))
    + """
SELECT ?activity ?of ?g ?gLabel ?repository ?commit ?asOf ?tag ?tagDate ?commits ?authors WHERE {
  GRAPH ?g { ?activity sa:activityOf ?of }
  OPTIONAL { ?g rdfs:label ?gLabel }
  OPTIONAL { ?activity schema:codeRepository ?repository } OPTIONAL { ?activity sa:commit ?commit }
  OPTIONAL { ?activity sa:asOf ?asOf } OPTIONAL { ?activity sa:latestTag ?tag }
  OPTIONAL { ?activity sa:latestTagDate ?tagDate } OPTIONAL { ?activity sa:commitsLast12Months ?commits }
  OPTIONAL { ?activity sa:authorsLast12Months ?authors }
}"""
)


def parse_date(text: str | None) -> Date | None:
    """Read an xsd:date ("2026-04-30"); None for nothing or anything else."""
    if not text:
        return None
    try:
        return Date.fromisoformat(text[:10])
    except ValueError:
        return None


def _flag(text: str | None) -> bool | None:
    return None if text is None else is_true(text)


def _version_key(name: str) -> tuple[Any, ...]:
    # "5.2" after "4.2", "10" after "9": numeric parts compare as numbers.
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in name.replace("-", ".").split("."))


@dataclass(frozen=True)
class Cycle:
    """One release cycle of a framework, language or runtime, as its endoflife.date file states it."""

    iri: str
    of: str
    of_label: str
    name: str
    label: str
    source: dict[str, Any]
    release: Date | None = None
    active_until: Date | None = None
    active_ended: bool | None = None
    security_until: Date | None = None
    security_ended: bool | None = None
    extended_until: Date | None = None
    extended_ended: bool | None = None
    lts: bool = False
    lts_from: Date | None = None
    latest: str | None = None
    latest_date: Date | None = None
    runtime_versions: str | None = None
    runtime: Resource | None = None

    def released(self, day: Date) -> bool:
        """Tell whether the cycle was out on `day` (a cycle with no release date is taken as out)."""
        return self.release is None or self.release <= day

    def supported(self, day: Date) -> bool | None:
        """Whether the cycle gets security fixes on `day`: True, False, or None when its file gives no end."""
        if not self.released(day):
            return False
        return _until(day, self.security_until, self.security_ended)

    def active_support(self, day: Date) -> bool | None:
        """Whether the cycle gets bug fixes (active support) on `day`: True, False, or None when unknown."""
        if self.supported(day) is False:
            return False
        return _until(day, self.active_until, self.active_ended)

    def lts_on(self, day: Date) -> bool:
        """Tell whether the cycle is a long-term support release (from its LTS date, when the file gives one)."""
        return self.lts and (self.lts_from is None or self.lts_from <= day)

    def end_of_life(self) -> str:
        """Say when security support ends: the date, 'ended' (date unknown), 'not announced' or 'unknown'."""
        if self.security_until is not None:
            return self.security_until.isoformat()
        if self.security_ended is not None:
            return "ended" if self.security_ended else "not announced"
        return "unknown"

    def as_json(self, day: Date) -> ReleaseCycle:
        """Describe the cycle for the API: its dates, flags, latest version, and whether supported on `day`."""
        iso = _iso
        return {
            "id": vocab.slug_or_iri(self.iri),
            "label": self.label,
            "iri": self.iri,
            "of": {"id": vocab.slug_or_iri(self.of), "label": self.of_label, "iri": self.of},
            "cycle": self.name,
            "release_date": iso(self.release),
            "active_support_until": iso(self.active_until) or _said(self.active_ended),
            "security_support_until": iso(self.security_until) or _said(self.security_ended),
            "extended_support_until": iso(self.extended_until) or _said(self.extended_ended),
            "end_of_life": self.end_of_life(),
            "lts": self.lts_on(day),
            "latest_version": self.latest,
            "latest_release_date": iso(self.latest_date),
            "supported_runtime_versions": self.runtime_versions,
            "supported_runtime": self.runtime,
            "supported": self.supported(day),
            "active_support": self.active_support(day),
            "source": self.source,
        }


def _until(day: Date, until: Date | None, ended: bool | None) -> bool | None:
    """Read one end of support: a date after `day`, or 'not ended' → True; a past date or 'ended' → False."""
    if until is not None:
        return until > day
    if ended is not None:
        return not ended
    return None


def _iso(day: Date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _said(flag: bool | None) -> str | None:
    # What a file says without a date: true (ended, date unknown) or false (no end announced).
    return None if flag is None else ("ended" if flag else "not announced")


@dataclass(frozen=True)
class Activity:
    """What a repository snapshot shows of a project's work: its latest tag, and its commits in a year."""

    of: str
    repository: str | None
    commit: str | None
    as_of: Date | None
    tag: str | None
    tag_date: Date | None
    commits: int | None
    authors: int | None
    source: dict[str, Any]


@dataclass
class Lifecycles:
    """Every release cycle and repository activity of a dataset, read once; supported and maintained as of a date."""

    cycles: dict[str, list[Cycle]] = field(default_factory=dict)  # by what they are cycles of (IRI)
    runs_on: dict[str, list[str]] = field(default_factory=dict)
    activity: dict[str, Activity] = field(default_factory=dict)

    @classmethod
    def read(cls, store: Source) -> Lifecycles:
        """Read the cycles, runtimes and activity of a store."""
        found = cls()
        by_of: dict[str, list[Cycle]] = defaultdict(list)
        for row in records(store, CYCLES_QUERY):
            by_of[row["of"]].append(_cycle(row))
        found.cycles = {
            of: sorted(cycles, key=lambda c: _version_key(c.name), reverse=True) for of, cycles in by_of.items()
        }
        runs: dict[str, list[str]] = defaultdict(list)
        for row in records(store, RUNS_ON_QUERY):
            runs[row["framework"]].append(row["runtime"])
        found.runs_on = {key: sorted(value) for key, value in runs.items()}
        found.activity = {row["of"]: _activity(row) for row in records(store, ACTIVITY_QUERY)}
        return found

    def of(self, iri: str) -> list[Cycle]:
        """Return the cycles of a framework, language or runtime, newest first."""
        return self.cycles.get(iri, [])

    def runtime_cycles(self, iri: str) -> list[tuple[str, list[Cycle]]]:
        """Return, for each runtime the framework runs on that has cycles (ASP.NET Core on .NET), those cycles."""
        return [(runtime, self.cycles[runtime]) for runtime in self.runs_on.get(iri, []) if runtime in self.cycles]

    def find(self, iri: str, name: str) -> Cycle | None:
        """Return the framework's cycle called `name` ("4.2"; "4.2.1" finds 4.2), or None."""
        for cycle in self.of(iri):
            if cycle.name == name or name.startswith(cycle.name + "."):
                return cycle
        return None

    def covered(self) -> list[str]:
        """Return the IRIs of everything that has release cycles."""
        return sorted(self.cycles)

    def record(self, iri: str, day: Date) -> ReleaseCycles:
        """Describe a framework's cycles (and its runtime's, labelled as the runtime's) as of `day`, for the API."""
        own = self.of(iri)
        return {
            "as_of": day.isoformat(),
            "cycles": [cycle.as_json(day) for cycle in own],
            "supported": [cycle.name for cycle in own if cycle.supported(day)],
            "runtime": [
                {
                    "runtime": {"id": vocab.slug_or_iri(runtime), "label": cycles[0].of_label, "iri": runtime},
                    "cycles": [cycle.as_json(day) for cycle in cycles],
                }
                for runtime, cycles in self.runtime_cycles(iri)
            ],
            "rule": SUPPORTED_RULE,
        }

    def has_supported(self, iri: str, day: Date) -> bool:
        """Tell whether any of the framework's own cycles is supported on `day`."""
        return any(cycle.supported(day) for cycle in self.of(iri))

    def has_lts(self, iri: str, day: Date) -> bool:
        """Tell whether the framework has a long-term support cycle (released by `day`)."""
        return any(cycle.lts_on(day) and cycle.released(day) for cycle in self.of(iri))

    def maintained(self, iri: str, day: Date) -> Maintained:
        """Say whether the project is actively maintained as of `day`, naming the evidence and its date.

        Yes: a release (a cycle's latest release, or the repository's latest tag) in the 12 months before `day`,
        or commits in the 12 months before a repository snapshot taken at most 90 days before `day`. No: the
        evidence there is says neither. Unknown: no evidence at all (never "no").
        """
        evidence: list[Evidence] = []
        since = day - dt.timedelta(days=RELEASE_WINDOW_DAYS)
        releases = [c for c in self.of(iri) if c.latest_date is not None and c.latest_date <= day]
        if releases:
            newest = max(releases, key=lambda c: c.latest_date or Date.min)
            assert newest.latest_date is not None
            evidence.append(
                {
                    "kind": "release",
                    "date": newest.latest_date.isoformat(),
                    "recent": newest.latest_date > since,
                    "text": f"{newest.of_label} {newest.latest or newest.name} was released on {newest.latest_date}",
                    "source": newest.source,
                }
            )
        activity = self.activity.get(iri)
        if activity is not None and activity.tag_date is not None and activity.tag_date <= day:
            evidence.append(
                {
                    "kind": "tag",
                    "date": activity.tag_date.isoformat(),
                    "recent": activity.tag_date > since,
                    "text": f"the repository's latest tag {activity.tag} is of {activity.tag_date}",
                    "source": activity.source,
                }
            )
        if activity is not None and activity.as_of is not None and activity.commits is not None:
            fresh = activity.as_of <= day and (day - activity.as_of).days <= SNAPSHOT_FRESH_DAYS
            evidence.append(
                {
                    "kind": "commits",
                    "date": activity.as_of.isoformat(),
                    "recent": fresh and activity.commits > 0,
                    "text": f"{activity.commits} commits by {activity.authors} authors in the 12 months before "
                    f"{activity.as_of}"
                    + ("" if fresh else f", a snapshot more than {SNAPSHOT_FRESH_DAYS} days before {day}"),
                    "source": activity.source,
                }
            )
        status = None if not evidence else any(item["recent"] for item in evidence)
        return {
            "as_of": day.isoformat(),
            "maintained": status,
            "status": STATUS[status],
            "evidence": evidence,
            "rule": MAINTAINED_RULE,
        }


STATUS: dict[bool | None, Literal["yes", "no", "unknown"]] = {None: "unknown", True: "yes", False: "no"}
SUPPORTED_RULE = (
    "A cycle is supported on a date when it was released by then and its security support ends after it (or no end "
    "is announced); with no end of security support given at all, it is unknown."
)
MAINTAINED_RULE = (
    f"Actively maintained: a release in the {RELEASE_WINDOW_DAYS} days before the date (a cycle's latest release or "
    f"the repository's latest tag), or commits in the 12 months before a repository snapshot taken at most "
    f"{SNAPSHOT_FRESH_DAYS} days before the date. No evidence at all: unknown."
)


def _source(row: dict[str, str], graph: str, label_key: str) -> dict[str, Any]:
    """Describe the file a claim comes from: the file, its dataset and commit, and an address to open it at."""
    repository, commit, path = row.get("repository"), row.get("commit"), row.get("file")
    url = row.get("url")
    if url is None and repository and commit and path and repository.startswith("https://github.com/"):
        url = f"{repository.rstrip('/')}/blob/{commit}/{path}"  # a repository file at the pinned commit
    return {
        "id": vocab.slug_or_iri(graph),
        "label": row.get(label_key) or vocab.compact(graph),
        "dataset": row.get("datasetLabel"),
        "file": path,
        "repository": repository,
        "commit": commit,
        "url": url,
    }


def _cycle(row: dict[str, str]) -> Cycle:
    name = row.get("name") or row["cycle"].rsplit("/", 1)[-1]
    runtime = row.get("runtime")
    return Cycle(
        iri=row["cycle"],
        of=row["of"],
        of_label=row.get("ofLabel") or vocab.compact(row["of"]),
        name=name,
        label=row.get("label") or f"{row.get('ofLabel', '')} {name}".strip(),
        source=_source(row, row["g"], "fileLabel"),
        release=parse_date(row.get("release")),
        active_until=parse_date(row.get("activeUntil")),
        active_ended=_flag(row.get("activeEnded")),
        security_until=parse_date(row.get("securityUntil")),
        security_ended=_flag(row.get("securityEnded")),
        extended_until=parse_date(row.get("extendedUntil")),
        extended_ended=_flag(row.get("extendedEnded")),
        lts=is_true(row.get("lts")),
        lts_from=parse_date(row.get("ltsFrom")),
        latest=row.get("latest"),
        latest_date=parse_date(row.get("latestDate")),
        runtime_versions=row.get("runtimeVersions"),
        runtime=ref(runtime, row.get("runtimeLabel")) if runtime else None,
    )


def _activity(row: dict[str, str]) -> Activity:
    repository, commit = row.get("repository"), row.get("commit")
    url = f"{repository.rstrip('/')}/tree/{commit}" if repository and commit and "github.com" in repository else None
    source = {
        "id": vocab.slug_or_iri(row["g"]),
        "label": row.get("gLabel") or vocab.compact(row["g"]),
        "repository": repository,
        "commit": commit,
        "url": url,
    }
    return Activity(
        of=row["of"],
        repository=repository,
        commit=commit,
        as_of=parse_date(row.get("asOf")),
        tag=row.get("tag"),
        tag_date=parse_date(row.get("tagDate")),
        commits=int(row["commits"]) if "commits" in row else None,
        authors=int(row["authors"]) if "authors" in row else None,
        source=source,
    )
