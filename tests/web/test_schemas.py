"""The answers' schemas: a shape declared once as a TypedDict gives its component, as precise as the shape."""

from __future__ import annotations

from typing import get_args

from service.knowledge.neighbourhood import GraphView, NodeType
from service.web.schemas import components, declared


def test_a_declared_shape_becomes_its_components_with_what_is_required_and_bounded() -> None:
    made = declared(GraphView=GraphView)
    assert set(made) == {"GraphView", "GraphNode", "GraphEdge"}
    required = {name: made[name]["required"] for name in made}
    assert required == {
        "GraphView": ["focus", "nodes", "edges", "total_neighbours", "truncated"],
        "GraphNode": ["id", "label", "type", "iri"],  # not "types": NotRequired
        "GraphEdge": ["id", "source", "target", "predicate", "label"],
    }
    view = made["GraphView"]["properties"]
    assert view["focus"] == {"type": "string", "nullable": True}  # OpenAPI 3.0's null
    assert view["total_neighbours"] == {"type": "integer", "minimum": 0}
    assert view["nodes"] == {"type": "array", "items": {"$ref": "#/components/schemas/GraphNode"}}
    assert made["GraphNode"]["properties"]["type"]["enum"] == list(get_args(NodeType))


def test_the_document_holds_the_declared_shapes_by_their_endpoints_names() -> None:
    every = components()
    assert every["GraphView"] == declared(GraphView=GraphView)["GraphView"]
    assert every["Overview"]["properties"]["by"] == {"type": "string", "enum": ["language"]}  # 3.0 has no const
    assert every["Overview"]["properties"]["groups"]["items"] == {"$ref": "#/components/schemas/OverviewGroup"}
    group = every["OverviewGroup"]
    assert group["properties"]["size"] == {"type": "integer", "minimum": 1}
    assert group["properties"]["id"] == {"type": "string", "nullable": True}
    assert every["OverviewMember"]["required"] == ["id", "label", "type", "iri", "degree"]


def test_bounds_and_optional_keys_of_the_similar_list_come_from_its_shape() -> None:
    every = components()
    assert every["SimilarMatch"]["properties"]["score"] == {"type": "number", "minimum": 0, "maximum": 1}
    assert every["SimilarList"]["required"] == ["id", "results"]  # "note" only when there are none
    assert every["Clusters"]["required"] == ["clusters", "unclustered"]
    assert every["UnclusteredShape"]["required"] == ["reason", "members"]
