"""A document printer that lays out code the way Prettier 3 does.

Exporters describe their output as a tree of documents (text, groups,
indents and line breaks) and ``print_doc`` chooses where to break lines. It
follows the algorithm of Prettier's ``printDocToString`` (Prettier 3.x,
``src/document/printer.js``) for the document kinds exporters need, so that
text built with the same documents Prettier builds comes out identical:

* a ``Group`` is printed flat when its contents fit in the rest of the line,
  else broken;
* a ``Group`` with ``states`` (Prettier's ``conditionalGroup``) tries each
  state in turn and falls back to the last one, broken;
* a hard line breaks every group around it (``propagate_breaks``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from designer.schemas.exporters.widths import char_width

FLAT = "flat"
BREAK = "break"


@dataclass(eq=False)
class Group:
    contents: Doc
    should_break: bool = False
    states: list[Doc] | None = None
    id: str = ""


@dataclass(eq=False)
class Indent:
    contents: Doc


@dataclass(eq=False)
class Line:
    soft: bool = False
    hard: bool = False


@dataclass(eq=False)
class IfBreak:
    break_contents: Doc
    flat_contents: Doc = ""
    group_id: str = ""


@dataclass(eq=False)
class IndentIfBreak:
    contents: Doc
    group_id: str


@dataclass(eq=False)
class BreakParent:
    pass


Doc = str | list["Doc"] | Group | Indent | Line | IfBreak | IndentIfBreak | BreakParent

LINE = Line()
SOFTLINE = Line(soft=True)
HARDLINE: Doc = [Line(hard=True), BreakParent()]


def group(contents: Doc, should_break: bool = False, id: str = "") -> Group:
    return Group(contents, should_break=should_break, id=id)


def conditional_group(states: list[Doc]) -> Group:
    """Return a group that prints the first of ``states`` that fits."""
    return Group(states[0], states=states)


def join(separator: Doc, docs: list[Doc]) -> list[Doc]:
    parts: list[Doc] = []
    for position, doc in enumerate(docs):
        if position:
            parts.append(separator)
        parts.append(doc)
    return parts


def will_break(doc: Doc) -> bool:
    """Return whether ``doc`` contains a forced break (Prettier's ``willBreak``)."""
    # A stack instead of recursion, because a deeply nested validator makes a
    # document tree deeper than Python's recursion limit. The states of a
    # conditional group share their parts, so each part is visited once.
    stack = [doc]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, str) and id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, BreakParent):
            return True
        if isinstance(node, Line) and node.hard:
            return True
        if isinstance(node, Group):
            if node.should_break:
                return True
            stack.append(node.contents)
        else:
            stack.extend(_children(node))
    return False


def propagate_breaks(doc: Doc) -> bool:
    """Mark every group holding a forced break as broken; return whether ``doc`` breaks.

    As in Prettier, a conditional group is never marked and stops the
    propagation: its callers add a ``BreakParent`` beside it when needed.
    """
    # A post-order walk with a stack, for the same reasons as in will_break:
    # each node is settled once the results of all its children are known,
    # and a group met again keeps the result it was settled with.
    results: list[bool] = []
    settled: set[int] = set()
    stack: list[tuple[Doc, bool]] = [(doc, False)]
    while stack:
        node, children_done = stack.pop()
        if isinstance(node, Group) and id(node) in settled:
            results.append(node.should_break)
            continue
        children = _children(node)
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children))
            continue
        inner = False
        for _ in children:
            inner = results.pop() or inner
        results.append(_settle(node, inner))
        if isinstance(node, Group):
            settled.add(id(node))
    return results.pop()


