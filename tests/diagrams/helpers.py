"""Schemas and readers shared by the diagram tests."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from designer.schemas.schema import Field, Index, Schema, Table
from designer.schemas.validators import (
    Array,
    Id,
    Literal,
    Member,
    Object,
    Record,
    Scalar,
    Union,
)

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
string = Scalar("string")
number = Scalar("number")
HOSTILE = (
    "<script>alert(1)</script> & \"quoted\" 'single' {braces} ${x} */ "
    "back\\slash \\N \\l\nsecond line 日本語 Ünïcødé"
)


def make_auth_schema() -> Schema:
    """Return a schema with Better Auth tables and app tables that refer to them."""
    user = Table(
        "user",
        fields=[
            Field("name", string),
            Field("email", string, unique=True),
            Field("userId", string, optional=True),
        ],
        indexes=[Index("email_name", ["email", "name"])],
    )
    session = Table(
        "session",
        fields=[Field("token", string, unique=True), Field("userId", string)],
        indexes=[Index("token", ["token"]), Index("userId", ["userId"])],
    )
    account = Table(
        "account",
        fields=[
            Field("accountId", string),
            Field("userId", Union((Scalar("null"), string)), optional=True),
        ],
    )
    two_factor = Table(
        "twoFactor", group="Better Auth", fields=[Field("userId", string)]
    )
    profiles = Table(
        "profiles",
        group="App",
        fields=[
            Field("authUserId", string),
            Field("ownerId", Id("user")),
            Field("friendIds", Array(Id("profiles"))),
            Field(
                "address",
                Object((Member("countryId", Id("countries"), optional=True),)),
            ),
            Field("scores", Record(Id("countries"), number)),
            Field("pinned", Union((Id("countries"), Scalar("null")))),
        ],
    )
    countries = Table(
        "countries",
        group="Reference",
        description="ISO 3166 countries.",
        fields=[
            Field("code", string, unique=True),
            Field("kind", Union((Literal("state"), Literal("territory")))),
        ],
        indexes=[Index("by_code", ["code"])],
    )
    return Schema("Auth app", [user, session, account, two_factor, profiles, countries])


@dataclass(frozen=True)
class Edge:
    tail: str
    tail_port: str
    head: str
    head_port: str
    arrowtail: str
    arrowhead: str
    style: str


def dot_json(source: str) -> dict:
    """Return the graph as the real dot parses it (``dot -Tjson``)."""
    output = subprocess.run(
        ["dot", "-Tjson"], input=source.encode(), capture_output=True, check=True
    )
    return json.loads(output.stdout)


def graph_edges(graph: dict) -> set[Edge]:
    """Return the edges of a ``dot -Tjson`` graph, ends named by their SVG id."""
    ids = {o["_gvid"]: o.get("id", o["name"]) for o in graph["objects"]}
    return {
        Edge(
            tail=ids[e["tail"]],
            tail_port=e.get("tailport", ""),
            head=ids[e["head"]],
            head_port=e.get("headport", ""),
            arrowtail=e.get("arrowtail", ""),
            arrowhead=e.get("arrowhead", ""),
            style=e.get("style", ""),
        )
        for e in graph.get("edges", [])
    }


def cluster_members(graph: dict, cluster: str) -> set[str]:
    objects = graph["objects"]
    found = next(o for o in objects if o["name"] == cluster)
    return {objects[n]["id"] for n in found.get("nodes", [])}


def parse_svg(svg: bytes | str) -> ET.Element:
    if isinstance(svg, str):
        svg = svg.encode()
    return ET.fromstring(svg)


def svg_texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def svg_node(root: ET.Element, element_id: str) -> ET.Element:
    return next(g for g in root.iter(f"{SVG}g") if g.get("id") == element_id)
