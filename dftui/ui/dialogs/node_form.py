"""The job form's node dialogs: pick a node type, edit one node, choose its parents.

The node form is generated from the node type's contract spec (one row per field, the widget by
field kind), and it is a :class:`FormScreen` like every other form: validation as typed,
``ctrl+s``, the discard question, ``ctrl+o`` for the node's JSON. Nothing here talks to the
service: saving a node hands it back to the job form, which sends the whole job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, SelectionList, TextArea
from textual.widgets.option_list import Option

from dftui.api.contract import FieldKind, FieldSpec, NodeCategory, category_of
from dftui.ui.dialogs.form import FieldRow, FormScreen
from dftui.ui.drafts.fields import DraftError, object_of
from dftui.ui.drafts.job_nodes import (
    NODE_GROUPS,
    Node,
    as_int,
    display_name,
    field_label,
    node_id,
    type_label,
)
from dftui.ui.drafts.node_draft import COLUMN_TYPES, NodeDraft, item_hint
from dftui.ui.safe_text import clean, safe_text
from dftui.ui.widgets.footer import KeyFooter

#: the picker's type column: as wide as its widest label ("Object Storage source")
PICKER_TYPE_WIDTH = max(len(type_label(spec.type)) for _category, specs in NODE_GROUPS for spec in specs)

NAME_KEY = "name"


async def _hand_back(draft: NodeDraft) -> Node:
    """The node form's "send": no request, the job form keeps the node until the job is saved."""
    return draft.node()


def _widget_for(spec: FieldSpec, optional: bool, parents: Mapping[int, str]) -> Widget:
    if spec.kind is FieldKind.INTEGER and spec.parent_ref:
        choices = [(safe_text(name), str(parent)) for parent, name in parents.items()]
        return Select(choices, prompt="choose one of its parents (p sets them)", compact=True)
    if spec.kind is FieldKind.ENUM:
        options = [(value, value) for value in spec.allowed]
        return Select(options, allow_blank=optional, prompt="not set", compact=True)
    if spec.kind in (FieldKind.SQL, FieldKind.COLUMNS, FieldKind.OBJECT_LIST):
        return TextArea(soft_wrap=spec.kind is FieldKind.SQL, compact=True)
    placeholder = spec.example or ("id, name" if spec.kind is FieldKind.STRING_LIST else "")
    return Input(placeholder=placeholder, compact=True)


def _type_prompt(node_type: str, summary: str) -> Table:
    """A type and its summary in two columns: a summary too long for the line wraps in its own."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=PICKER_TYPE_WIDTH + 3)
    grid.add_column(ratio=1)
    grid.add_row(f"  {type_label(node_type)}", summary)
    return grid


def _hint_for(spec: FieldSpec) -> str | None:
    if spec.kind is FieldKind.COLUMNS:
        return f"one name:type per line; type: {', '.join(COLUMN_TYPES)}"
    if spec.kind is FieldKind.OBJECT_LIST:
        return item_hint(spec)
    if spec.kind is FieldKind.STRING_LIST:
        return "names separated by commas"
    return spec.doc


class NodeForm(FormScreen[NodeDraft, Node]):
    """One node of the graph; its rows come from the node type's spec, never written per type."""

    DEFAULT_CSS = """
    NodeForm .node-fact { color: $text-muted; }
    NodeForm FieldRow { margin-bottom: 0; }
    NodeForm FieldRow > TextArea { height: 5; }
    NodeForm FieldRow > Input, NodeForm FieldRow > Select, NodeForm FieldRow > TextArea { background: $boost; }
    NodeForm FieldRow.-invalid > Input, NodeForm FieldRow.-invalid > TextArea { background: $error 20%; }
    ParentsForm FieldRow > SelectionList { background: $boost; }
    """
    json_name = "node.json"
    submit_label = "Keep node"

    def __init__(self, title: str, node: Mapping[str, Any], parents: Mapping[int, str]) -> None:
        super().__init__(title, NodeDraft.from_node(node, parents), _hand_back)
        self.node = dict(node)
        self.parents = dict(parents)

    def compose_fields(self) -> ComposeResult:
        spec = NodeDraft.spec_of(self.node)
        summary = f"{self.node.get('type')}: {spec.summary}" if spec else str(self.node.get("type"))
        yield Label(clean(summary), classes="node-fact", markup=False)
        parents = ", ".join(self.parents.values()) or "none"
        yield Label(clean(f"Parents: {parents}"), classes="node-fact", markup=False)
        yield FieldRow(NAME_KEY, "Node name", Input(placeholder="Orders from storage", compact=True))
        if spec is None:
            yield Label("Not a type dftui can edit: ctrl+o edits its JSON", classes="node-fact")
            return
        for field_spec in spec.fields:
            optional = field_spec in spec.optional
            label = field_label(field_spec.name) + (", optional" if optional else "")
            widget = _widget_for(field_spec, optional, self.parents)
            yield FieldRow(field_spec.name, label, widget, hint=_hint_for(field_spec))

    def read_draft(self) -> NodeDraft:
        texts = {spec.name: self.get(spec.name) for spec in self.initial.fields()}
        return NodeDraft(base=self.node, name=self.get(NAME_KEY), texts=texts, parents=self.parents)

    def fill(self, draft: NodeDraft) -> None:
        self.node = dict(draft.base)
        self.put(NAME_KEY, draft.name)
        for spec in draft.fields():
            self.put(spec.name, draft.texts.get(spec.name, ""))

    def problems(self, draft: NodeDraft) -> dict[str, str]:
        return draft.problems()

    def body(self, draft: NodeDraft) -> dict[str, Any]:
        return draft.node()

    def from_body(self, body: Any) -> NodeDraft:
        return NodeDraft.from_body(body, self.read_draft())


