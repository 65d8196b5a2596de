"""Scanners: READMEs (Markdown or reStructuredText): the title and the first prose paragraph.

The text is split into blocks the way a reader's eye does it, not by a full parser: headings
(``# Title``, setext and reStructuredText under- and overlines, ``<h1>``), code blocks, HTML,
directives, tables, lists, badges and paragraphs. The summary is the first paragraph of prose,
on one line, with light inline markup removed and capped at 400 characters; the title is the
first heading with words in it above that paragraph. The scanner never raises, and reads no
further than the summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from archscribe.model.facts import ReadmeFacts
from archscribe.scanners.base import Scanner

__all__ = ["README_SCANNER", "scan_readme"]

_SUMMARY_MAX = 400
_ELLIPSIS = "…"
_TEXT_MAX = 4000  # a paragraph or heading is read this far: enough for 400 characters of prose

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b", re.IGNORECASE)
_HTML_BLOCK = re.compile(
    r"^\s*(?:<!|</?(?:address|article|aside|blockquote|br|center|details|div|dl|figure|footer|"
    r"form|header|hr|img|li|main|nav|ol|p|picture|pre|section|source|summary|table|tbody|td|"
    r"th|thead|tr|ul|video)(?:\s|/?>|$))",
    re.IGNORECASE,
)
_HTML_PARAGRAPH = re.compile(r"^\s*<p(?:\s|>)", re.IGNORECASE)
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S.*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,9}[.)]|#\.)\s")
_FIELD = re.compile(r"^:[^:\s][^:]*:(?:\s|$)")
_PUNCTUATION = "=-~^\"'`#*+_:.<>!$%&(),/;?@[\\]{|}"

# Inline markup, removed or unwrapped in this order. Every repetition that could run to the end
# of the text is bounded, so that no input makes a pattern quadratic.
_BADGE_LINK = re.compile(
    r"\[!\[[^\]]{0,300}\]\([^)]{0,500}\)\]\([^)]{0,500}\)"
    r"|\[!\[[^\]]{0,300}\]\[[^\]]{0,300}\]\]\[[^\]]{0,300}\]"
)
_IMAGE = re.compile(r"!\[[^\]]{0,300}\](?:\([^)]{0,500}\)|\[[^\]]{0,300}\])")
_LINK = re.compile(r"\[([^\]]{0,300})\](?:\([^)]{0,500}\)|\[[^\]]{0,300}\])")
# A shortcut reference link, ``[Werkzeug]``, defined elsewhere as ``[Werkzeug]: https://…``.
_SHORTCUT_LINK = re.compile(r"(?<![\]!])\[([^\]\[]{1,300})\](?![(\[:])")
_RST_LINK = re.compile(r"`([^`<]{0,300}?)\s*<[^>`]{0,500}>`__?")
_RST_NAMED = re.compile(r"`([^`]+)`__?")
_RST_WORD = re.compile(
    r"(?<![\w.-])([A-Za-z0-9](?:[\w.-]{0,100}[A-Za-z0-9])?)__?(?=[\s,.;:!?)]|$)"
)
_RST_ROLE = re.compile(r":[A-Za-z][\w.+-]{0,50}:`([^`]*)`")
_SUBSTITUTION = re.compile(r"\|[^|\s][^|]{0,100}\|_{0,2}")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]{1,500})>")
_HTML_TAG = re.compile(r"<!--.{0,500}?-->|</?[A-Za-z][^<>]{0,500}>")
_CODE = re.compile(r"``(.{1,500}?)``|`([^`]+)`(?!_)")
_STRONG = re.compile(
    r"(?<![\w*])\*\*(?=\S)([^*]{1,500}?)(?<=\S)\*\*(?![\w*])"
    r"|(?<!\w)__(?=\S)([^_]{1,500}?)(?<=\S)__(?!\w)"
)
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"
)
_SEPARATORS = re.compile(r"[\s|·•,;:/\\\u2013\u2014-]+")


@dataclass(frozen=True, slots=True)
class _Block:
    kind: str  # heading, prose or other
    text: str
    line: int


def scan_readme(data: bytes) -> ReadmeFacts:
    """Read a README's title and summary; an unreadable one gives empty facts, never an error."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = [line.rstrip("\r") for line in text.split("\n")]
    title: _Block | None = None
    summary: _Block | None = None
    # The title is the first heading with words, before any prose: a heading further down names
    # a section of a README without a title ("Installation", "Code of Conduct").
    for block in _blocks(lines):
        if block.kind == "prose":
            summary = block
            break
        if block.kind == "heading" and block.text and title is None:
            title = block
    return ReadmeFacts(
        title=title.text if title else "",
        title_line=title.line if title else 0,
        summary=_cap(summary.text) if summary else "",
        summary_line=summary.line if summary else 0,
    )


