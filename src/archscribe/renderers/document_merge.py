"""Renderers: merge a freshly generated document into the existing one, keeping all human text.

A generated document is Markdown in which archscribe's blocks sit between marker lines::

    <!-- archscribe:begin overview -->
    ...generated text...
    <!-- archscribe:end overview -->

Everything outside the blocks belongs to people. ``merge_document`` takes every block (its id,
order and body) from the fresh document and every byte of human text from the existing one.

Where the human text goes
    Each run of human text in the existing document belongs to the block before it (the text
    at the very top belongs to the top). It follows that block in the result; the text that
    followed a block which is gone joins the text of the nearest earlier block that remains (or
    the top), so nothing people wrote is ever dropped. Blocks come in the fresh order.

Where a new block goes
    A block only the fresh document has goes after the fresh block before it (the anchor, or
    the top), inside the human text the anchor keeps, which is cut at one line boundary:

    - below the cut: the lines that text shares with the end of the fresh text after the new
      block (typically the next section's heading);
    - above the cut: the rest, the anchor's own fields as people left them.

    With the new block come the fresh lines the kept text lacks: its lead-in (the fresh text
    before it, after the lines the kept text shares with its start, blank lines at their end
    aside), the fresh text between consecutive new blocks, and its own fields (the fresh text
    after it, above what lies below the cut). When the fresh text before the new block has as
    many lines as the fresh text after it (sibling sections, such as components), the lead-in
    is only its last lines, as many as lie below the cut, so hints people rewrote or deleted in
    the anchor's fields do not come back.

So a new component's section lands among the component sections, after the sections of the
components before it, and a new section lands before the heading of the section that follows
it. When sections are not alike and people rewrote the lines around the insertion point, the
fresh text before the new block comes in full, which may repeat a hint once; it never takes
the place of their words.

Line endings follow the existing document (that of its first marker line): human text is kept
byte for byte and fresh text takes those line breaks. The result ends with a line break when the
existing document does; when it does not, none is added after generated text at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archscribe.errors import InputError, InternalError

__all__ = [
    "BLOCK_ID_PATTERN",
    "GeneratedBlock",
    "HumanText",
    "ParsedDocument",
    "Segment",
    "begin_marker",
    "block",
    "end_marker",
    "generated_blocks",
    "merge_document",
    "parse_blocks",
]

BLOCK_ID_PATTERN = r"[a-z0-9][a-z0-9_.:/-]*"
"""A block id: lowercase letters, digits and ``_.:/-``, e.g. ``component:billing.api``."""

_BLOCK_ID = re.compile(rf"{BLOCK_ID_PATTERN}\Z")
_MARKER = re.compile(
    rf"[ \t]*<!--[ \t]*archscribe:(begin|end)[ \t]+({BLOCK_ID_PATTERN})[ \t]*-->[ \t]*\Z"
)
_MARKER_LIKE = re.compile(r"[ \t]*<!--[ \t]*archscribe:(begin|end)\b")
_ID_RULE = "an id of lowercase letters, digits and `_.:/-`"


@dataclass(frozen=True, slots=True)
class HumanText:
    """A run of lines outside every block; ``line`` is the 1-based number of its first line."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class GeneratedBlock:
    """A generated block: its marker lines as written (line breaks included) and its body."""

    id: str
    body: str
    line: int  # of the begin marker, 1-based
    begin: str
    end: str

    @property
    def text(self) -> str:
        """The block as it stands in the document, marker lines included."""
        return self.begin + self.body + self.end


