"""The reviewed tables an import follows: the crosswalk to graph IRIs, names of new IRIs, value spellings."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from service import vocab
from service.importers.snapshot import ImportFailure

# Spellings every field reads as "no value": the datasets write absence in all of these ways.
ABSENT = frozenset({"", "none", "null", "n/a"})
# A concept column holding this marks a spelling that is known and deliberately read as absent.
READ_AS_ABSENT = "-"
# What a crosswalk row may say of an identifier: nothing (as the source says), that it names
# software that is not a framework, that it is a framework by our curation (the source's own
# evidence being only broken tests, or a Platform classification), that the entry's website,
# repository and version are those of a server it runs the framework on ("served-by": they stay off
# the framework), or that the folder uses the framework from another language than its own
# ("binding": the set-ups keep that language, the framework does not get it). A value from a
# dataset lands on the framework it describes, or nowhere.
KINDS = ("", "software", "framework", "served-by", "binding")
# The kinds a row must explain in its note.
KINDS_NEEDING_A_NOTE = ("framework", "served-by", "binding")
RDF_TYPE = ox.NamedNode(vocab.RDF_TYPE)


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(newline="", encoding="utf-8") as file:
            reader = csv.DictReader(file)
            if tuple(reader.fieldnames or ()) != columns:
                raise ImportFailure(str(path), f"the header must be {','.join(columns)}", 1)
            return [(reader.line_num, {k: (v or "").strip() for k, v in row.items()}) for row in reader]
    except OSError as error:
        raise ImportFailure(str(path), error.strerror or str(error)) from None
    except csv.Error as error:
        raise ImportFailure(str(path), str(error)) from None


@dataclass(frozen=True)
class Mapping:
    """Where one source identifier goes: a graph slug, and what our review says it is, if anything."""

    slug: str
    kind: str  # "" as the source says; "software": not a framework; "framework": one, by our curation
    line: int
    note: str = ""

    @property
    def not_a_framework(self) -> bool:
        """Tell whether the review says the identifier names software that is not a framework."""
        return self.kind == "software"

    @property
    def served_by(self) -> bool:
        """Tell whether the entry's website, repository and version are a server's, not the framework's."""
        return self.kind == "served-by"

    @property
    def binding(self) -> bool:
        """Tell whether the folder uses the framework from a language that is not the framework's."""
        return self.kind == "binding"


@dataclass
class Crosswalk:
    """A source's identifiers (a folder, or folder#test) mapped to graph slugs, as reviewed by people."""

    path: Path
    rows: dict[str, Mapping] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Crosswalk:
        """Read `identifier,iri,kind,note` rows; an identifier twice or a malformed slug stops the import."""
        crosswalk = cls(path)
        for line, row in _rows(path, ("identifier", "iri", "kind", "note")):
            identifier, slug, kind = row["identifier"], row["iri"], row["kind"]
            if identifier in crosswalk.rows:
                raise ImportFailure(str(path), f"{identifier!r} is mapped twice", line)
            if not vocab.is_slug(slug):
                raise ImportFailure(str(path), f"{slug!r} is not a slug (letters, digits, - _ . /)", line)
            if kind not in KINDS:
                raise ImportFailure(str(path), f"kind {kind!r}: use nothing or one of {', '.join(KINDS[1:])}", line)
            if kind in KINDS_NEEDING_A_NOTE and not row["note"]:
                raise ImportFailure(str(path), f"a row of kind {kind!r} says why in its note", line)
            crosswalk.rows[identifier] = Mapping(slug, kind, line, row["note"])
        return crosswalk

    def lookup(self, identifier: str, where: str) -> Mapping:
        """Return the mapping of an identifier; one the table lacks stops the import, naming both."""
        try:
            return self.rows[identifier]
        except KeyError:
            raise ImportFailure(
                where, f"{identifier!r} is not in the crosswalk {self.path}; add a reviewed row"
            ) from None

    def check_covers(self, identifiers: set[str]) -> None:
        """Stop when a row names an identifier the snapshot lacks (a stale or mistyped row)."""
        for identifier, mapping in self.rows.items():
            if identifier not in identifiers:
                raise ImportFailure(str(self.path), f"{identifier!r} is not in the snapshot", mapping.line)


