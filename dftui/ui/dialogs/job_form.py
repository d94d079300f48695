"""New job, edit job, duplicate job: one form, with the node graph editor of VISUAL jobs.

The fields and their rules are :class:`~dftui.ui.drafts.job.JobDraft`'s; the graph is edited in
a tree (``a`` add, ``enter``/``e`` edit, ``p`` parents, ``x``/``delete`` remove, ``[``/``]``
move), each node in its generated :class:`~dftui.ui.dialogs.node_form.NodeForm`. The caller
decides what saving means (create or update, from ``draft.job_id`` and ``draft.as_draft``) and
what verifying means; the form only collects, checks and shows.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, ClassVar

from pydantic import TypeAdapter, ValidationError
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Select, Tree

from dftui.api.contract import NodeCategory, category_of, node_spec
from dftui.api.errors import BadParameterError, DataFlowError
from dftui.api.models import Job, JobNode
from dftui.ui.dialogs.confirm import ConfirmScreen
from dftui.ui.dialogs.form import FieldRow, FormScreen
from dftui.ui.dialogs.node_form import NodeForm, NodeTypePicker, ParentsForm
from dftui.ui.dialogs.run_settings_form import settings_rows
from dftui.ui.drafts.fields import server_field
from dftui.ui.drafts.job import JOB_TYPES, TYPE_LABELS, JobDraft
from dftui.ui.drafts.job_nodes import (
    Node,
    display_name,
    find_cycle,
    move_node,
    names_by_id,
    new_node,
    node_id,
    node_problems,
    parent_ids,
    remove_node,
    replace_node,
    set_parents,
    type_label,
    who,
)
from dftui.ui.drafts.run_settings import CONDITION_KEYS, RunSettingsDraft
from dftui.ui.node_summary import category_glyph, node_settings, short_type
from dftui.ui.safe_text import clean

#: the same glyphs as the job view's graph
TREE_HINT = "a add · enter/e edit · p parents · x remove · [ ] move"
_NODE_MODEL: TypeAdapter[Any] = TypeAdapter(JobNode)
_NODE_PATH = re.compile(r"^nodes\[(\d+)\](?:\.(.+))?$")
#: server wire path -> form field
SERVER_FIELDS = {
    "name": "name",
    "type": "type",
    "description": "description",
    "maxConcurrentRuns": "max_concurrent_runs",
    **{f"jobCondition.{wire}": key for key, wire in CONDITION_KEYS.items()},
}


def node_summary_text(node: Mapping[str, Any]) -> str:
    """What a node does in a few words (node_summary's), or nothing while it does not parse yet."""
    try:
        return node_settings(_NODE_MODEL.validate_python(node))
    except (ValidationError, TypeError, ValueError):
        return ""


def node_label(node: Mapping[str, Any], names: Mapping[int, str], problems: int) -> Text:
    """One tree line: glyph, name, type, its parents, what it does, and a mark when something is wrong."""
    category = category_of(str(node.get("type")))
    label = Text(category_glyph(category.value if category else None) + " ", style="bold")
    label.append(clean(display_name(node)))
    label.append(f"  {clean(short_type(str(node.get('type'))))}", style="dim")
    parents = [names.get(parent, str(parent)) for parent in parent_ids(node)]
    if parents:
        label.append(f"  \N{LEFTWARDS ARROW} {clean(', '.join(parents))}", style="italic")
    summary = node_summary_text(node)
    if summary:
        label.append(f"  {clean(summary)}")
    if node_spec(str(node.get("type"))) is None:
        label.append("  kept as JSON", style="dim italic")
    if problems:
        label.append(f"  \N{WARNING SIGN} {problems} problem{'s' if problems > 1 else ''}", style="bold red")
    return label


class NodeTree(Tree[int | None]):
    """The graph as an ordered list of nodes; the keys act on the node under the cursor.

    The keys are listed in the hint under the tree, not in the footer, so the form's own keys
    (save, draft, JSON, verify) still fit an 80-column footer.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.add_node", "Add node", show=False),
        Binding("enter", "screen.edit_node", "Edit node", show=False),
        Binding("e", "screen.edit_node", "Edit node", show=False),
        Binding("p", "screen.set_parents", "Parents", show=False),
        Binding("x", "screen.remove_node", "Remove node", show=False),
        Binding("delete", "screen.remove_node", "Remove node", show=False),
        Binding("left_square_bracket", "screen.move_node(-1)", "Move up", show=False),
        Binding("right_square_bracket", "screen.move_node(1)", "Move down", show=False),
        Binding("ctrl+up", "screen.move_node(-1)", "Move up", show=False),
        Binding("ctrl+down", "screen.move_node(1)", "Move down", show=False),
    ]


class JobForm(FormScreen[JobDraft, Job]):
    """``send`` gets the draft: ``draft.job_id`` None means create, and ``draft.as_draft`` says
    "Save as draft" (ctrl+t) was chosen. ``verify`` returns the sentence to show when the service
    accepts the job; a :class:`DataFlowError` it raises is shown as the service's answer."""

    DEFAULT_CSS = """
    JobForm > #form { width: 112; height: 100%; }
    JobForm #form-fields { height: 1fr; max-height: 100%; }  /* the whole height: no 60vh cap */
    JobForm FieldRow { margin-bottom: 0; }
    JobForm #f-nodes { overflow-x: hidden; height: auto; max-height: 12; min-height: 3; border: tall $border-blurred; }
    JobForm #f-nodes:focus { border: tall $border; }
    JobForm FieldRow.-invalid > #f-nodes { border: tall $error; }
    JobForm FieldRow > Input, JobForm FieldRow > Select, JobForm FieldRow > TextArea { background: $boost; }
    JobForm FieldRow.-invalid > Input, JobForm FieldRow.-invalid > TextArea { background: $error 20%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "verify", "Verify", id="form.verify", priority=True),
    ]
    offers_draft = True
    json_name = "job.json"

    def __init__(
        self,
        title: str,
        initial: JobDraft,
        send: Callable[[JobDraft], Awaitable[Job]],
        *,
        verify: Callable[[JobDraft], Awaitable[str]],
        submit_label: str = "Save",
    ) -> None:
        super().__init__(title, initial, send)
        self.verify = verify
        self.submit_label = submit_label  # type: ignore[misc]
        self.nodes: tuple[Node, ...] = initial.nodes
        self.original = initial.original

    # ------------------------------------------------------------------ fields

    def compose_fields(self) -> ComposeResult:
        yield FieldRow("name", "Name", Input(placeholder="e.g. orders_daily", compact=True))
        yield FieldRow("description", "Description", Input(placeholder="optional", compact=True))
        editing = self.original is not None
        yield FieldRow(
            "type",
            "Type",
            Select(
                [(TYPE_LABELS[value], value) for value in JOB_TYPES],
                allow_blank=False,
                disabled=editing,
                compact=True,
            ),
            hint="the service cannot change the type of a saved job" if editing else None,
        )
        yield FieldRow(
            "max_concurrent_runs",
            "Max concurrent runs",
            Input(placeholder="1", compact=True),
            hint="1 or more",
        )
        tree = NodeTree("nodes")
        tree.show_root = False
        tree.guide_depth = 2
        yield FieldRow("nodes", "Node graph", tree, hint=TREE_HINT)
        for row in settings_rows():
            row.widget.compact = True  # type: ignore[attr-defined]
            yield row

    def read_draft(self) -> JobDraft:
        return JobDraft(
            name=self.get("name"),
            description=self.get("description"),
            type=self.get("type"),
            max_concurrent_runs=self.get("max_concurrent_runs"),
            settings=RunSettingsDraft(**{key: self.get(key) for key in CONDITION_KEYS}),
            nodes=self.nodes,
            original=self.original,
        )

    def fill(self, draft: JobDraft) -> None:
        for key in ("name", "description", "type", "max_concurrent_runs"):
            self.put(key, getattr(draft, key))
        for key in CONDITION_KEYS:
            self.put(key, getattr(draft.settings, key))
        self.nodes = draft.nodes
        self._draw_tree()

    def advice(self, draft: JobDraft) -> dict[str, str]:
        return {**draft.advice(), **self.name_advice(draft.name)}

    def problems(self, draft: JobDraft) -> dict[str, str]:
        return draft.problems()

    def body(self, draft: JobDraft) -> dict[str, Any]:
        return draft.body()

    def from_body(self, body: Any) -> JobDraft:
        return JobDraft.from_body(body, original=self.original)

    def shown_fields(self, draft: JobDraft) -> Iterable[str]:
        return draft.shown_fields()

    def prepared(self, draft: JobDraft, *, as_draft: bool) -> JobDraft:
        return draft.with_values(as_draft=as_draft)

    def field_for(self, server_path: str) -> str | None:
        if server_path.startswith("nodes"):
            return "nodes"
        return SERVER_FIELDS.get(server_path.replace("runCondition.", "jobCondition.")) or super().field_for(
            server_path
        )

    def rejected(self, error: DataFlowError) -> None:
        """As every form; a refused node is named, since ``nodes[3]`` means nothing to a person."""
        super().rejected(error)
        path = server_field(error.message) if isinstance(error, BadParameterError) else None
        match = _NODE_PATH.match(path or "")
        if match and int(match.group(1)) < len(self.nodes):
            node = self.nodes[int(match.group(1))]
            what = f" {match.group(2)}" if match.group(2) else ""
            self.server_problem = (
                "nodes",
                f"{who(node)}: the service refused{what}: {self.error_text(error)}",
            )
            self._revalidate()

    # ------------------------------------------------------------------ the tree

    @property
    def node_tree(self) -> NodeTree:
        return self.query_one("#f-nodes", NodeTree)

    def _selected(self) -> Node | None:
        cursor = self.node_tree.cursor_node
        wanted = cursor.data if cursor is not None else None
        return next((node for node in self.nodes if node_id(node) == wanted), None)

    def _draw_tree(self, select: int | None = None) -> None:
        tree = self.node_tree
        if select is None:
            current = self._selected()
            select = node_id(current) if current is not None else None
        tree.clear()
        tree.root.expand()
        names = names_by_id(self.nodes)
        on_cycle = set(find_cycle(self.nodes))
        line = 0
        for index, node in enumerate(self.nodes):
            count = len(node_problems(node, self.nodes)) + (node_id(node) in on_cycle)
            tree.root.add_leaf(node_label(node, names, count), data=node_id(node))
            if node_id(node) == select:
                line = index
        if not self.nodes:
            tree.root.add_leaf(Text("No nodes yet: press a to add the first one (a source)", style="dim"))
        self.call_after_refresh(setattr, tree, "cursor_line", line)

    def _graph_changed(self, nodes: tuple[Node, ...], select: int | None) -> None:
        self.nodes = nodes
        self.touched.add("nodes")
        if self.server_problem and self.server_problem[0] == "nodes":
            self.server_problem = None
        self._draw_tree(select)
        self._revalidate()
        self.node_tree.focus()

    def action_add_node(self) -> None:
        selected = self._selected()

        def picked(node_type: str | None) -> None:
            if node_type is None:
                return
            parents: list[int] = []
            if selected is not None and category_of(str(selected.get("type"))) is not NodeCategory.TARGET:
                parents = [i for i in (node_id(selected),) if i is not None]
            node = new_node(node_type, self.nodes, parents)
            self._open_node(f"New node: {type_label(node_type)}", node, adding_after=selected)

        self.app.push_screen(NodeTypePicker(), picked)

    def action_edit_node(self) -> None:
        node = self._selected()
        if node is None:
            self.action_add_node()
            return
        self._open_node(f"Node {display_name(node)}", node, adding_after=None)

    def _open_node(self, title: str, node: Node, *, adding_after: Node | None) -> None:
        names = names_by_id(self.nodes)
        parents = {parent: names.get(parent, str(parent)) for parent in parent_ids(node)}
        old_id = node_id(node)
        adding = old_id not in names

        def kept(result: Node | None) -> None:
            if result is None:
                return
            if not adding:
                self._graph_changed(replace_node(self.nodes, old_id or 0, result), old_id)
                return
            order = list(self.nodes)
            at = order.index(adding_after) + 1 if adding_after in order else len(order)
            order.insert(at, result)
            self._graph_changed(tuple(order), node_id(result))

        self.app.push_screen(NodeForm(title, node, parents), kept)

    def action_set_parents(self) -> None:
        node = self._selected()
        if node is None:
            return
        spec = node_spec(str(node.get("type")))
        if spec is not None and spec.max_parents == 0 and not parent_ids(node):
            self.show_message(f"{display_name(node)} is a source: it reads data itself and takes no parents")
            return

        def chosen(parents: list[int] | None) -> None:
            if parents is None:
                return
            updated = set_parents(node, parents, names_by_id(self.nodes))
            self._graph_changed(replace_node(self.nodes, node_id(node) or 0, updated), node_id(node))

        self.app.push_screen(ParentsForm(node, self.nodes), chosen)

    def action_remove_node(self) -> None:
        node = self._selected()
        if node is None:
            return
        own = node_id(node)
        children = [display_name(other) for other in self.nodes if own in parent_ids(other)]
        rows = [("Type", str(node.get("type")))]
        if children:
            rows.append(("Feeds", ", ".join(children)))
        index = self.nodes.index(node)

        def answered(remove: bool | None) -> None:
            if not remove or own is None:
                return
            nodes = remove_node(self.nodes, own)
            neighbour = nodes[min(index, len(nodes) - 1)] if nodes else None
            self._graph_changed(nodes, node_id(neighbour) if neighbour else None)

        self.app.push_screen(
            ConfirmScreen(
                f"Remove node {display_name(node)}?",
                rows,
                warnings=["its children lose it as a parent"] if children else [],
                confirm_label="Remove",
                cancel_label="Keep",
            ),
            answered,
        )

    def action_move_node(self, delta: int) -> None:
        node = self._selected()
        if node is None or node_id(node) is None:
            return
        moved = node_id(node)
        assert moved is not None
        self._graph_changed(move_node(self.nodes, moved, delta), moved)

    # ------------------------------------------------------------------ verify

    def action_verify(self) -> None:
        if self.busy or self.refused_with_problems("verify"):
            return
        self._verify(self.prepared(self.read_draft(), as_draft=False))

    @work(exclusive=True, group="form-verify", exit_on_error=False, description="checking the job")
    async def _verify(self, draft: JobDraft) -> None:
        self.show_message("Asking the service to verify the job\N{HORIZONTAL ELLIPSIS}", info=True)
        try:
            answer = await self.verify(draft)
        except DataFlowError as error:
            self.show_message(f"Verify: {self.error_text(error)}")
            return
        self.show_message(answer, info=True)