class ParentsForm(FormScreen[tuple[str, ...], list[int]]):
    """``p`` on a node: which nodes feed it. Targets cannot be parents, so they are not offered."""

    json_name = "parents.json"
    submit_label = "Set parents"

    def __init__(self, node: Mapping[str, Any], nodes: Sequence[Mapping[str, Any]]) -> None:
        own = node_id(node)
        self.choices = [
            (display_name(other), i)
            for other in nodes
            if (i := node_id(other)) is not None
            and i != own
            and category_of(str(other.get("type"))) is not NodeCategory.TARGET
        ]
        current = tuple(str(p) for p in node.get("parentNodeIds", []) or [])

        async def chosen(draft: tuple[str, ...]) -> list[int]:
            return [int(value) for value in draft]

        super().__init__(f"Parents of {display_name(node)}", current, chosen)

    def compose_fields(self) -> ComposeResult:
        options = [(safe_text(name), str(i)) for name, i in self.choices]
        hint = "space selects; the first parent chosen is the first input" if options else None
        yield FieldRow(
            "parents", "Takes its rows from", SelectionList[str](*options, compact=True), hint=hint
        )
        if not options:
            yield Label("No other node can be a parent yet: add a source first (a)")

    def read_draft(self) -> tuple[str, ...]:
        value: tuple[str, ...] = self.get("parents")
        return value

    def fill(self, draft: tuple[str, ...]) -> None:
        self.put("parents", draft)

    def problems(self, draft: tuple[str, ...]) -> dict[str, str]:
        return {}

    def body(self, draft: tuple[str, ...]) -> dict[str, Any]:
        return {"parentNodeIds": [int(value) for value in draft]}

    def from_body(self, body: Any) -> tuple[str, ...]:
        data = object_of(body, "")
        parents = data.get("parentNodeIds", [])
        if not isinstance(parents, list) or any(as_int(p) is None for p in parents):
            raise DraftError("parentNodeIds", "a list of node ids")
        return tuple(str(as_int(p)) for p in parents)


class NodeTypePicker(ModalScreen[str | None]):
    """Every catalogue type, grouped by category; typing filters, ``enter`` picks."""

    DEFAULT_CSS = """
    NodeTypePicker { align: center middle; }
    NodeTypePicker > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    NodeTypePicker #picker-title { text-style: bold; }
    NodeTypePicker OptionList { height: auto; max-height: 26; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel"),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Add a node: type to filter, enter adds", id="picker-title")
            yield Input(placeholder="filter, e.g. join or storage", id="picker-filter", compact=True)
            yield OptionList(id="picker-types")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._show("")
        self.query_one("#picker-filter", Input).focus()

    def _show(self, text: str) -> None:
        words = text.lower().split()
        options: list[Option] = []
        for category, specs in NODE_GROUPS:
            matching = [
                spec
                for spec in specs
                if all(
                    word in f"{spec.type} {type_label(spec.type)} {spec.summary}".lower().replace("_", " ")
                    or word in spec.type.lower()
                    for word in words
                )
            ]
            if not matching:
                continue
            options.append(Option(f"{category.value.title()}s", disabled=True))
            options.extend(Option(_type_prompt(spec.type, spec.summary), id=spec.type) for spec in matching)
        picker = self.query_one("#picker-types", OptionList)
        picker.set_options(options)
        first = next((index for index, option in enumerate(options) if not option.disabled), None)
        picker.highlighted = first

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    def action_move(self, step: int) -> None:
        picker = self.query_one("#picker-types", OptionList)
        if step > 0:
            picker.action_cursor_down()
        else:
            picker.action_cursor_up()

    @on(Input.Submitted, "#picker-filter")
    def _pick_highlighted(self) -> None:
        picker = self.query_one("#picker-types", OptionList)
        if picker.highlighted is not None:
            option = picker.get_option_at_index(picker.highlighted)
            if option.id:
                self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#picker-types")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
