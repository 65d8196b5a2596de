"""Tests for renderers.diagrams: hand-built components in, ASCII and Mermaid text out."""

from __future__ import annotations

import random

from archscribe.model.architecture import Component, ComponentDependency, Cycle
from archscribe.renderers.diagrams import (
    MAX_WIDTH,
    ascii_component_diagram,
    mermaid_component_flowchart,
)


def component(
    name: str, layer: int = 0, *imports: tuple[str, int] | tuple[str, int, bool]
) -> Component:
    """A component importing ``(target, count)`` or ``(target, count, type_checking_only)``."""
    return Component(
        name=name,
        paths=(f"src/app/{name}",),
        modules=1,
        code_lines=10,
        layer=layer,
        dependencies=tuple(
            ComponentDependency(name, target, count, type_checking_only=bool(rest and rest[0]))
            for target, count, *rest in imports
        ),
    )


LAYERED = (
    component("cli", 0, ("core", 4), ("util", 1)),
    component("core", 1, ("util", 2)),
    component("util", 2, ("core", 1, True)),
)


# --- ASCII ---------------------------------------------------------------------------------------


def test_ascii_draws_layers_top_down_and_lists_the_edges() -> None:
    assert ascii_component_diagram(LAYERED) == (
        "+-----+\n"
        "| cli |\n"
        "+-----+\n"
        "   v\n"
        "+------+\n"
        "| core |\n"
        "+------+\n"
        "    v\n"
        "+------+\n"
        "| util |\n"
        "+------+\n"
        "\n"
        "cli --> core (4 imports)\n"
        "cli --> util (1 import)\n"
        "core <-> util (--> 2 imports; <-- 1 import, only under TYPE_CHECKING)"
    )


def test_ascii_puts_a_layer_side_by_side_with_arrows_under_importers() -> None:
    components = [
        component("web", 0, ("db", 1)),
        component("admin", 0),
        component("db", 1),
        component("api", 0, ("db", 3), ("db", 2)),
    ]
    assert ascii_component_diagram(components) == (
        "+-------+  +-----+  +-----+\n"
        "| admin |  | api |  | web |\n"
        "+-------+  +-----+  +-----+\n"
        "              v        v\n"
        "+----+\n"
        "| db |\n"
        "+----+\n"
        "\n"
        "api --> db (5 imports)\n"
        "web --> db (1 import)"
    )


def test_ascii_centres_one_arrow_when_no_box_above_imports_lower_down() -> None:
    # The model put ``b`` lower though ``a`` does not import it: the layers still read apart.
    diagram = ascii_component_diagram([component("a", 0), component("b", 1)])
    assert diagram.splitlines()[3] == "  v"


def test_ascii_wraps_a_wide_layer_onto_continuation_rows() -> None:
    names = [f"component_number_{i:02d}" for i in range(8)]
    top = [component(name, 0, ("base", 1)) for name in names]
    diagram = ascii_component_diagram([*top, component("base", 1)])
    lines = diagram.splitlines()
    assert max(len(line) for line in lines) <= MAX_WIDTH
    box_row = "+---------------------+  +---------------------+  +---------------------+"
    assert lines[0] == lines[2] == lines[3] == lines[5] == box_row
    assert lines[1] == (
        "| component_number_00 |  | component_number_01 |  | component_number_02 |"
    )
    assert lines[7] == "| component_number_06 |  | component_number_07 |"
    assert lines[9] == " " * 11 + "v" + " " * 24 + "v"  # under the last row's boxes
    assert lines[10:13] == ["+------+", "| base |", "+------+"]
    assert all(f"| {name} |" in diagram for name in names)


def test_ascii_cuts_long_names_in_boxes_but_not_in_the_edge_list() -> None:
    long_name = "a_component_with_a_name_much_longer_than_forty_characters"
    diagram = ascii_component_diagram([component(long_name, 0, ("b", 1)), component("b", 1)])
    lines = diagram.splitlines()
    assert lines[1] == "| a_component_with_a_name_much_longer_t... |"
    assert len(lines[1]) == 44
    assert lines[-1] == f"{long_name} --> b (1 import)"


