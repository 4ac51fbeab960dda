"""Ready-made tables a new project can start from.

``better_auth_schema()`` returns the tables that the Convex Better Auth
component (``@convex-dev/better-auth`` 0.12.5, for Better Auth 1.6.x)
generates with ``npx auth generate`` when only its ``convex()`` plugin is
on: ``user``, ``session``, ``account``, ``verification`` and ``jwks``. The
generator maps Better Auth fields to Convex validators this way:

* dates become ``v.number()`` (milliseconds since the epoch);
* a column Better Auth does not require becomes
  ``v.optional(v.union(v.null(), T))``;
* references to other tables (``userId``) stay ``v.string()``, because
  Better Auth makes its own ids;
* indexes are named after their fields joined by ``_``, compound field lists
  sorted alphabetically.
"""

from __future__ import annotations

from designer.schemas.schema import Field, Index, Schema, Table
from designer.schemas.validators import Scalar, Union, Validator

BETTER_AUTH_GROUP = "Better Auth"

_STRING = Scalar("string")
_NUMBER = Scalar("number")
_BOOLEAN = Scalar("boolean")


def _nullable(name: str, validator: Validator, **extra) -> Field:
    """Return a column Better Auth may leave out or set to null."""
    return Field(name, Union((Scalar("null"), validator)), optional=True, **extra)


def _index(*fields: str) -> Index:
    return Index("_".join(fields), list(fields))


def better_auth_tables() -> list[Table]:
    """Return new copies of the Better Auth tables, in the generator's order."""
    return [_user(), _session(), _account(), _verification(), _jwks()]


def better_auth_schema(name: str = "Better Auth starter") -> Schema:
    """Return a schema holding only the Better Auth tables."""
    return Schema(
        name,
        better_auth_tables(),
        description=(
            "The tables the Convex Better Auth component 0.12.5 generates for "
            "Better Auth 1.6 with the convex() plugin."
        ),
    )


def _user() -> Table:
    return Table(
        "user",
        group=BETTER_AUTH_GROUP,
        description="Better Auth users.",
        fields=[
            Field("name", _STRING),
            Field("email", _STRING, unique=True),
            Field("emailVerified", _BOOLEAN),
            _nullable("image", _STRING),
            Field("createdAt", _NUMBER),
            Field("updatedAt", _NUMBER),
            _nullable(
                "userId",
                _STRING,
                description="Link to an app-side users table, kept for older setups.",
            ),
        ],
        indexes=[_index("email", "name"), _index("name"), _index("userId")],
    )


def _session() -> Table:
    return Table(
        "session",
        group=BETTER_AUTH_GROUP,
        description="Signed-in sessions, one per device or browser.",
        fields=[
            Field("expiresAt", _NUMBER),
            Field("token", _STRING, unique=True),
            Field("createdAt", _NUMBER),
            Field("updatedAt", _NUMBER),
            _nullable("ipAddress", _STRING),
            _nullable("userAgent", _STRING),
            Field("userId", _STRING, description="The Better Auth id of the user."),
        ],
        indexes=[
            _index("expiresAt"),
            _index("expiresAt", "userId"),
            _index("token"),
            _index("userId"),
        ],
    )


def _account() -> Table:
    return Table(
        "account",
        group=BETTER_AUTH_GROUP,
        description="Sign-in methods of a user: a password or an OAuth provider.",
        fields=[
            Field("accountId", _STRING),
            Field("providerId", _STRING),
            Field("userId", _STRING, description="The Better Auth id of the user."),
            _nullable("accessToken", _STRING),
            _nullable("refreshToken", _STRING),
            _nullable("idToken", _STRING),
            _nullable("accessTokenExpiresAt", _NUMBER),
            _nullable("refreshTokenExpiresAt", _NUMBER),
            _nullable("scope", _STRING),
            _nullable("password", _STRING),
            Field("createdAt", _NUMBER),
            Field("updatedAt", _NUMBER),
        ],
        indexes=[
            _index("accountId"),
            _index("accountId", "providerId"),
            _index("providerId", "userId"),
            _index("userId"),
        ],
    )


def _verification() -> Table:
    return Table(
        "verification",
        group=BETTER_AUTH_GROUP,
        description="One-time values such as email verification codes.",
        fields=[
            Field("identifier", _STRING),
            Field("value", _STRING),
            Field("expiresAt", _NUMBER),
            Field("createdAt", _NUMBER),
            Field("updatedAt", _NUMBER),
        ],
        indexes=[_index("expiresAt"), _index("identifier")],
    )


def _jwks() -> Table:
    return Table(
        "jwks",
        group=BETTER_AUTH_GROUP,
        description="Key pairs that sign the JWTs Convex verifies.",
        fields=[
            Field("publicKey", _STRING),
            Field("privateKey", _STRING),
            Field("createdAt", _NUMBER),
            _nullable("expiresAt", _NUMBER),
        ],
    )