def _blocks(lines: list[str]) -> Iterator[_Block]:
    """Headings, prose and everything else, in order, with their first line (1-based)."""
    count = len(lines)
    index = _front_matter_end(lines)
    while index < count:
        line = lines[index]
        stripped = line.strip()
        number = index + 1
        if not stripped:
            index += 1
        elif fence := _FENCE.match(line):
            index = _after_fence(lines, index, fence.group(1))
        elif stripped.startswith("<!--"):
            index = _after_comment(lines, index)
        elif atx := _ATX.match(line):
            yield _Block("heading", _clean(atx.group(2) or ""), number)
            index += 1
        elif _HTML_HEADING.match(line):
            end = _after_html_heading(lines, index)
            yield _Block("heading", _clean(" ".join(lines[index:end])), number)
            index = end
        elif _is_overline(lines, index):
            yield _Block("heading", _clean(lines[index + 1]), number + 1)
            index += 3
        elif _is_underline(lines, index + 1):
            yield _Block("heading", _clean(line), number)
            index += 2
        elif _HTML_BLOCK.match(line):
            end = _after_paragraph(lines, index)
            if _HTML_PARAGRAPH.match(line):  # <p align="center">A tagline</p> reads as prose
                yield _paragraph([_HTML_TAG.sub(" ", " ".join(lines[index:end]))], number)
            index = end
        elif stripped.startswith(".. ") or stripped == "..":
            index = _after_directive(lines, index)
        elif line[0] in " \t" or _is_rule(stripped):
            index += 1  # indented code, a directive's body, a horizontal rule or a transition
        else:
            end = _paragraph_end(lines, index)
            yield _paragraph(lines[index:end], number)
            index = end


def _paragraph(lines: list[str], number: int) -> _Block:
    first = lines[0].strip()
    if first.startswith(("|", "+-", "+=")):
        return _Block("other", "", number)  # a table, a line block or substitution badges
    if _LIST_ITEM.match(first) or _FIELD.match(first) or _is_badges(lines):
        return _Block("other", "", number)
    body = [re.sub(r"^\s*>\s?", "", line) for line in lines]  # a block quote reads as prose
    body = [line for line in body if not re.match(r"^\s*\[!\w+\]\s*$", line)]  # > [!NOTE]
    text = _clean(" ".join(body)[:_TEXT_MAX])
    prose = " " in text and sum(character.isalpha() for character in text) >= 3
    return _Block("prose" if prose else "other", text, number)


def _is_badges(lines: list[str]) -> bool:
    """Every line is made of images, links and substitutions only (badges, a row of links)."""
    for line in lines:
        rest = _BADGE_LINK.sub(" ", line[:_TEXT_MAX])
        rest = _IMAGE.sub(" ", rest)
        rest = _LINK.sub(" ", rest)
        rest = _SUBSTITUTION.sub(" ", rest)
        rest = _HTML_TAG.sub(" ", _REFERENCE.sub(" ", rest))
        if _SEPARATORS.sub("", rest):
            return False
    return True


def _clean(text: str) -> str:
    """One line of plain text: markup unwrapped, tags and images dropped, spaces collapsed."""
    text = text[:_TEXT_MAX]
    text = _RST_ROLE.sub(r"\1", text)
    text = _RST_LINK.sub(r"\1", text)
    text = _RST_NAMED.sub(r"\1", text)
    parts: list[str] = []
    last = 0
    for code in _CODE.finditer(text):  # code spans keep their text as written
        parts += [_unmark(text[last : code.start()]), code.group(1) or code.group(2) or ""]
        last = code.end()
    parts.append(_unmark(text[last:]))
    return " ".join("".join(parts).split())


