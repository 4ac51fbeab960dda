"""How many comments concern each element, for the workspace and the diagram.

A comment's ``target`` is a Location key, so the comments about a table are
those on the table itself and on anything inside it (``users``,
``users.email``, ``users.address.city``, ``users#by_email``), and those
about a field include its nested members.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from django.db.models import Count, Q, QuerySet

from designer.review import diff
from designer.review.models import Comment
from designer.schemas.models import Project


def comment_counts(project: Project) -> Counter[str]:
    """Return the number of comments per target key, replies included."""
    rows = (
        Comment.objects.filter(project=project)
        .values("target")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({row["target"]: row["n"] for row in rows})


def is_within(target: str, key: str) -> bool:
    """Return whether ``target`` is the element ``key`` or lies inside it."""
    return target == key or target.startswith((f"{key}.", f"{key}#"))


def count_within(counts: Mapping[str, int], key: str) -> int:
    """Return the number of comments on ``key`` and on the elements inside it."""
    return sum(n for target, n in counts.items() if is_within(target, key))


def table_counts(counts: Mapping[str, int], names: Iterable[str]) -> dict[str, int]:
    """Return the comment count of each table in ``names`` that has comments."""
    found = {name: count_within(counts, name) for name in names}
    return {name: n for name, n in found.items() if n}


def within(comments: QuerySet[Comment], key: str) -> QuerySet[Comment]:
    """Keep the comments on ``key`` and on the elements inside it."""
    return comments.filter(
        Q(target=key)
        | Q(target__startswith=f"{key}.")
        | Q(target__startswith=f"{key}#")
    )


def follow_renames(project: Project, changes: Iterable[diff.Change]) -> int:
    """Point the project's comments at the new names of renamed elements.

    Comments inside a review stay as they are, because they concern the
    reviewed version, where the old names remain. Returns how many comments
    changed target.
    """
    renames = [
        (c.old_location, c.location)
        for c in changes
        if c.action == diff.RENAMED and c.old_location
    ]
    if not renames:
        return 0
    loose = list(Comment.objects.filter(project=project, review__isnull=True))
    moved: dict[int, Comment] = {}
    # Changes come in diff order: a table's rename before its fields', whose
    # old locations already use the new table name.
    # NOTE: two elements that swap names in one save end up with all their
    # comments on one of them; the editor renames one element per save.
    for old, new in renames:
        for comment in loose:
            if is_within(comment.target, old):
                comment.target = new + comment.target[len(old) :]
                moved[comment.pk] = comment
    Comment.objects.bulk_update(moved.values(), ["target"])
    return len(moved)
