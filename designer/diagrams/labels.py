"""Text of a diagram: short type names, escaping, and the HTML-like table labels.

Everything a user typed (names, descriptions, literal values) reaches DOT
through the escaping helpers here. HTML-like labels get ``html.escape``
because the graphviz package's ``quote()`` passes ``<...>`` through as HTML,
and plain strings get ``escape_label`` or ``escape_tooltip`` because
Graphviz reads backslash sequences such as ``\\N`` or ``\\l`` in them.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass

import graphviz

from designer.schemas.schema import Field, Table
from designer.schemas.validators import Validator

MAX_NAME_CHARS = 64
MAX_TYPE_CHARS = 48
MAX_TOOLTIP_CHARS = 400
ELLIPSIS = "…"

HEADER_COLOR = "#dbe7f5"
AUTH_HEADER_COLOR = "#e8def3"
ERROR_COLOR = "#c62828"
COMMENT_COLOR = "#2f5bd3"
COMMENT_BACKGROUND = "#e8eefc"
BORDER_COLOR = "#7a8699"
MUTED_COLOR = "#5f6b7a"

# XML 1.0 forbids C0 control characters other than tab and newline, so they
# would make the SVG unparsable. DEL is dropped along with them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class RowMarks:
    """The key letters shown at the right of a field row."""

    reference: bool = False
    unique: bool = False
    indexed: bool = False

    def text(self) -> str:
        marks = [("FK", self.reference), ("UK", self.unique), ("IX", self.indexed)]
        return " ".join(code for code, on in marks if on)


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, ending with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def one_line(text: str) -> str:
    """Drop control characters and collapse all whitespace to single spaces."""
    return _WHITESPACE.sub(" ", _CONTROL.sub("", text)).strip()


def html_text(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """Return ``text`` as one escaped line for an HTML-like label."""
    escaped = html.escape(truncate(one_line(text), limit), quote=True)
    # Graphviz 2.43 expands escapes such as \N (the node name) in HTML-like
    # text as well, so a literal backslash is doubled.
    return escaped.replace("\\", "\\\\")


def name_html(name: str) -> str:
    """Return a name for an HTML-like label, showing "" for a name with no visible text."""
    return html_text(name) or "&quot;&quot;"


def element(tag: str, text: str, attributes: str = "") -> str:
    """Return ``text`` in an HTML-like element, or "" when ``text`` is empty.

    Graphviz rejects an element with no text inside, such as ``<B></B>``,
    and then fails the whole diagram.
    """
    return f"<{tag}{attributes}>{text}</{tag}>" if text else ""


def escape_label(text: str, limit: int = MAX_TOOLTIP_CHARS) -> str:
    """Return ``text`` for a plain (not HTML-like) DOT label, keeping line breaks."""
    return _escape_string(text, limit, "\\\\")


def escape_tooltip(text: str, limit: int = MAX_TOOLTIP_CHARS) -> str:
    """Return ``text`` for a DOT ``tooltip`` attribute, keeping line breaks."""
    # NOTE: Graphviz 2.43 unescapes a tooltip twice before it substitutes \N
    # and the like, so a literal backslash takes four. The SVG round-trip
    # test checks this against the installed dot.
    return _escape_string(text, limit, "\\\\\\\\")


def _escape_string(text: str, limit: int, backslash: str) -> str:
    text = truncate(_CONTROL.sub("", text.replace("\r\n", "\n")), limit)
    text = text.replace("\\", backslash).replace("\n", "\\n")
    # Graphviz passes entities such as "&lt;" through to the output as they
    # are, so a literal "&" must be written as "&amp;" to survive.
    text = text.replace("&", "&amp;")
    # nohtml stops quote() from taking a value such as "<b>" for an HTML label.
    return graphviz.nohtml(text)


def escape_url(url: str) -> str:
    """Return ``url`` for a DOT ``URL`` attribute, percent-encoding unsafe characters."""
    # Graphviz 2.43 writes xlink:href without escaping quotes or angle
    # brackets, so they are percent-encoded here, and "&" becomes "&amp;".
    quoted = urllib.parse.quote(url, safe="/:?#[]@!$&()*+,;=%-._~")
    return graphviz.nohtml(quoted.replace("\\", "%5C").replace("&", "&amp;"))


def element_id(prefix: str, name: str) -> str:
    """Return an HTML id for ``name``, keeping valid Convex names unchanged."""
    return prefix + _ID_UNSAFE.sub("_", name)


def short_type(validator: Validator) -> str:
    """Return a validator in the short form of the diagram, like ``id<users>``."""
    kind = validator.kind
    if kind == "id":
        return f"id<{validator.table}>"
    if kind == "literal":
        return _literal_text(validator)
    if kind == "array":
        text = short_type(validator.element)
        members = getattr(validator.element, "members", ())
        many = validator.element.kind == "union" and len(members) > 1
        return f"({text})[]" if many else f"{text}[]"
    if kind == "object":
        names = [m.name + ("?" if m.optional else "") for m in validator.members]
        return "{" + ", ".join(names) + "}"
    if kind == "record":
        return f"record<{short_type(validator.keys)}, {short_type(validator.values)}>"
    if kind == "union":
        # TypeScript's name for the type of a union without members.
        return " | ".join(short_type(m) for m in validator.members) or "never"
    return kind


def _literal_text(literal: Validator) -> str:
    if literal.type == "string":
        return json.dumps(literal.value, ensure_ascii=False)
    if literal.type == "boolean":
        return "true" if literal.value else "false"
    if literal.type == "bigint":
        return f"{literal.value}n"
    return repr(literal.value)


def table_label(
    table: Table,
    marks: dict[str, RowMarks],
    show_types: bool,
    error_count: int,
    in_auth: bool,
    comments: CommentMark | None = None,
) -> str:
    """Return the HTML-like label of a table node: header, ``_id``, one row per field.

    Each row has an outgoing port at its right (``f<position>``, ``id``) and an
    incoming one at its left (``f<position>_in``, ``id_in``), so that edges
    start at the referencing field and end at the key.
    """
    columns = 3 if show_types else 2
    badges = [b for b in (_error_badge(error_count), _comment_badge(comments)) if b]
    rows = [_header_row(table, columns, badges, in_auth)]
    rows.append(
        _row("id", "<U>_id</U>", f"id&lt;{name_html(table.name)}&gt;", "PK", show_types)
    )
    rows.extend(_field_rows(table, marks, show_types, columns))
    border = (
        f'BORDER="2" COLOR="{ERROR_COLOR}"'
        if error_count
        else f'BORDER="1" COLOR="{BORDER_COLOR}"'
    )
    return (
        f'<<TABLE {border} CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
        + "".join(rows)
        + "</TABLE>>"
    )


@dataclass(frozen=True)
class CommentMark:
    """The review comments on a table: how many, and the page listing them."""

    count: int
    url: str = ""


def _header_row(table: Table, columns: int, badges: list[str], in_auth: bool) -> str:
    color = AUTH_HEADER_COLOR if in_auth else HEADER_COLOR
    name = element("B", name_html(table.name))
    if not badges:
        return f'<TR><TD COLSPAN="{columns}" BGCOLOR="{color}">{name}</TD></TR>'
    if len(badges) > columns - 1:
        # Without the type column there is one cell beside the name, so the
        # badges share it in a table of their own.
        nested = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
        badges = [
            f'<TD CELLPADDING="0">{nested}<TR>{"".join(badges)}</TR></TABLE></TD>'
        ]
    span = columns - len(badges)
    cells = "".join(badges)
    return f'<TR><TD COLSPAN="{span}" BGCOLOR="{color}">{name}</TD>{cells}</TR>'


def _error_badge(error_count: int) -> str:
    if not error_count:
        return ""
    noun = "error" if error_count == 1 else "errors"
    return (
        f'<TD BGCOLOR="{ERROR_COLOR}"><FONT COLOR="white" POINT-SIZE="10">'
        f"<B>{error_count} {noun}</B></FONT></TD>"
    )


def _comment_badge(mark: CommentMark | None) -> str:
    """Return the header cell that counts a table's comments, linked to them."""
    if mark is None or mark.count < 1:
        return ""
    noun = "comment" if mark.count == 1 else "comments"
    text = f"{mark.count} {noun}"
    link = ""
    if mark.url:
        # Graphviz 2.43 writes a cell's HREF into the SVG without escaping
        # "&", quotes or angle brackets, so everything outside this safe set
        # is percent-encoded. A URL can therefore carry one query parameter.
        # TOOLTIP only shows on a cell that has an HREF.
        href = urllib.parse.quote(mark.url, safe="/?=#%-._~")
        link = f' HREF="{href}" TOOLTIP="Open the {text}"'
    return (
        f'<TD BGCOLOR="{COMMENT_BACKGROUND}"{link}>'
        f'<FONT COLOR="{COMMENT_COLOR}" POINT-SIZE="9">{text}</FONT></TD>'
    )


