"""The demo project: a team knowledge base on Convex with Better Auth.

It uses every feature the designer shows. It has groups, ``v.id``
references (also inside arrays, objects, records and unions), a union table,
and compound, search, vector and staged indexes. It has descriptions, unique
fields, and a few deliberate mistakes for the rules to find, which
``DEMO_DESCRIPTION`` lists.
"""

from __future__ import annotations

from designer.schemas.schema import (
    Field,
    Index,
    Schema,
    SearchIndex,
    Table,
    VectorIndex,
)
from designer.schemas.starters import better_auth_tables
from designer.schemas.validators import (
    Array,
    Id,
    Literal,
    Member,
    Object,
    Record,
    Scalar,
    Union,
    Validator,
)

DEMO_SLUG = "demo"
DEMO_NAME = "Team knowledge base"
DEMO_DESCRIPTION = (
    "Workspaces of documents that members write, comment on and search, with "
    "Better Auth sign-in. Deliberate mistakes for the rules to find: the table "
    "`invitation` has a singular name; `invitation.email` is marked unique but "
    "no index starts with it; `favorites.documentId` stores a document id as "
    'v.string() where v.id("documents") would check it.'
)

string = Scalar("string")
number = Scalar("number")
boolean = Scalar("boolean")


def _one_of(*values: str) -> Union:
    return Union(tuple(Literal(value) for value in values))


def _timestamps() -> list[Field]:
    return [Field("createdAt", number), Field("updatedAt", number)]


def _user_ref(name: str = "userId") -> Field:
    return Field(name, Id("user"), description="The Better Auth user.")


def demo_schema() -> Schema:
    """Return a new copy of the demo schema."""
    app_tables = [
        _workspaces(),
        _members(),
        _documents(),
        _revisions(),
        _comments(),
        _activity_events(),
        _invitation(),
        _favorites(),
        _webhooks(),
    ]
    return Schema(
        DEMO_NAME,
        better_auth_tables() + app_tables,
        description=DEMO_DESCRIPTION,
        slug=DEMO_SLUG,
    )


def _workspaces() -> Table:
    settings = Object(
        (
            Member("defaultVisibility", _one_of("private", "workspace", "public")),
            Member("allowGuests", boolean),
            Member(
                "pinned",
                Record(Id("documents"), number),
                optional=True,
                description="Pinned documents and their order on the home page.",
            ),
        )
    )
    return Table(
        "workspaces",
        group="Workspaces",
        description="A team's space; everything else belongs to one.",
        fields=[
            Field("name", string),
            Field("slug", string, unique=True, description="Used in URLs."),
            _user_ref("ownerId"),
            Field("plan", _one_of("free", "team", "enterprise")),
            Field("settings", settings),
            *_timestamps(),
        ],
        indexes=[Index("by_slug", ["slug"]), Index("by_ownerId", ["ownerId"])],
    )


def _members() -> Table:
    return Table(
        "members",
        group="Workspaces",
        description="Who belongs to a workspace, and with which role.",
        fields=[
            Field("workspaceId", Id("workspaces")),
            _user_ref(),
            Field("role", _one_of("owner", "editor", "viewer")),
            *_timestamps(),
        ],
        indexes=[
            Index("by_workspaceId_and_userId", ["workspaceId", "userId"]),
            Index("by_userId", ["userId"]),
        ],
    )


def _documents() -> Table:
    attachment = Object(
        (
            Member("fileId", Id("_storage")),
            Member("name", string),
            Member("size", number, description="Bytes."),
        )
    )
    return Table(
        "documents",
        group="Content",
        description="Pages of the knowledge base, nested under a parent page.",
        fields=[
            Field("workspaceId", Id("workspaces")),
            Field("parentId", Id("documents"), optional=True),
            Field("title", string),
            Field("body", string, description="Markdown."),
            _user_ref("authorId"),
            Field("status", _one_of("draft", "published", "archived")),
            Field("tags", Array(string)),
            Field("relatedIds", Array(Id("documents"))),
            Field("attachments", Array(attachment)),
            Field(
                "embedding",
                Array(Scalar("float64")),
                optional=True,
                description="OpenAI text-embedding-3-small vector of the body.",
            ),
            *_timestamps(),
        ],
        indexes=[
            Index("by_workspaceId_and_status", ["workspaceId", "status"]),
            Index("by_parentId", ["parentId"]),
            Index("by_authorId", ["authorId"], staged=True),
        ],
        search_indexes=[
            SearchIndex("search_body", "body", ["workspaceId", "status"]),
        ],
        vector_indexes=[
            VectorIndex("by_embedding", "embedding", 1536, ["workspaceId"]),
        ],
    )