Segment = HumanText | GeneratedBlock


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document as segments in order; joining their texts gives back the document exactly."""

    segments: tuple[Segment, ...]

    @property
    def blocks(self) -> tuple[GeneratedBlock, ...]:
        """The generated blocks, in document order."""
        return tuple(segment for segment in self.segments if isinstance(segment, GeneratedBlock))

    @property
    def text(self) -> str:
        """The document again, byte for byte."""
        return "".join(segment.text for segment in self.segments)


def begin_marker(block_id: str) -> str:
    """``<!-- archscribe:begin ID -->`` (no line break)."""
    return f"<!-- archscribe:begin {_checked_id(block_id)} -->"


def end_marker(block_id: str) -> str:
    """``<!-- archscribe:end ID -->`` (no line break)."""
    return f"<!-- archscribe:end {_checked_id(block_id)} -->"


def block(block_id: str, body: str) -> str:
    """A whole block: begin marker, body, end marker, each on lines of their own.

    Like ``begin_marker`` it ends without a line break, so a renderer can join blocks, headings
    and paragraphs with blank lines alike.
    """
    if body and not body.endswith("\n"):
        body += "\n"
    for line in _split_lines(body):
        if _MARKER_LIKE.match(_content(line)):
            raise InternalError(
                f"the body of block `{block_id}` holds an archscribe marker line: {line.strip()!r}"
                "; this is a bug in archscribe"
            )
    return f"{begin_marker(block_id)}\n{body}{end_marker(block_id)}"


def parse_blocks(text: str) -> ParsedDocument:
    """Split a document into human text and generated blocks.

    Raises ``InputError`` at the first marker that breaks the structure: an ``end`` without a
    ``begin``, a ``begin`` inside a block, an ``end`` naming another block, a block that is never
    closed, an id used twice, or a line that looks like a marker but is not one.
    """
    segments: list[Segment] = []
    human: list[str] = []
    human_line = 1
    body: list[str] = []
    opened: tuple[str, int, str] | None = None  # id, line, begin marker line
    seen: dict[str, int] = {}
    number = 0
    for number, line in enumerate(_split_lines(text), start=1):
        content = _content(line)
        match = _MARKER.match(content)
        if match is None:
            if _MARKER_LIKE.match(content):
                raise InputError(
                    f"malformed archscribe marker `{content.strip()}`",
                    where=f"line {number}",
                    hint=f"write it as `<!-- archscribe:begin ID -->` or "
                    f"`<!-- archscribe:end ID -->` on a line of its own, with {_ID_RULE}",
                )
            (human if opened is None else body).append(line)
            continue
        kind, block_id = match.groups()
        if kind == "begin":
            if opened is not None:
                open_id, open_line, _ = opened
                raise InputError(
                    f"block `{block_id}` begins inside block `{open_id}` (opened on line "
                    f"{open_line}); blocks cannot nest",
                    where=f"line {number}",
                    hint=f"restore the line `<!-- archscribe:end {open_id} -->` above this one, "
                    "or delete the block so archscribe can write it again",
                )
            if block_id in seen:
                raise InputError(
                    f"block `{block_id}` appears twice (first on line {seen[block_id]})",
                    where=f"line {number}",
                    hint="delete one of the two blocks (markers included); archscribe writes "
                    "the block again on the next run",
                )
            if human:
                segments.append(HumanText("".join(human), human_line))
                human = []
            seen[block_id] = number
            opened = (block_id, number, line)
            body = []
            continue
        if opened is None:
            raise InputError(
                f"`<!-- archscribe:end {block_id} -->` has no begin marker before it",
                where=f"line {number}",
                hint=f"restore the line `<!-- archscribe:begin {block_id} -->` where the block "
                "starts, or delete this line",
            )
        open_id, open_line, begin = opened
        if block_id != open_id:
            raise InputError(
                f"`<!-- archscribe:end {block_id} -->` closes block `{open_id}` "
                f"(opened on line {open_line})",
                where=f"line {number}",
                hint=f"make the ids match (`<!-- archscribe:end {open_id} -->`), or delete the "
                "block so archscribe can write it again",
            )
        segments.append(GeneratedBlock(open_id, "".join(body), open_line, begin, line))
        opened = None
        human_line = number + 1
    if opened is not None:
        open_id, open_line, _ = opened
        raise InputError(
            f"block `{open_id}` is never closed",
            where=f"line {open_line}",
            hint=f"restore the line `<!-- archscribe:end {open_id} -->` or delete the block so "
            "archscribe can write it again",
        )
    if human:
        segments.append(HumanText("".join(human), human_line))
    return ParsedDocument(tuple(segments))


# The ids archscribe writes (exactly, or as a prefix); a block with any other id, such as an
# example of the markers quoted in human text, is kept as it stands.
_OWN_IDS = (
    "header",
    "overview",
    "patterns.",
    "components.",
    "component:",
    "data.",
    "integration.",
    "deployment.",
    "decision:",
    "decisions.",
    "performance.",
    "security.",
    "resilience.",
    "future.",
)


def is_archscribe_block(block_id: str) -> bool:
    """Whether archscribe writes blocks with this id (and may remove one it no longer writes)."""
    return block_id.startswith(_OWN_IDS)


def generated_blocks(text: str) -> dict[str, str]:
    """Block id -> body, in document order, with ``\\n`` line breaks (for the drift check)."""
    return {found.id: found.body.replace("\r\n", "\n") for found in parse_blocks(text).blocks}


def merge_document(fresh: str, existing: str) -> str:
    """The fresh document's blocks with the existing document's human text (module docstring).

    Raises ``InputError`` when ``existing`` is malformed or has no archscribe markers at all
    (the caller may decide to overwrite such a document anyway), and ``InternalError`` when
    ``fresh`` itself is malformed.
    """
    try:
        new = parse_blocks(fresh)
    except InputError as error:
        raise InternalError(
            f"the generated document is malformed ({error.where}: {error.message}); "
            "this is a bug in archscribe"
        ) from error
    old = parse_blocks(existing)
    if not old.blocks:
        raise InputError(
            "the document was not written by archscribe (it has no archscribe markers); "
            "archscribe will not overwrite it",
            hint="move it aside, or write elsewhere with -o, or add markers "
            "(`<!-- archscribe:begin overview -->` and `<!-- archscribe:end overview -->` "
            "lines where generated text may go)",
        )
    eol = "\r\n" if old.blocks[0].begin.endswith("\r\n") else "\n"
    fresh_top, fresh_blocks = _layout(new)
    old_top, old_blocks = _layout(old)

    # The human text each surviving block keeps: its own, then that of removed blocks after it.
    surviving = {found.id for found, _ in fresh_blocks}
    top = [old_top]
    kept: dict[str, list[str]] = {}
    current = top
    for found, following in old_blocks:
        if found.id in surviving:
            current = kept[found.id] = []
        elif not is_archscribe_block(found.id):
            current.append(found.text)  # a block of someone else's (or a quoted example)
        current.append(following)

    out = _Output(eol)
    anchor_text = "".join(top)
    lead_in = fresh_top  # fresh text before the next fresh block
    new_run: list[tuple[GeneratedBlock, str]] = []  # new blocks after the anchor, with lead-ins
    for found, following in fresh_blocks:
        if found.id not in kept:
            new_run.append((found, lead_in))
        else:
            _emit_gap(out, anchor_text, new_run, lead_in)
            out.add(_converted(found.text, eol), generated=True)
            anchor_text = "".join(kept[found.id])
            new_run = []
        lead_in = following
    _emit_gap(out, anchor_text, new_run, lead_in)
    return out.finish(ends_with_break=existing.endswith("\n"))


def _emit_gap(
    out: _Output,
    kept_text: str,
    new_run: list[tuple[GeneratedBlock, str]],
    trailing: str,
) -> None:
    """Write the kept human text after an anchor, weaving in the new blocks that follow it.

    ``new_run`` holds each new block with the fresh text before it; ``trailing`` is the fresh
    text after the last new block (leading into the next kept block, or to the end).
    """
    if not new_run:
        out.add(kept_text, generated=False)
        return
    kept = _split_lines(kept_text)
    before = _split_lines(new_run[0][1])  # fresh: the anchor's own fields, then the lead-in
    after = _split_lines(trailing)  # fresh: the last new block's fields, then the next lead-in
    head = _shared_prefix(kept, before)
    # Blank lines are separators: the ones that end the shared head go with the new block's
    # lead-in, so a note people added after the anchor keeps its blank line below it.
    while head and not _content(kept[head - 1]).strip():
        head -= 1
    tail = _shared_suffix(kept[head:], after)
    cut = len(kept) - tail
    lead_from = head
    if len(before) == len(after):
        # Sibling sections (two components, say): the fresh text before the new block is shaped
        # like the text after it, so its last ``tail`` lines are the new block's lead-in and the
        # lines above them the anchor's own fields, which people kept or rewrote in ``kept``.
        lead_from = max(head, len(before) - tail)
    out.add("".join(kept[:cut]), generated=False)
    for index, (found, lead) in enumerate(new_run):
        lead_lines = before[lead_from:] if index == 0 else _split_lines(lead)
        out.add(_converted("".join(lead_lines), out.eol), generated=True)
        out.add(_converted(found.text, out.eol), generated=True)
    out.add(_converted("".join(after[: len(after) - tail]), out.eol), generated=True)
    out.add("".join(kept[cut:]), generated=False)


class _Output:
    """The merged document as it grows; keeps every marker line on a line of its own."""

    def __init__(self, eol: str) -> None:
        self.eol = eol
        self._pieces: list[str] = []
        self._last_generated = False

    def add(self, text: str, *, generated: bool) -> None:
        if not text:
            return
        if self._pieces and not self._pieces[-1].endswith("\n"):
            self._pieces.append(self.eol)
        self._pieces.append(text)
        self._last_generated = generated

    def finish(self, *, ends_with_break: bool) -> str:
        result = "".join(self._pieces)
        if ends_with_break and result and not result.endswith("\n"):
            return result + self.eol
        if not ends_with_break and self._last_generated and result.endswith("\n"):
            return result[: -2 if result.endswith("\r\n") else -1]
        return result


def _layout(document: ParsedDocument) -> tuple[str, list[tuple[GeneratedBlock, str]]]:
    """The text before the first block, and each block with the human text that follows it."""
    top: list[str] = []
    blocks: list[tuple[GeneratedBlock, list[str]]] = []
    for segment in document.segments:
        if isinstance(segment, GeneratedBlock):
            blocks.append((segment, []))
        else:
            (blocks[-1][1] if blocks else top).append(segment.text)
    return "".join(top), [(found, "".join(following)) for found, following in blocks]


def _shared_prefix(ours: list[str], theirs: list[str]) -> int:
    """How many leading lines the two share (line breaks aside)."""
    count = 0
    for mine, other in zip(ours, theirs, strict=False):
        if _content(mine) != _content(other):
            break
        count += 1
    return count


def _shared_suffix(ours: list[str], theirs: list[str]) -> int:
    """How many trailing lines the two share (line breaks aside)."""
    count = 0
    for mine, other in zip(reversed(ours), reversed(theirs), strict=False):
        if _content(mine) != _content(other):
            break
        count += 1
    return count


def _split_lines(text: str) -> list[str]:
    """Lines with their line breaks; only ``\\n`` ends a line (``\\r\\n`` counts as one)."""
    lines = text.split("\n")
    last = lines.pop()
    result = [line + "\n" for line in lines]
    if last:
        result.append(last)
    return result


def _content(line: str) -> str:
    """A line without its line break."""
    if line.endswith("\n"):
        line = line[:-1]
    return line.removesuffix("\r")


def _converted(text: str, eol: str) -> str:
    """Fresh text with the existing document's line breaks."""
    text = text.replace("\r\n", "\n")
    return text if eol == "\n" else text.replace("\n", eol)


def _checked_id(block_id: str) -> str:
    if not _BLOCK_ID.match(block_id):
        raise InternalError(
            f"invalid block id {block_id!r} (needs {_ID_RULE}); this is a bug in archscribe"
        )
    return block_id
