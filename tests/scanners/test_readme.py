"""README scanner: Markdown and reStructuredText bytes in, title and summary out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import ReadmeFacts
from archscribe.scanners.readme import README_SCANNER, scan_readme


def test_markdown_title_and_summary_after_badges() -> None:
    facts = scan_readme(
        b"# Tally\n"
        b"\n"
        b"[![CI](https://ci.example/badge.svg)](https://ci.example) "
        b"[![PyPI](https://img.shields.io/pypi/v/tally)](https://pypi.org/project/tally)\n"
        b"![logo](docs/logo.png)\n"
        b"\n"
        b"Tally **counts** things in `log files` from the [command line](https://x.example).\n"
        b"It is __fast__.\n"
        b"\n"
        b"## Install\n"
    )
    assert facts == ReadmeFacts(
        title="Tally",
        title_line=1,
        summary="Tally counts things in log files from the command line. It is fast.",
        summary_line=6,
    )


def test_badge_only_first_paragraph_is_skipped() -> None:
    facts = scan_readme(
        b"Project\n=======\n\n"
        b"[![Build](https://b.example/b.svg)](https://b.example)\n"
        b"[![Docs](https://d.example/d.svg)](https://d.example)\n\n"
        b"The real description.\n"
    )
    assert (facts.title, facts.title_line) == ("Project", 1)
    assert (facts.summary, facts.summary_line) == ("The real description.", 7)


def test_rst_title_with_overline_and_image_directives() -> None:
    facts = scan_readme(
        b"======\n"
        b"Django\n"
        b"======\n"
        b"\n"
        b".. image:: https://img.example/badge.svg\n"
        b"   :target: https://ci.example\n"
        b"\n"
        b"|build| |coverage|\n"
        b"\n"
        b"Django is a high-level Python web framework that encourages rapid development\n"
        b"and clean, pragmatic design. See `the docs <https://docs.example>`_ and ``manage.py``.\n"
        b"\n"
        b".. |build| image:: https://b.example/b.svg\n"
    )
    assert (facts.title, facts.title_line) == ("Django", 2)
    assert facts.summary == (
        "Django is a high-level Python web framework that encourages rapid development "
        "and clean, pragmatic design. See the docs and manage.py."
    )
    assert facts.summary_line == 10


def test_rst_underlined_title_and_references() -> None:
    facts = scan_readme(
        b"pip - The Python Package Installer\n"
        b"==================================\n"
        b"\n"
        b"Pip is the `package installer`_ for Python, used by pytest_ and :pep:`517` tools.\n"
    )
    assert facts.title == "pip - The Python Package Installer"
    assert (
        facts.summary == "Pip is the package installer for Python, used by pytest and 517 tools."
    )


def test_html_header_comments_code_and_tables_are_skipped() -> None:
    facts = scan_readme(
        b'<h1 align="center">\n'
        b'  <img src="logo.png" alt="">\n'
        b"  Widget\n"
        b"</h1>\n"
        b"<!-- A comment\n"
        b"spanning lines -->\n"
        b'<div align="center">\n'
        b'  <a href="https://x.example"><img src="badge.svg"></a>\n'
        b"</div>\n"
        b"\n"
        b"```python\n"
        b"print('not the summary')\n"
        b"```\n"
        b"\n"
        b"| a | b |\n"
        b"|---|---|\n"
        b"\n"
        b"    indented code\n"
        b"\n"
        b"- a list item\n"
        b"\n"
        b"---\n"
        b"\n"
        b"Widget draws widgets.\n"
    )
    assert (facts.title, facts.title_line) == ("Widget", 1)
    assert (facts.summary, facts.summary_line) == ("Widget draws widgets.", 24)


def test_html_paragraph_tagline_reads_as_prose() -> None:
    facts = scan_readme(
        b'<p align="center"><a href="https://x.example"><img src="logo.png"></a></p>\n'
        b"\n"
        b'<p align="center">\n'
        b"  <em>A fast framework, easy to learn.</em>\n"
        b"</p>\n"
    )
    assert (facts.summary, facts.summary_line) == ("A fast framework, easy to learn.", 3)


def test_section_heading_below_the_first_prose_is_not_a_title() -> None:
    facts = scan_readme(b"Rich is a library for rich text.\n\n## Installing\n\nRun pip.\n")
    assert (facts.title, facts.title_line) == ("", 0)
    assert facts.summary == "Rich is a library for rich text."


def test_image_only_heading_is_not_a_title() -> None:
    facts = scan_readme(b"# ![logo](logo.png)\n\n## Real Name\n\nText here.\n")
    assert (facts.title, facts.title_line) == ("Real Name", 3)


def test_front_matter_and_block_quote() -> None:
    facts = scan_readme(b"---\ntitle: x\n---\n# Name\n\n> A quoted\n> tagline.\n")
    assert (facts.title, facts.title_line) == ("Name", 4)
    assert (facts.summary, facts.summary_line) == ("A quoted tagline.", 6)


def test_summary_is_capped_at_a_word_boundary() -> None:
    words = " ".join(f"word{i}" for i in range(200))
    facts = scan_readme(b"# T\n\n" + words.encode() + b"\n")
    assert len(facts.summary) <= 400
    assert facts.summary.endswith("…")
    assert words.startswith(facts.summary[:-1])
    assert facts.summary[:-1].split()[-1] in words.split()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n\n",
        b"# Only a title\n",
        b"[![a](b)](c)\n",
        b"```\nunclosed fence\n",
        b"<!-- unclosed comment\n",
        b"- just\n- a list\n",
        b"one-word\n",
    ],
)
def test_readmes_without_prose_have_no_summary(data: bytes) -> None:
    assert scan_readme(data).summary == ""


def test_not_utf8_is_decoded_with_replacements() -> None:
    facts = scan_readme(b"# Caf\xe9\n\nA caf\xe9 menu reader.\n")
    assert facts.title == "Caf\ufffd"
    assert facts.summary == "A caf\ufffd menu reader."


def test_scanner_constant() -> None:
    assert (README_SCANNER.name, README_SCANNER.version) == ("readme", 2)
    assert README_SCANNER.fact_type is ReadmeFacts


_README_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(alphabet=st.sampled_from(list("#=-~*_`|[]()!<>/.:\n \tabcXYZ")), max_size=300).map(
        str.encode
    ),
)


@settings(max_examples=150, deadline=None)
@given(data=_README_BYTES)
def test_readme_scanner_never_raises(data: bytes) -> None:
    facts = scan_readme(data)
    assert len(facts.summary) <= 400
    assert "\n" not in facts.summary
    assert "\n" not in facts.title
    assert (facts.summary_line > 0) == bool(facts.summary)


def test_shortcut_reference_links_lose_their_brackets() -> None:
    facts = scan_readme(
        b"# Flask\n\nFlask is a lightweight [WSGI] web framework on [Werkzeug].\n\n"
        b"[WSGI]: https://wsgi.readthedocs.io/\n"
    )
    assert facts.summary == "Flask is a lightweight WSGI web framework on Werkzeug."
