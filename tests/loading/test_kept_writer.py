"""The program that finishes a kept store: the dump a server's writer made becomes a store, or nothing does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service.loading import kept, kept_writer

EX = "http://example.org/"
QUAD = ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("o"), ox.NamedNode(EX + "g"))


def test_a_dump_becomes_a_complete_store_in_place(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(QUAD)
    target = tmp_path / "stores" / "v1-abc"
    kept.dump_for(store, target)
    kept.writing_lock(target).write_text("")
    assert kept_writer.main([str(target)]) == 0
    assert (target / kept.COMPLETE).is_file()
    assert list(ox.Store.read_only(str(target / kept.DATABASE))) == [QUAD]
    assert sorted(path.name for path in target.parent.iterdir()) == [target.name]  # no dump, no lock left


def test_without_a_dump_nothing_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "stores" / "v1-abc"
    kept.partial_folder(target).mkdir(parents=True)  # a writer that died before its dump was written
    assert kept_writer.main([str(target)]) == 1
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_a_store_loaded_in_pieces_keeps_every_quad_and_each_blank_node_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_writer, "QUADS_PER_PIECE", 1)  # a piece per named quad; the blank ones together
    store, graph, p = ox.Store(), ox.NamedNode(EX + "g"), ox.NamedNode(EX + "p")
    blank = ox.BlankNode()
    named = [
        ox.Quad(ox.NamedNode(f"{EX}s{n}"), p, ox.Literal(f"_:not a blank node {n}" if n % 2 else f"plain {n}"), graph)
        for n in range(5)
    ]
    store.extend([*named, ox.Quad(blank, p, ox.Literal("one"), graph), ox.Quad(blank, p, ox.Literal("two"), graph)])
    target = tmp_path / "stores" / "v1-abc"
    kept_writer.write_kept(store, target)
    written = ox.Store.read_only(str(target / kept.DATABASE))
    assert len(written) == len(store)
    assert all(quad in written for quad in named)
    subjects = {quad.subject for quad in written if isinstance(quad.subject, ox.BlankNode)}
    assert len(subjects) == 1  # the two quads of one blank node still share it
