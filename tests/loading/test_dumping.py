"""A loaded store dumped by short-lived processes, a part of its graphs each: every quad, once, as the engine does."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from service.loading import dumping

EX = "http://example.org/"
QUAD = ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("o"), ox.NamedNode(EX + "g"))


def test_a_dump_in_parts_holds_what_the_engine_dumps_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A part per graph (the budget is one quad): every graph, the default one and one named by a blank node too.
    monkeypatch.setattr(dumping, "QUADS_PER_PART", 1)
    store, p, blank = ox.Store(), ox.NamedNode(EX + "p"), ox.BlankNode()
    store.extend(
        [
            QUAD,
            ox.Quad(ox.NamedNode(EX + "s"), p, ox.Literal("in the default graph"), ox.DefaultGraph()),
            ox.Quad(blank, p, ox.Literal('a line\nand " .\n another', language="en"), ox.NamedNode(EX + "h")),
            ox.Quad(ox.NamedNode(EX + "s"), p, blank, ox.BlankNode()),
            *(ox.Quad(ox.NamedNode(f"{EX}s{n}"), p, ox.Literal(n), ox.NamedNode(EX + "g")) for n in range(3)),
        ]
    )
    forked: list[int] = []
    fork = os.fork

    def counted_fork() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)
    dump = tmp_path / "all.nq"
    dumped = dumping.dump_in_parts(store, dump)
    assert (dumped.quads, dumped.parts) == (7, 4)  # 4 parts: the default graph and the 3 named ones
    assert dumped.largest_part_mb > 0
    assert len(forked) == 4  # each part read by a process of its own
    assert sorted(dump.read_bytes().splitlines()) == sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())


def test_a_part_that_fails_fails_the_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise OSError("the disk is full")

    monkeypatch.setattr(ox, "serialize", broken)  # the part's process inherits it
    store = ox.Store()
    store.add(QUAD)
    with pytest.raises(RuntimeError, match="dumping the graphs"):
        dumping.dump_in_parts(store, tmp_path / "all.nq")