def _field_rows(
    table: Table, marks: dict[str, RowMarks], show_types: bool, columns: int
) -> list[str]:
    if table.document_kind == "any":
        return [_note_row("any document", columns)]
    rows: list[str] = []
    variant = 0
    for position, field in enumerate(table.fields):
        if table.document_kind == "union" and field.variant != variant:
            variant = field.variant
            rows.append("<HR/>" + _note_row(f"or variant {variant + 1}", columns))
        rows.append(_field_row(position, field, marks.get(field.name), show_types))
    return rows


def _field_row(
    position: int, field: Field, marks: RowMarks | None, show_types: bool
) -> str:
    name = name_html(field.name) + ("?" if field.optional else "")
    kind = html_text(short_type(field.validator), MAX_TYPE_CHARS)
    return _row(f"f{position}", name, kind, (marks or RowMarks()).text(), show_types)


def _row(port: str, name: str, kind: str, marks: str, show_types: bool) -> str:
    # Edges leave a field from its right-hand cell and enter a table at the
    # left-hand cell of its _id row, so each row carries two ports.
    cells = [f'<TD PORT="{port}_in" ALIGN="LEFT">{name}</TD>']
    if show_types:
        kind = element("FONT", kind, f' COLOR="{MUTED_COLOR}"')
        cells.append(f'<TD ALIGN="LEFT">{kind}</TD>')
    marks = element("FONT", marks, f' COLOR="{MUTED_COLOR}" POINT-SIZE="9"')
    cells.append(f'<TD PORT="{port}" ALIGN="RIGHT">{marks}</TD>')
    return "<TR>" + "".join(cells) + "</TR>"


def _note_row(text: str, columns: int) -> str:
    note = element("FONT", element("I", html.escape(text)), f' COLOR="{MUTED_COLOR}"')
    return f'<TR><TD COLSPAN="{columns}" ALIGN="LEFT">{note}</TD></TR>'
