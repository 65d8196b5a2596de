"""Tests for renderers.document_merge: human text survives regeneration; generated text is new."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.errors import InputError, InternalError
from archscribe.renderers.document_merge import (
    GeneratedBlock,
    HumanText,
    begin_marker,
    block,
    end_marker,
    generated_blocks,
    merge_document,
    parse_blocks,
)


def doc(*parts: str) -> str:
    """Parts joined as the Markdown renderer joins them: a blank line between, a final newline."""
    return "\n\n".join(parts) + "\n"


# --- markers -------------------------------------------------------------------------------------


def test_marker_helpers_write_the_marker_lines() -> None:
    assert (
        begin_marker("component:billing.api") == "<!-- archscribe:begin component:billing.api -->"
    )
    assert end_marker("components.diagram") == "<!-- archscribe:end components.diagram -->"
    assert block("overview", "text") == (
        "<!-- archscribe:begin overview -->\ntext\n<!-- archscribe:end overview -->"
    )
    assert block("overview", "text\n") == block("overview", "text")
    assert block("overview", "") == (
        "<!-- archscribe:begin overview -->\n<!-- archscribe:end overview -->"
    )


@pytest.mark.parametrize("bad", ["", "Overview", "-x", "a b", "a\n", "é"])
def test_marker_helpers_refuse_an_invalid_id(bad: str) -> None:
    with pytest.raises(InternalError, match="invalid block id"):
        begin_marker(bad)


def test_block_refuses_a_body_holding_a_marker() -> None:
    with pytest.raises(InternalError, match="marker line"):
        block("a", "x\n<!-- archscribe:end a -->\ny")


# --- parsing -------------------------------------------------------------------------------------


def test_parse_splits_human_text_and_blocks_in_order() -> None:
    text = "# Title\n\n" + block("overview", "Generated.") + "\n\nMine.\n" + block("b", "") + "\n"
    parsed = parse_blocks(text)
    assert parsed.segments == (
        HumanText("# Title\n\n", 1),
        GeneratedBlock(
            "overview",
            "Generated.\n",
            3,
            "<!-- archscribe:begin overview -->\n",
            "<!-- archscribe:end overview -->\n",
        ),
        HumanText("\nMine.\n", 6),
        GeneratedBlock("b", "", 8, "<!-- archscribe:begin b -->\n", "<!-- archscribe:end b -->\n"),
    )
    assert [found.id for found in parsed.blocks] == ["overview", "b"]
    assert parsed.text == text


def test_parse_accepts_spaces_around_markers_and_crlf() -> None:
    text = "  <!--  archscribe:begin a   -->\t\r\nbody\r\n<!-- archscribe:end a -->  \r\nafter"
    parsed = parse_blocks(text)
    assert parsed.blocks[0].body == "body\r\n"
    assert parsed.segments[-1] == HumanText("after", 4)
    assert parsed.text == text


def test_parse_reads_a_marker_mentioned_inside_a_line_as_human_text() -> None:
    text = "Edit outside `<!-- archscribe:begin x -->` markers.\n"
    assert parse_blocks(text).segments == (HumanText(text, 1),)


def test_generated_blocks_gives_bodies_by_id_with_newlines() -> None:
    text = "top\r\n" + block("a", "one\ntwo").replace("\n", "\r\n") + "\r\n" + block("b", "")
    assert generated_blocks(text) == {"a": "one\ntwo\n", "b": ""}
    assert list(generated_blocks(text)) == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "where", "message", "hint"),
    [
        pytest.param(
            "# T\n<!-- archscribe:end overview -->\n",
            "line 2",
            "`<!-- archscribe:end overview -->` has no begin marker",
            "restore the line `<!-- archscribe:begin overview -->`",
            id="end-without-begin",
        ),
        pytest.param(
            "<!-- archscribe:begin a -->\nx\n<!-- archscribe:begin b -->\n"
            "<!-- archscribe:end b -->\n<!-- archscribe:end a -->\n",
            "line 3",
            "block `b` begins inside block `a` (opened on line 1); blocks cannot nest",
            "restore the line `<!-- archscribe:end a -->`",
            id="nested",
        ),
        pytest.param(
            "\n<!-- archscribe:begin a -->\nx\n<!-- archscribe:end b -->\n",
            "line 4",
            "`<!-- archscribe:end b -->` closes block `a` (opened on line 2)",
            "make the ids match",
            id="mismatched",
        ),
        pytest.param(
            "# T\n\n<!-- archscribe:begin overview -->\ntext\n",
            "line 3",
            "block `overview` is never closed",
            "restore the line `<!-- archscribe:end overview -->` or delete the block so "
            "archscribe can write it again",
            id="unclosed",
        ),
        pytest.param(
            block("a", "x") + "\nmine\n" + block("a", "y") + "\n",
            "line 5",
            "block `a` appears twice (first on line 1)",
            "delete one of the two blocks",
            id="duplicate",
        ),
        pytest.param(
            "ok\n<!-- archscribe:begin Overview -->\n",
            "line 2",
            "malformed archscribe marker `<!-- archscribe:begin Overview -->`",
            "lowercase letters",
            id="malformed-id",
        ),
        pytest.param(
            "<!-- archscribe:begin a -->\n<!-- archscribe:end -->\n",
            "line 2",
            "malformed archscribe marker",
            "on a line of its own",
            id="malformed-no-id",
        ),
        pytest.param(
            "<!-- archscribe:begin a --> text\n",
            "line 1",
            "malformed archscribe marker",
            "on a line of its own",
            id="marker-not-alone",
        ),
    ],
)
def test_parse_reports_the_first_bad_marker(
    text: str, where: str, message: str, hint: str
) -> None:
    with pytest.raises(InputError) as raised:
        parse_blocks(text)
    assert raised.value.where == where
    assert message in raised.value.message
    assert hint in raised.value.hint


def test_parse_reports_line_numbers_of_crlf_documents() -> None:
    text = "a\r\nb\r\n<!-- archscribe:end x -->\r\n"
    with pytest.raises(InputError) as raised:
        parse_blocks(text)
    assert raised.value.where == "line 3"


# --- merging: where human text goes --------------------------------------------------------------


def test_merge_keeps_human_text_and_replaces_generated_text() -> None:
    fresh = doc(
        "# System Architecture",
        "## Overview",
        block("overview", "Version 2 of the overview."),
        "**Design principles**: _To fill_",
        "## System Components",
        block("components", "New diagram."),
    )
    existing = doc(
        "# System Architecture",
        "Intro written by a person.",
        "## Overview",
        block("overview", "Version 1 of the overview.\nA person edited this line."),
        "**Design principles**: small modules, pure core.",
        "## System Components",
        block("components", "Old diagram."),
        "Footer written by a person.",
    )
    assert merge_document(fresh, existing) == doc(
        "# System Architecture",
        "Intro written by a person.",
        "## Overview",
        block("overview", "Version 2 of the overview."),
        "**Design principles**: small modules, pure core.",
        "## System Components",
        block("components", "New diagram."),
        "Footer written by a person.",
    )


def test_merge_keeps_the_text_after_a_removed_block() -> None:
    fresh = doc("# T", block("component:a", "A2"), "## C", block("component:c", "C2"))
    existing = doc(
        "# T",
        block("component:a", "A1"),
        "## B",
        block("component:b", "B1"),
        "Notes on B.",
        "## C",
        block("component:c", "C1"),
    )
    assert merge_document(fresh, existing) == doc(
        "# T",
        block("component:a", "A2"),
        "## B\n",
        "Notes on B.",
        "## C",
        block("component:c", "C2"),
    )


def test_merge_moves_text_after_removed_leading_blocks_to_the_top() -> None:
    fresh = doc("# T", block("component:c", "C2"))
    existing = doc(
        block("component:a", "A1"),
        "After A.",
        block("component:b", "B1"),
        "After B.",
        block("component:c", "C1"),
    )
    assert (
        merge_document(fresh, existing)
        == "\nAfter A.\n\n\nAfter B.\n\n" + block("component:c", "C2") + "\n"
    )


def test_merge_follows_the_fresh_order_and_moves_human_text_with_its_block() -> None:
    fresh = doc("# T", block("c", "C"), block("a", "A"), block("b", "B"))
    existing = doc(
        "# T", block("a", "1"), "About A.", block("b", "1"), "About B.", block("c", "1")
    )
    existing += "\nAbout C.\n"
    # Each block's text moves with it byte for byte, blank lines included.
    assert merge_document(fresh, existing) == (
        "# T\n\n"
        + (block("c", "C") + "\n\nAbout C.\n")
        + (block("a", "A") + "\n\nAbout A.\n\n")
        + (block("b", "B") + "\n\nAbout B.\n\n")
    )


def test_merge_of_fresh_with_itself_is_fresh() -> None:
    fresh = doc("# T", block("a", "A"), "hint", block("b", "B"), "end")
    assert merge_document(fresh, fresh) == fresh


# --- merging: where new blocks go ----------------------------------------------------------------


def components(*names: str, purposes: dict[str, str] | None = None) -> str:
    """A System Components section as the renderer writes it, then the next section."""
    parts = ["# System Architecture", "## System Components", "### Core Components"]
    for name in names:
        parts += [
            f"#### {name}",
            block(f"component:{name}", f"**Location**: `src/{name}`"),
            "**Purpose**: " + (purposes or {}).get(name, f"_To fill: what {name} does._"),
        ]
    return doc(*parts, "## Data Architecture", block("data.models", "none"))


def test_a_new_component_lands_among_the_components_in_order() -> None:
    existing = components("billing", "shipping")
    fresh = components("billing", "orders", "shipping")
    assert merge_document(fresh, existing) == fresh


def test_a_new_component_keeps_the_purpose_people_wrote_for_its_neighbours() -> None:
    purposes = {"billing": "Sends invoices.", "shipping": "Books couriers."}
    existing = components("billing", "shipping", purposes=purposes)
    fresh = components("billing", "orders", "shipping", "zoo")
    assert merge_document(fresh, existing) == components(
        "billing", "orders", "shipping", "zoo", purposes=purposes
    )


def test_a_new_component_at_the_front_goes_after_the_leading_text() -> None:
    existing = components("billing")
    fresh = components("accounts", "billing")
    assert merge_document(fresh, existing) == fresh


def test_a_new_first_block_goes_after_the_leading_text_before_the_next_heading() -> None:
    existing = doc("# System Architecture", "## Overview", block("o", "1"))
    fresh = doc("# System Architecture", block("header", "H"), "## Overview", block("o", "2"))
    assert merge_document(fresh, existing) == fresh

    existing = doc("# System Architecture", "A person's intro.", "## Overview", block("o", "1"))
    assert merge_document(fresh, existing) == doc(
        "# System Architecture",
        "A person's intro.",
        block("header", "H"),
        "## Overview",
        block("o", "2"),
    )


def test_a_new_section_lands_before_the_next_sections_heading() -> None:
    existing = doc(
        "## Overview",
        block("overview", "1"),
        "Note on the overview.",
        "## Integration Points",
        block("integration", "1"),
    )
    fresh = doc(
        "## Overview",
        block("overview", "2"),
        "## Data Architecture",
        "### Data Models",
        block("data.models", "models"),
        "### Data Flow",
        block("data.flow", "flow"),
        "## Integration Points",
        block("integration", "2"),
    )
    assert merge_document(fresh, existing) == doc(
        "## Overview",
        block("overview", "2"),
        "Note on the overview.",
        "## Data Architecture",
        "### Data Models",
        block("data.models", "models"),
        "### Data Flow",
        block("data.flow", "flow"),
        "## Integration Points",
        block("integration", "2"),
    )


def test_new_blocks_at_the_end_bring_their_fresh_text() -> None:
    existing = doc("# T", block("a", "1"), "Mine.")
    fresh = doc("# T", block("a", "2"), "## B", block("b", "B"), "hint for b")
    assert merge_document(fresh, existing) == doc(
        "# T", block("a", "2"), "Mine.", "## B", block("b", "B"), "hint for b"
    )


def test_a_new_block_after_a_rewritten_hint_repeats_the_hint_once() -> None:
    # The documented limit: when the sections are not alike, which fresh lines belong to the
    # block before the new one cannot be told, so they come in full.
    existing = doc("#### a", block("a", "1"), "**Purpose**: mine.")
    fresh = doc("#### a", block("a", "2"), "**Purpose**: hint", "## Next", block("n", "N"))
    merged = merge_document(fresh, existing)
    assert merged == doc(
        "#### a",
        block("a", "2"),
        "**Purpose**: mine.\n\n**Purpose**: hint",
        "## Next",
        block("n", "N"),
    )
    assert merge_document(fresh, merged) == merged


def test_a_new_sibling_block_does_not_bring_back_a_deleted_hint() -> None:
    existing = doc("#### a", block("a", "1"), "#### c", block("c", "1"), "**Purpose**: hint")
    fresh = doc(
        *("#### a", block("a", "2"), "**Purpose**: hint"),
        *("#### b", block("b", "2"), "**Purpose**: hint"),
        *("#### c", block("c", "2"), "**Purpose**: hint"),
    )
    assert merge_document(fresh, existing) == doc(
        *("#### a", block("a", "2")),
        *("#### b", block("b", "2"), "**Purpose**: hint"),
        *("#### c", block("c", "2"), "**Purpose**: hint"),
    )


def test_a_renamed_block_takes_the_place_of_the_old_one() -> None:
    existing = components("billing", "old", "shipping")
    fresh = components("billing", "new", "shipping")
    merged = merge_document(fresh, existing)
    # The old heading and hint are human text now: kept, for a person (or the drift check).
    assert merged.index("#### old") < merged.index("#### new") < merged.index("#### shipping")
    assert "component:old" not in merged
    assert generated_blocks(merged) == generated_blocks(fresh)


# --- merging: refusals, line endings, final newline ----------------------------------------------


def test_merge_refuses_a_document_without_markers() -> None:
    with pytest.raises(InputError) as raised:
        merge_document(doc(block("a", "x")), "# My own architecture notes\n")
    assert "was not written by archscribe (it has no archscribe markers)" in raised.value.message
    assert "will not overwrite it" in raised.value.message
    assert "move it aside, or write elsewhere with -o, or add markers" in raised.value.hint


def test_merge_reports_a_malformed_existing_document_with_its_line() -> None:
    existing = "# T\n\n<!-- archscribe:begin overview -->\nedited\n"
    with pytest.raises(InputError) as raised:
        merge_document(doc(block("overview", "x")), existing)
    assert raised.value.where == "line 3"


def test_merge_calls_a_malformed_fresh_document_a_bug() -> None:
    with pytest.raises(InternalError, match="bug"):
        merge_document("<!-- archscribe:begin a -->\n", doc(block("a", "x")))


def test_merge_keeps_crlf_line_endings() -> None:
    existing = doc("# Title", block("a", "old"), "Mine,\nwritten on Windows.").replace(
        "\n", "\r\n"
    )
    fresh = doc("# Title", block("a", "new\nlines"), "## B", block("b", "B"))
    merged = merge_document(fresh, existing)
    assert merged == doc(
        "# Title", block("a", "new\nlines"), "Mine,\nwritten on Windows.", "## B", block("b", "B")
    ).replace("\n", "\r\n")
    assert merge_document(fresh, merged) == merged


def test_merge_keeps_a_missing_final_newline() -> None:
    existing = doc("# T", block("a", "old")).rstrip("\n")
    fresh = doc("# T", block("a", "new"))
    assert merge_document(fresh, existing) == doc("# T", block("a", "new")).rstrip("\n")


def test_merge_puts_a_marker_on_its_own_line_after_unterminated_human_text() -> None:
    existing = doc(block("a", "1"), block("b", "1")) + "no newline at the end"
    fresh = doc(block("b", "2"), block("a", "2"))
    merged = merge_document(fresh, existing)
    assert merged == block("b", "2") + "\nno newline at the end\n" + block("a", "2") + "\n\n"
    assert merge_document(fresh, merged) == merged


# --- properties ----------------------------------------------------------------------------------

IDS = [
    "overview",
    "patterns.primary",
    "component:a",
    "component:b.api",
    "data.flow",
    "component:x/y",
    "decision:z-1",
]
LINE = st.one_of(
    st.sampled_from(["", "## Heading", "**Purpose**: hint", "Notes.", "  indented", "```", "-->"]),
    st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=12
    ).filter(lambda line: "archscribe:" not in line),
)
TEXT = st.lists(LINE, max_size=4).map(lambda lines: "".join(f"{line}\n" for line in lines))


@st.composite
def documents(draw: st.DrawFn, ids: list[str]) -> str:
    parts = [draw(TEXT)]
    for block_id in ids:
        parts += [block(block_id, draw(TEXT)), "\n", draw(TEXT)]
    return "".join(parts)


@st.composite
def existing_documents(draw: st.DrawFn) -> tuple[list[str], str]:
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=5, unique=True))
    text = draw(documents(ids))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = text.removesuffix("\r\n").removesuffix("\n")
    return ids, text


@st.composite
def order_keeping_fresh(draw: st.DrawFn, existing_ids: list[str]) -> str:
    """Fresh documents that drop and add blocks but keep the surviving ones in order."""
    kept = [i for i in existing_ids if draw(st.booleans())]
    new = [i for i in IDS if i not in existing_ids and draw(st.booleans())]
    ids = list(kept)
    for block_id in new:
        ids.insert(draw(st.integers(0, len(ids))), block_id)
    return draw(documents(ids or [new_id(existing_ids)]))


def new_id(existing_ids: list[str]) -> str:
    return next(i for i in [*IDS, "fresh"] if i not in existing_ids)


def any_fresh() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(IDS), min_size=1, max_size=6, unique=True).flatmap(documents)


def human_segments(text: str) -> list[str]:
    return [s.text for s in parse_blocks(text).segments if isinstance(s, HumanText)]


def human_lines(text: str) -> list[str]:
    return [line.rstrip("\r") for s in human_segments(text) for line in s.split("\n") if line]


@settings(max_examples=300)
@given(st.data())
def test_property_without_new_blocks_every_human_segment_survives_whole(
    data: st.DataObject,
) -> None:
    ids, existing = data.draw(existing_documents())
    kept = data.draw(st.permutations(ids))[: data.draw(st.integers(1, len(ids)))]
    if data.draw(st.booleans()):
        kept.sort(key=ids.index)
    merged = merge_document(data.draw(documents(kept)), existing)
    for segment in human_segments(existing):
        assert segment in merged
    if kept == sorted(kept, key=ids.index):  # blocks kept in order: so is the human text
        position = 0
        for segment in human_segments(existing):
            position = merged.index(segment, position) + len(segment)


@settings(max_examples=300)
@given(st.data())
def test_property_every_human_line_survives_in_order(data: st.DataObject) -> None:
    ids, existing = data.draw(existing_documents())
    merged = merge_document(data.draw(order_keeping_fresh(ids)), existing)
    remaining = iter(human_lines(merged))
    assert all(line in remaining for line in human_lines(existing))  # a subsequence


@settings(max_examples=300)
@given(existing_documents(), any_fresh())
def test_property_every_human_line_survives_any_fresh(
    existing: tuple[list[str], str], fresh: str
) -> None:
    merged = merge_document(fresh, existing[1])
    assert not Counter(human_lines(existing[1])) - Counter(human_lines(merged))


@settings(max_examples=300)
@given(existing_documents(), any_fresh())
def test_property_blocks_come_from_fresh(existing: tuple[list[str], str], fresh: str) -> None:
    merged = merge_document(fresh, existing[1])
    assert list(generated_blocks(merged).items()) == list(generated_blocks(fresh).items())


@settings(max_examples=300)
@given(existing_documents(), any_fresh())
def test_property_merge_is_idempotent(existing: tuple[list[str], str], fresh: str) -> None:
    merged = merge_document(fresh, existing[1])
    assert merge_document(fresh, merged) == merged


@settings(max_examples=300)
@given(st.data())
def test_property_merge_is_idempotent_with_order_kept(data: st.DataObject) -> None:
    ids, existing = data.draw(existing_documents())
    fresh = data.draw(order_keeping_fresh(ids))
    merged = merge_document(fresh, existing)
    assert merge_document(fresh, merged) == merged


@settings(max_examples=200)
@given(any_fresh())
def test_property_merge_of_fresh_with_itself_is_fresh(fresh: str) -> None:
    assert merge_document(fresh, fresh) == fresh


@settings(max_examples=200)
@given(existing_documents(), any_fresh())
def test_property_line_endings_follow_the_existing_document(
    existing: tuple[list[str], str], fresh: str
) -> None:
    merged = merge_document(fresh, existing[1])
    if "\r\n" in existing[1]:
        assert "\n" not in merged.replace("\r\n", "")
    else:
        assert "\r" not in merged
    if existing[1].endswith("\n"):
        assert merged.endswith("\n")


@given(existing_documents())
def test_property_parse_gives_back_the_document(existing: tuple[list[str], str]) -> None:
    assert parse_blocks(existing[1]).text == existing[1]


def test_blocks_archscribe_does_not_write_are_kept_as_they_stand() -> None:
    existing = (
        "# Doc\n\n<!-- archscribe:begin overview -->\nold\n<!-- archscribe:end overview -->\n\n"
        "How markers look:\n\n```markdown\n<!-- archscribe:begin example -->\n"
        "Your text here.\n<!-- archscribe:end example -->\n```\n"
    )
    fresh = "# Doc\n\n<!-- archscribe:begin overview -->\nnew\n<!-- archscribe:end overview -->\n"
    merged = merge_document(fresh, existing)
    assert (
        "```markdown\n<!-- archscribe:begin example -->\nYour text here.\n"
        "<!-- archscribe:end example -->\n```\n"
    ) in merged
    assert "\nnew\n" in merged
    assert merge_document(fresh, merged) == merged