def _revisions() -> Table:
    return Table(
        "revisions",
        group="Content",
        description="Earlier versions of a document's body.",
        fields=[
            Field("documentId", Id("documents")),
            Field("body", string),
            _user_ref("editorId"),
            Field("number", Scalar("int64")),
            *_timestamps(),
        ],
        indexes=[Index("by_documentId_and_number", ["documentId", "number"])],
    )


def _comments() -> Table:
    anchor = Union(
        (
            Object((Member("kind", Literal("document")),)),
            Object(
                (
                    Member("kind", Literal("range")),
                    Member("from", number),
                    Member("to", number),
                    Member("revisionId", Id("revisions"), optional=True),
                )
            ),
        )
    )
    return Table(
        "comments",
        group="Content",
        description="Discussion on a document or on a range of its text.",
        fields=[
            Field("documentId", Id("documents")),
            Field("parentId", Id("comments"), optional=True),
            _user_ref("authorId"),
            Field("body", string),
            Field("anchor", anchor),
            Field("resolvedAt", number, optional=True),
            *_timestamps(),
        ],
        indexes=[
            Index("by_documentId", ["documentId"]),
            Index("by_parentId", ["parentId"]),
        ],
    )


def _activity_events() -> Table:
    def variant(number_: int, kind: str, *extra: tuple[str, Validator]) -> list[Field]:
        fields = [
            Field("kind", Literal(kind)),
            Field("workspaceId", Id("workspaces")),
            *(Field(name, validator) for name, validator in extra),
            Field("createdAt", number),
        ]
        for f in fields:
            f.variant = number_
        return fields

    return Table(
        "activityEvents",
        group="Activity",
        description="What happened in a workspace, one document per event.",
        document_kind="union",
        fields=[
            *variant(0, "document_created", ("documentId", Id("documents"))),
            *variant(
                1,
                "comment_added",
                ("documentId", Id("documents")),
                ("commentId", Id("comments")),
            ),
            *variant(2, "member_joined", ("memberId", Id("members"))),
        ],
        indexes=[
            Index("by_workspaceId", ["workspaceId"]),
            Index("by_documentId", ["documentId"]),
        ],
    )


def _invitation() -> Table:
    return Table(
        "invitation",
        group="Workspaces",
        description="Pending invitations to join a workspace.",
        fields=[
            Field("workspaceId", Id("workspaces")),
            Field("email", string, unique=True),
            Field("token", string, unique=True),
            _user_ref("invitedBy"),
            Field("status", _one_of("pending", "accepted", "revoked")),
            Field("expiresAt", number),
            *_timestamps(),
        ],
        indexes=[
            Index("by_token", ["token"]),
            Index("by_workspaceId", ["workspaceId"]),
        ],
    )


def _favorites() -> Table:
    return Table(
        "favorites",
        group="Activity",
        description="Documents a user starred.",
        fields=[
            _user_ref(),
            Field("documentId", string),
            *_timestamps(),
        ],
        indexes=[Index("by_userId_and_documentId", ["userId", "documentId"])],
    )


def _webhooks() -> Table:
    return Table(
        "webhooks",
        group="Integrations",
        description="Outgoing webhooks a workspace registered.",
        fields=[
            Field("workspaceId", Id("workspaces")),
            Field("url", string),
            Field(
                "events",
                Array(_one_of("document.created", "document.updated", "comment.added")),
            ),
            Field("secret", Scalar("bytes"), description="HMAC key for signatures."),
            Field("headers", Record(string, string)),
            Field(
                "payloadVersion", Union((Literal(1, "bigint"), Literal(2, "bigint")))
            ),
            Field("deliveries", Scalar("int64")),
            Field("lastError", Scalar("any"), optional=True),
            *_timestamps(),
        ],
        indexes=[Index("by_workspaceId", ["workspaceId"])],
    )