def test_ascii_ignores_self_imports_and_components_not_drawn() -> None:
    components = [component("a", 0, ("a", 3), ("elsewhere", 2))]
    assert ascii_component_diagram(components) == (
        "+---+\n| a |\n+---+\n\n(no imports between components)"
    )


def test_ascii_is_plain_ascii_and_the_same_for_any_input_order() -> None:
    components = [
        component(f"c{i}", i % 3, *((f"c{j}", j) for j in range(i + 1, 12, 4))) for i in range(12)
    ]
    expected = ascii_component_diagram(components)
    shuffled = components.copy()
    random.Random(7).shuffle(shuffled)
    assert ascii_component_diagram(shuffled) == expected
    assert expected.isascii()
    assert not any(line != line.rstrip() for line in expected.splitlines())


def test_ascii_of_no_components() -> None:
    assert ascii_component_diagram([]) == "(no components)"


# --- Mermaid -------------------------------------------------------------------------------------


def test_mermaid_flowchart_of_layered_components_with_a_cycle() -> None:
    cycle = Cycle(("core", "util"), ())
    assert mermaid_component_flowchart(LAYERED, [cycle]) == (
        "flowchart TD\n"
        '    c_cli["cli"]\n'
        '    c_core["core"]\n'
        '    c_util["util"]\n'
        "    c_cli -->|4| c_core\n"
        "    c_cli -->|1| c_util\n"
        "    c_core -->|2| c_util\n"
        "    c_util -.->|1| c_core\n"
        "    classDef cycle fill:#fdecea,stroke:#c62828,stroke-width:2px\n"
        "    class c_core,c_util cycle"
    )


def test_mermaid_without_cycles_has_no_cycle_class() -> None:
    flowchart = mermaid_component_flowchart(LAYERED, [Cycle(("gone", "elsewhere"), ())])
    assert "classDef" not in flowchart
    assert flowchart.endswith("c_util -.->|1| c_core")


def test_mermaid_draws_an_edge_solid_when_any_import_is_at_run_time() -> None:
    components = [component("a", 0, ("b", 1, True), ("b", 2)), component("b", 1)]
    assert mermaid_component_flowchart(components).splitlines()[-1] == "    c_a -->|3| c_b"


def test_mermaid_ids_stay_unique_when_names_sanitise_alike() -> None:
    names = ["billing_api_2", "billing.api", "billing_api", "billing-api", "Billing api"]
    flowchart = mermaid_component_flowchart([component(name) for name in names])
    assert flowchart.splitlines()[1:] == [
        '    c_Billing_api["Billing api"]',
        '    c_billing_api["billing-api"]',
        '    c_billing_api_2["billing.api"]',
        '    c_billing_api_3["billing_api"]',
        '    c_billing_api_2_2["billing_api_2"]',
    ]


def test_mermaid_escapes_labels() -> None:
    name = 'odd "name" [x] (y) {z} <w> a|b #1 `t`'
    flowchart = mermaid_component_flowchart([component(name)])
    node = flowchart.splitlines()[1]
    assert node == (
        "    c_odd__name___x___y___z___w__a_b__1__t_"
        '["odd #quot;name#quot; #91;x#93; #40;y#41; #123;z#125; #lt;w#gt; '
        'a#124;b #35;1 #96;t#96;"]'
    )


def test_mermaid_keeps_a_label_on_one_line() -> None:
    flowchart = mermaid_component_flowchart([component("two\nlines")])
    assert flowchart.splitlines()[1] == '    c_two_lines["two lines"]'


def test_mermaid_is_the_same_for_any_input_order() -> None:
    components = [component(f"c{i}", 0, ((f"c{(i * 5) % 9}"), i + 1)) for i in range(9)]
    shuffled = components.copy()
    random.Random(3).shuffle(shuffled)
    assert mermaid_component_flowchart(shuffled) == mermaid_component_flowchart(components)


def test_mermaid_of_no_components() -> None:
    assert mermaid_component_flowchart([]) == 'flowchart TD\n    empty["(no components)"]'
