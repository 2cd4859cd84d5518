"""service/importers/tables.py: the reviewed tables read strictly; a mistake stops the import at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from service import vocab
from service.importers.snapshot import ImportFailure
from service.importers.tables import Concept, Values, known_slugs, read_names, read_targets

FLASK_TYPED = f"<{vocab.iri_for('flask')}> a <{vocab.ONTOLOGY}Framework> .\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_names_are_read_and_a_name_twice_is_refused_at_its_line(tmp_path: Path) -> None:
    assert read_names(_write(tmp_path, "names.csv", "iri,label\nfoo,Foo\n")) == {"foo": "Foo"}
    with pytest.raises(ImportFailure, match=r"names\.csv:3: 'foo' is named twice"):
        read_names(_write(tmp_path, "names.csv", "iri,label\nfoo,Foo\nfoo,Bar\n"))
    with pytest.raises(ImportFailure, match=r"names\.csv:2: 'foo' has no label"):
        read_names(_write(tmp_path, "names.csv", "iri,label\nfoo,\n"))


def test_a_table_with_another_header_is_refused_at_line_1(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match=r"names\.csv:1: the header must be iri,label"):
        read_names(_write(tmp_path, "names.csv", "label,iri\nFoo,foo\n"))


def test_a_spelling_means_its_concept_an_absent_value_none(tmp_path: Path) -> None:
    values = Values.read(
        _write(tmp_path, "values.csv", "field,spelling,concept,label\nos,Linux,linux,Linux\nos,?,-,\n")
    )
    assert values.concept("os", "Linux", "data.csv") == Concept("linux", "Linux")
    assert values.concept("os", "?", "data.csv") is None
    assert values.concept("os", "n/a", "data.csv") is None
    with pytest.raises(ImportFailure, match=r"data\.csv:7: os 'BSD' is not in .*values\.csv; add a reviewed row"):
        values.concept("os", "BSD", "data.csv", 7)


def test_a_concept_with_two_labels_is_refused(tmp_path: Path) -> None:
    text = "field,spelling,concept,label\nos,Linux,linux,Linux\nos,linux,linux,GNU/Linux\n"
    with pytest.raises(ImportFailure, match=r"values\.csv:3: 'linux' is labelled both 'Linux' and 'GNU/Linux'"):
        Values.read(_write(tmp_path, "values.csv", text))


def test_known_slugs_are_the_typed_resources_of_the_graph_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.trig", FLASK_TYPED)
    _write(tmp_path, "b.trig", f"<{vocab.iri_for('django')}> a <{vocab.ONTOLOGY}Framework> .\n")
    assert known_slugs(tmp_path) == {"flask", "django"}
    assert known_slugs(tmp_path, leave_out=("b.trig",)) == {"flask"}


def test_a_target_must_be_a_resource_of_the_graph_or_say_why_it_is_none(tmp_path: Path) -> None:
    slugs = frozenset({"flask"})
    targets = read_targets(_write(tmp_path, "t.csv", "name,slug,note\nFlask,flask,\nOld,,retired\n"), "name", slugs)
    assert (targets["Flask"].slug, targets["Old"].note) == ("flask", "retired")
    with pytest.raises(ImportFailure, match=r"t\.csv:2: 'djang' is not a resource of the graph"):
        read_targets(_write(tmp_path, "t.csv", "name,slug,note\nDjango,djang,\n"), "name", slugs)
    with pytest.raises(ImportFailure, match=r"t\.csv:2: 'Old' maps to nothing: say why in its note"):
        read_targets(_write(tmp_path, "t.csv", "name,slug,note\nOld,,\n"), "name", slugs)