def _children(doc: Doc) -> list[Doc]:
    """Return the documents ``propagate_breaks`` visits inside ``doc``."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, Group):
        return list(doc.states or [doc.contents])
    if isinstance(doc, IfBreak):
        return [doc.break_contents, doc.flat_contents]
    if isinstance(doc, Indent | IndentIfBreak):
        return [doc.contents]
    return []  # str, Line, BreakParent


def _settle(doc: Doc, inner: bool) -> bool:
    """Return whether ``doc`` breaks, given whether any of its children does."""
    if isinstance(doc, Group):
        if doc.states:
            return doc.should_break
        doc.should_break = doc.should_break or inner
        return doc.should_break
    if isinstance(doc, BreakParent):
        return True
    if isinstance(doc, str | Line):
        return False  # A hard line always comes with its own BreakParent.
    return inner


def text_width(text: str) -> int:
    """Return the columns ``text`` takes, counted as Prettier counts them.

    NOTE: Prettier counts a multi-code-point emoji sequence as two columns;
    this counts each code point of it.
    """
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


@dataclass
class _Command:
    indent: int
    mode: str
    doc: Doc


@dataclass
class _Printer:
    width: int
    out: list[str] = field(default_factory=list)
    position: int = 0
    group_modes: dict[str, str] = field(default_factory=dict)
    # Set after a hard line printed inside a flat group: the next group must
    # be measured again instead of inheriting the flat mode.
    remeasure: bool = False

    def print(self, doc: Doc) -> str:
        propagate_breaks(doc)
        commands = [_Command(0, BREAK, doc)]
        while commands:
            self._step(commands.pop(), commands)
        return "".join(self.out)

    def _step(self, command: _Command, commands: list[_Command]) -> None:
        indent, mode, doc = command.indent, command.mode, command.doc
        if isinstance(doc, str):
            self.out.append(doc)
            self.position += text_width(doc)
        elif isinstance(doc, list):
            commands.extend(_Command(indent, mode, d) for d in reversed(doc))
        elif isinstance(doc, Indent):
            commands.append(_Command(indent + 2, mode, doc.contents))
        elif isinstance(doc, Group):
            self._group(indent, mode, doc, commands)
        elif isinstance(doc, IfBreak):
            group_mode = (
                self.group_modes.get(doc.group_id, FLAT) if doc.group_id else mode
            )
            chosen = doc.break_contents if group_mode == BREAK else doc.flat_contents
            commands.append(_Command(indent, mode, chosen))
        elif isinstance(doc, IndentIfBreak):
            broken = self.group_modes.get(doc.group_id) == BREAK
            commands.append(
                _Command(indent + 2 if broken else indent, mode, doc.contents)
            )
        elif isinstance(doc, Line):
            self._line(indent, mode, doc)

    def _group(
        self, indent: int, mode: str, doc: Group, commands: list[_Command]
    ) -> None:
        if mode == FLAT and not self.remeasure:
            chosen = _Command(indent, BREAK if doc.should_break else FLAT, doc.contents)
        else:
            chosen = self._choose(indent, doc, commands)
        commands.append(chosen)
        if doc.id:
            self.group_modes[doc.id] = chosen.mode

    def _choose(self, indent: int, doc: Group, commands: list[_Command]) -> _Command:
        self.remeasure = False
        remaining = self.width - self.position
        flat = _Command(indent, FLAT, doc.contents)
        if not doc.should_break and self._fits(flat, commands, remaining):
            return flat
        if not doc.states or doc.should_break:
            return _Command(
                indent, BREAK, doc.states[-1] if doc.states else doc.contents
            )
        for state in doc.states[1:]:
            attempt = _Command(indent, FLAT, state)
            if self._fits(attempt, commands, remaining):
                return attempt
        return _Command(indent, BREAK, doc.states[-1])

    def _line(self, indent: int, mode: str, doc: Line) -> None:
        if mode == FLAT and not doc.hard:
            if not doc.soft:
                self.out.append(" ")
                self.position += 1
            return
        if mode == FLAT:
            self.remeasure = True
        # Trailing spaces never survive a line break.
        while self.out and self.out[-1].endswith((" ", "\t")):
            self.out[-1] = self.out[-1].rstrip(" \t")
        self.out.append("\n" + " " * indent)
        self.position = indent

    def _fits(self, next_command: _Command, rest: list[_Command], width: int) -> bool:
        """Return whether ``next_command`` fits in ``width`` columns, up to the next line break."""
        rest_index = len(rest)
        stack = [(next_command.mode, next_command.doc)]
        while width >= 0:
            if not stack:
                if rest_index == 0:
                    return True
                rest_index -= 1
                stack.append((rest[rest_index].mode, rest[rest_index].doc))
                continue
            mode, doc = stack.pop()
            if isinstance(doc, str):
                width -= text_width(doc)
            elif isinstance(doc, list):
                stack.extend((mode, d) for d in reversed(doc))
            elif isinstance(doc, Indent | IndentIfBreak):
                stack.append((mode, doc.contents))
            elif isinstance(doc, Group):
                group_mode = BREAK if doc.should_break else mode
                contents = (
                    doc.states[-1]
                    if doc.states and group_mode == BREAK
                    else doc.contents
                )
                stack.append((group_mode, contents))
            elif isinstance(doc, IfBreak):
                group_mode = (
                    self.group_modes.get(doc.group_id, FLAT) if doc.group_id else mode
                )
                stack.append(
                    (
                        mode,
                        doc.break_contents
                        if group_mode == BREAK
                        else doc.flat_contents,
                    )
                )
            elif isinstance(doc, Line):
                if mode == BREAK or doc.hard:
                    return True
                if not doc.soft:
                    width -= 1
        return False


def print_doc(doc: Doc, width: int = 80) -> str:
    """Lay out ``doc`` in lines of at most ``width`` columns where it can."""
    return _Printer(width).print(doc)