def read_names(path: Path) -> dict[str, str]:
    """Read `iri,label`: the label of every IRI the datasets introduce (the graph's own keep theirs)."""
    names: dict[str, str] = {}
    for line, row in _rows(path, ("iri", "label")):
        if row["iri"] in names:
            raise ImportFailure(str(path), f"{row['iri']!r} is named twice", line)
        if not row["label"]:
            raise ImportFailure(str(path), f"{row['iri']!r} has no label", line)
        names[row["iri"]] = row["label"]
    return names


@dataclass(frozen=True)
class Concept:
    """A normalised value: its slug under the field's scheme and its preferred label."""

    slug: str
    label: str


@dataclass
class Values:
    """Every spelling of every field the datasets use, mapped to one concept (or read as absent)."""

    path: Path
    spellings: dict[tuple[str, str], str | None] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Values:
        """Read `field,spelling,concept,label`; a concept's label is given once, on any of its rows."""
        values = cls(path)
        for line, row in _rows(path, ("field", "spelling", "concept", "label")):
            key = (row["field"], row["spelling"])
            if key in values.spellings:
                raise ImportFailure(str(path), f"{row['field']} {row['spelling']!r} is listed twice", line)
            concept = row["concept"]
            if concept != READ_AS_ABSENT and not vocab.is_slug(concept):
                raise ImportFailure(str(path), f"{concept!r} is not a slug", line)
            values.spellings[key] = None if concept == READ_AS_ABSENT else concept
            if row["label"] and concept != READ_AS_ABSENT:
                known = values.labels.setdefault((row["field"], concept), row["label"])
                if known != row["label"]:
                    raise ImportFailure(str(path), f"{concept!r} is labelled both {known!r} and {row['label']!r}", line)
        return values

    def concept(self, field_name: str, spelling: object, where: str, line: int | None = None) -> Concept | None:
        """Return the concept a spelling means, None for an absent value; an unknown spelling stops the import."""
        if spelling is None or (isinstance(spelling, str) and spelling.strip().lower() in ABSENT):
            return None
        text = str(spelling).strip()
        if (field_name, text) not in self.spellings:
            raise ImportFailure(where, f"{field_name} {text!r} is not in {self.path}; add a reviewed row", line)
        slug = self.spellings[(field_name, text)]
        if slug is None:
            return None
        return Concept(slug, self.labels.get((field_name, slug), ""))


def known_slugs(data: Path, leave_out: tuple[str, ...] = ()) -> frozenset[str]:
    """Return the slug of every typed resource of the graph files in a folder (except those left out)."""
    # A crosswalk may only point at what the graph already has: a mistyped slug would make a new, empty node.
    slugs: set[str] = set()
    for path in sorted(data.glob("*.trig")):
        if path.name in leave_out:
            continue
        try:
            quads = ox.parse(path=str(path), format=ox.RdfFormat.TRIG)
            for quad in quads:
                subject = quad.subject
                typed = quad.predicate == RDF_TYPE and isinstance(subject, ox.NamedNode)
                if typed and subject.value.startswith(vocab.BASE):
                    slugs.add(subject.value.removeprefix(vocab.BASE))
        except (OSError, SyntaxError) as error:
            raise ImportFailure(str(path), f"cannot read the graph file ({error})") from None
    return frozenset(slugs)


@dataclass(frozen=True)
class Target:
    """Where a dataset's name goes in the graph: a slug, or nowhere (and the reviewed reason why)."""

    slug: str
    line: int
    note: str


def read_targets(path: Path, key: str, slugs: frozenset[str]) -> dict[str, Target]:
    """Read `KEY,slug,note` rows; an empty slug needs a note, and a slug must be a resource of the graph."""
    targets: dict[str, Target] = {}
    for line, row in _rows(path, (key, "slug", "note")):
        name, slug = row[key], row["slug"]
        if name in targets:
            raise ImportFailure(str(path), f"{name!r} is listed twice", line)
        if not slug and not row["note"]:
            raise ImportFailure(str(path), f"{name!r} maps to nothing: say why in its note", line)
        if slug and slug not in slugs:
            raise ImportFailure(str(path), f"{slug!r} is not a resource of the graph", line)
        targets[name] = Target(slug, line, row["note"])
    return targets