def _unmark(text: str) -> str:
    text = _HTML_TAG.sub(" ", _AUTOLINK.sub(r"\1", text))
    text = _BADGE_LINK.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _SHORTCUT_LINK.sub(r"\1", text)
    text = _SUBSTITUTION.sub(" ", text)
    text = _STRONG.sub(lambda match: match.group(1) or match.group(2), text)
    text = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), text)
    text = _RST_WORD.sub(r"\1", text)
    return text.replace("**", "").replace("`", "")


def _cap(text: str) -> str:
    if len(text) <= _SUMMARY_MAX:
        return text
    cut = text[: _SUMMARY_MAX - len(_ELLIPSIS) + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else cut[:-1]
    return cut.rstrip(" ,;:.-\u2013\u2014") + _ELLIPSIS


def _is_rule(stripped: str) -> bool:
    """A line of one punctuation character, repeated (``---``, ``* * *``, ``=====``)."""
    compact = stripped.replace(" ", "")
    return (
        len(compact) >= 3 and compact[0] in _PUNCTUATION and compact == compact[0] * len(compact)
    )


def _is_underline(lines: list[str], index: int) -> bool:
    """``lines[index]`` underlines the line above it: a setext or reStructuredText heading."""
    if index >= len(lines) or index == 0:
        return False
    above, line = lines[index - 1], lines[index].strip()
    if not above.strip() or above[0] in " \t" or _is_rule(above.strip()) or " " in line:
        return False
    if _LIST_ITEM.match(above) or above.lstrip().startswith(("|", ">")):
        return False
    if line and line[0] in "=-" and line == line[0] * len(line):
        return True  # Markdown's setext takes any length
    return _is_rule(line) and len(line) >= len(above.strip())


def _is_overline(lines: list[str], index: int) -> bool:
    """``lines[index]`` and ``lines[index + 2]`` frame a reStructuredText title."""
    if index + 2 >= len(lines):
        return False
    over, title, under = lines[index].strip(), lines[index + 1].strip(), lines[index + 2].strip()
    return bool(title) and _is_rule(over) and over == under and " " not in over


def _front_matter_end(lines: list[str]) -> int:
    """The index after a YAML front matter block (``---`` ... ``---``), else 0."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, min(len(lines), 100)):
        if lines[index].strip() in ("---", "..."):
            return index + 1
    return 0


def _after_fence(lines: list[str], index: int, fence: str) -> int:
    for end in range(index + 1, len(lines)):
        closing = lines[end].strip()
        if closing.startswith(fence[0] * len(fence)) and not closing.strip(fence[0]):
            return end + 1
    return len(lines)


def _after_comment(lines: list[str], index: int) -> int:
    """The index after the line that closes the HTML comment opened on ``lines[index]``."""
    first = lines[index]
    if "-->" in first[first.find("<!--") + 4 :]:
        return index + 1
    for end in range(index + 1, len(lines)):
        if "-->" in lines[end]:
            return end + 1
    return len(lines)


def _after_html_heading(lines: list[str], index: int) -> int:
    for end in range(index, min(len(lines), index + 20)):
        if "</h" in lines[end].lower():
            return end + 1
    return _after_paragraph(lines, index)


def _after_paragraph(lines: list[str], index: int) -> int:
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _after_directive(lines: list[str], index: int) -> int:
    """A directive or comment goes on over blank and indented lines."""
    index += 1
    while index < len(lines) and (not lines[index].strip() or lines[index][0] in " \t"):
        index += 1
    return index


def _paragraph_end(lines: list[str], index: int) -> int:
    end = index + 1
    while end < len(lines):
        line = lines[end]
        if not line.strip() or _FENCE.match(line) or _ATX.match(line) or _is_rule(line.strip()):
            break
        if _is_underline(lines, end + 1):
            break  # the next heading's text
        end += 1
    return end


README_SCANNER = Scanner(name="readme", version=2, fact_type=ReadmeFacts, scan=scan_readme)
