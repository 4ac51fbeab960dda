"""Small hand-written builders of schemas for tests."""

from __future__ import annotations

from designer.schemas.schema import (
    Field,
    Index,
    Schema,
    SearchIndex,
    Table,
    VectorIndex,
)
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

string = Scalar("string")
number = Scalar("number")


def make_blog_schema() -> Schema:
    """Return a small valid schema touching every validator kind."""
    users = Table(
        "users",
        fields=[
            Field("name", string),
            Field("email", string, unique=True),
            Field("role", Union((Literal("admin"), Literal("member")))),
            Field("createdAt", number),
            Field("updatedAt", number),
        ],
        indexes=[Index("by_email", ["email"])],
    )
    posts = Table(
        "posts",
        description="Articles written by users.",
        fields=[
            Field("authorId", Id("users")),
            Field("title", string),
            Field("body", string),
            Field("views", Scalar("int64")),
            Field("published", Scalar("boolean")),
            Field("cover", Scalar("bytes"), optional=True),
            Field("meta", Scalar("any"), optional=True),
            Field("deletedAt", Union((number, Scalar("null"))), optional=True),
            Field("tags", Array(string)),
            Field(
                "seo",
                Object(
                    (
                        Member("slug", string),
                        Member("keywords", Array(string), optional=True),
                    )
                ),
            ),
            Field("ratings", Record(string, Scalar("float64"))),
            Field(
                "priority",
                Union(
                    (
                        Literal(1.5, "number"),
                        Literal(10, "bigint"),
                        Literal(True, "boolean"),
                    )
                ),
            ),
            Field("embedding", Array(Scalar("float64")), optional=True),
            Field("createdAt", number),
            Field("updatedAt", number),
        ],
        indexes=[Index("by_authorId_and_published", ["authorId", "published"])],
        search_indexes=[SearchIndex("search_body", "body", ["authorId"])],
        vector_indexes=[VectorIndex("by_embedding", "embedding", 1536, ["authorId"])],
    )
    return Schema("Blog", [users, posts])
