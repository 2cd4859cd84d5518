"""ask's reading of names into constraints: which term a name stands for, and values read as alternatives."""

from __future__ import annotations

from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.relations import Found, choose_term, group_alternatives
from service.knowledge.catalog import Term

ID = "https://w3id.org/stackatlas/id/"
NODE_RUNTIME = Term("runtime", ID + "nodejs", "Node.js", ())
NODE_PLATFORM = Term("platform", ID + "platform/nodejs", "Node.js", ())
TORNADO = Term("framework", ID + "tornado", "Tornado", ())
TORNADO_SERVER = Term("server", ID + "server/tornado", "Tornado", ())
PROTOTYPES = Term("use_case", ID + "prototypes", "Prototypes", ())
MVPS = Term("use_case", ID + "mvps", "MVPs", ())
PYTHON = Term("language", ID + "python", "Python", ())


def test_a_name_is_its_first_term_unless_a_strong_or_benchmark_cue_asks_for_a_set_up() -> None:
    assert choose_term([NODE_RUNTIME, NODE_PLATFORM], {"on"}) == NODE_RUNTIME  # "built on Node.js"
    assert choose_term([NODE_RUNTIME, NODE_PLATFORM], {"benchmarked", "on"}) == NODE_PLATFORM
    assert choose_term([TORNADO, TORNADO_SERVER], {"behind"}) == TORNADO_SERVER
    assert choose_term([TORNADO, TORNADO_SERVER], set()) == TORNADO


def test_values_of_one_kind_joined_by_and_or_become_alternatives() -> None:
    folded = ["framework", "for", "prototype", "and", "mvp"]
    found = [Found(2, 3, [PROTOTYPES], "prototypes"), Found(4, 5, [MVPS], "MVPs")]
    uses = [Constraint("use_case", PROTOTYPES, "prototypes"), Constraint("use_case", MVPS, "MVPs")]
    assert [c.group for c in group_alternatives(uses, found, folded)] == [0, 0]


def test_values_of_different_kinds_or_not_joined_stay_a_conjunction() -> None:
    folded = ["python", "framework", "for", "prototype"]
    found = [Found(0, 1, [PYTHON], "python"), Found(3, 4, [PROTOTYPES], "prototypes")]
    both = [Constraint("language", PYTHON, "python"), Constraint("use_case", PROTOTYPES, "prototypes")]
    assert [c.group for c in group_alternatives(both, found, folded)] == [None, None]
    apart = ["prototype", "framework", "mvp"]
    found = [Found(0, 1, [PROTOTYPES], "prototypes"), Found(2, 3, [MVPS], "MVPs")]
    uses = [Constraint("use_case", PROTOTYPES, "prototypes"), Constraint("use_case", MVPS, "MVPs")]
    assert [c.group for c in group_alternatives(uses, found, apart)] == [None, None]
