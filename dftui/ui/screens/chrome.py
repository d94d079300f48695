"""The frame every dftui screen shares, and the keys that act on the selected object.

Header, body, status line, footer and ``escape`` back are composed here once. The object keys
(``J`` JSON, ``c``/``C`` copy, ``w`` watch, ``x`` run, ``k`` stop) live here too, with the one
rule that decides when each is offered:

* a key is offered (footer, ``?``, bound at all) only on a screen that shows the kinds of object
  it acts on (``shows``: no ``k`` among triggers, no ``e`` among executions);
* where it is offered it is shown only when it can act, and its twin on the same key (same
  binding id, so a remap moves both) says why it cannot: read-only mode, a finished run, nothing
  selected;
* a write (``x``, ``k``) is refused in read-only mode before any dialog opens or any request is
  sent, and the client refuses too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable

from dftui.api.models import Execution, Job, JobListItem, Trigger, Workflow, WorkflowListItem
from dftui.ui.dialogs.json_view import JsonViewScreen
from dftui.ui.resources import Kind, raw_json, resource_id, resource_kind, resource_title
from dftui.ui.run_rules import (
    READ_ONLY_CANCEL,
    READ_ONLY_RUN_JOB,
    READ_ONLY_RUN_WORKFLOW,
    is_cancellable,
    not_cancellable_message,
)
from dftui.ui.safe_text import clean
from dftui.ui.services.settings import RefreshSettings
from dftui.ui.session import Session
from dftui.ui.widgets.app_header import AppHeader
from dftui.ui.widgets.footer import KeyFooter
from dftui.ui.widgets.status_line import StatusLine

RunTarget = Job | JobListItem | Workflow

#: below this width the footer leaves out the palette hint (ctrl+p still works, ? lists it)
FOOTER_PALETTE_FROM = 100

#: each write key's action, its read-only refusal and its explanation share one key and id
RUN_TWINS = ("run", "run_refused", "run_explain")
CANCEL_TWINS = ("cancel_execution", "cancel_refused", "cancel_explain")
WATCH_TWINS = ("watch", "watch_explain")
NEW_TWINS = ("new", "new_refused", "new_refused")
EDIT_TWINS = ("edit", "edit_refused", "edit_explain")
SETTINGS_TWINS = ("edit_settings", "edit_settings_refused", "edit_settings_explain")
DUPLICATE_TWINS = ("duplicate", "duplicate_refused", "duplicate_explain")
DELETE_TWINS = ("delete", "delete_refused", "delete_explain")
WRITE_TWINS = (EDIT_TWINS, SETTINGS_TWINS, DUPLICATE_TWINS, DELETE_TWINS)
#: what e / D / d act on, and what E acts on
EDITABLE = (Trigger, Job, JobListItem, Workflow, WorkflowListItem)
JOBS = (Job, JobListItem)
#: the read-only refusal of each write key, by action
REFUSALS = {
    "new_refused": "creating",
    "edit_refused": "editing",
    "edit_settings_refused": "editing saved run settings",
    "duplicate_refused": "duplicating",
    "delete_refused": "deleting",
}


class ChromeScreen(Screen[None]):
    """Header, body, status line and footer; ``escape`` goes back when there is somewhere to go."""

    screen_title: ClassVar[str] = ""
    #: True for views the screen keys (1-4) close on their way elsewhere (watching, request log)
    overlay: ClassVar[bool] = False
    #: False hides J / c / C / w where the screen shows no single API object
    has_selection: ClassVar[bool] = True
    #: the kinds of object this screen can select: a key that acts on none of them is not
    #: offered here, in the footer or under ? (no ``k`` where no execution is ever shown)
    shows: ClassVar[frozenset[Kind]] = frozenset({"execution", "job", "workflow", "trigger"})
    #: False hides x / k entirely (screens with nothing to run or stop)
    offers_writes: ClassVar[bool] = True
    #: False frees x for the screen's own use (watching: unpin)
    offers_run: ClassVar[bool] = True
    #: what ``n`` creates here (None: ``n`` is not offered)
    creates: ClassVar[Kind | None] = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("J", "show_json", "JSON", id="data.json"),
        # listed under ?, so every footer fits 80 columns
        Binding("c", "copy_id", "Copy id", show=False, id="data.copy_id"),
        Binding("C", "copy_json", "Copy JSON", show=False, id="data.copy_json"),
        Binding("w", "watch", "Watch", id="data.watch"),
        Binding("w", "watch_explain", "Watch", show=False, id="data.watch"),
        Binding("x", "run", "Run", id="data.run"),
        Binding("x", "run_refused", "Run (blocked: read-only)", show=False, id="data.run"),
        Binding("x", "run_explain", "Run", show=False, id="data.run"),
        Binding("k", "cancel_execution", "Stop run", id="data.cancel"),
        Binding("k", "cancel_refused", "Stop run (blocked: read-only)", show=False, id="data.cancel"),
        Binding("k", "cancel_explain", "Stop run", show=False, id="data.cancel"),
        Binding("n", "new", "New", id="data.new"),
        Binding("n", "new_refused", "New (blocked: read-only)", show=False, id="data.new"),
        Binding("e", "edit", "Edit", id="data.edit"),
        Binding("e", "edit_refused", "Edit (blocked: read-only)", show=False, id="data.edit"),
        Binding("e", "edit_explain", "Edit", show=False, id="data.edit"),
        # listed under ? (not the footer), so every footer fits 80 columns
        Binding("d", "delete", "Delete", show=False, id="data.delete"),
        Binding("d", "delete_refused", "Delete (blocked: read-only)", show=False, id="data.delete"),
        Binding("d", "delete_explain", "Delete", show=False, id="data.delete"),
        # listed under ?, so every footer fits 80 columns
        Binding("D", "duplicate", "Duplicate", show=False, id="data.duplicate"),
        Binding("D", "duplicate_refused", "Duplicate (blocked: read-only)", show=False, id="data.duplicate"),
        Binding("D", "duplicate_explain", "Duplicate", show=False, id="data.duplicate"),
        Binding("E", "edit_settings", "Run settings", show=False, id="data.edit_settings"),
        Binding(
            "E",
            "edit_settings_refused",
            "Run settings (blocked: read-only)",
            show=False,
            id="data.edit_settings",
        ),
        Binding("E", "edit_settings_explain", "Run settings", show=False, id="data.edit_settings"),
    ]

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.last_updated: datetime | None = None
        self._published_bindings: tuple[Any, ...] | None = None

    # ------------------------------------------------------------------ compose

    def compose(self) -> ComposeResult:
        yield AppHeader(self.session, self.screen_title, lambda: self.last_updated)
        yield from self.compose_body()
        yield StatusLine()
        yield KeyFooter(compact=True)

    def compose_body(self) -> ComposeResult:
        """Subclasses yield their content here."""
        yield from ()

    def on_mount(self) -> None:
        # runs after the subclasses' on_mount: Textual calls each class's in MRO order
        self.session.settings.changed.subscribe(self, self.settings_changed)

    def on_unmount(self) -> None:
        """A signal lets go of a dead subscriber only when it next publishes, and data and settings
        rarely do: without this every detail view or overlay ever opened stays in memory."""
        session = self.session
        for signal in (session.settings.changed, session.data.changed, session.watches.changed):
            signal.unsubscribe(self)
        session.requests.recorded.unsubscribe(self)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(KeyFooter).show_command_palette = event.size.width >= FOOTER_PALETTE_FROM

    def settings_changed(self, settings: RefreshSettings) -> None:
        """Read-only or pause toggled: the keys on offer change."""
        self.refresh_bindings()

    @property
    def status_line(self) -> StatusLine:
        return self.query_one(StatusLine)

    def refresh_header(self) -> None:
        for header in self.query(AppHeader):
            header.refresh_header()

    # ------------------------------------------------------------------- target

    def selected_object(self) -> Any | None:
        """The API model the user is pointing at (for J / c / C / w)."""
        return None

    def watch_target(self) -> Any | None:
        """What ``w`` watches: the selected object (Runs: a workflow run's newest live execution)."""
        return self.selected_object()

    def run_target(self) -> RunTarget | None:
        """What ``x`` runs: the selected job or workflow (detail views: their own)."""
        obj = self.selected_object()
        return obj if isinstance(obj, (Job, JobListItem, Workflow)) else None

    def edit_target(self) -> Any | None:
        """What e / D / d act on: the selected trigger, job or workflow (detail views: their own)."""
        obj = self.selected_object()
        if isinstance(obj, EDITABLE):
            return obj
        target = self.run_target()
        return target if isinstance(target, EDITABLE) else None

    def object_commands(self) -> Iterable[SystemCommand]:
        """Palette twins of e / D / d / E for what is selected (each refuses in read-only mode)."""
        target = self._safe(self.edit_target)
        if target is None or not self.offers_writes:
            return
        title = escape(clean(resource_title(target)))  # palette titles are markup; names are not
        writes = self.session.writes
        yield SystemCommand(f"Edit {title}", "Open it in a form (e)", partial(writes.edit, target))
        yield SystemCommand(
            f"Duplicate {title}", "A new one prefilled from it (D)", partial(writes.duplicate, target)
        )
        yield SystemCommand(
            f"Delete {title}",
            "After typing its name (d)",
            partial(writes.delete, target, after=partial(self.deleted, target)),
        )
        if isinstance(target, JOBS):
            yield SystemCommand(
                f"Run settings of {title}",
                "Edit the saved run settings (E)",
                partial(writes.edit_run_settings, target),
            )

    def deleted(self, item: Any) -> None:
        """Called after ``item`` was deleted from this screen; detail views close themselves."""

    def selected_execution(self) -> Execution | None:
        """What ``k`` would stop."""
        obj = self.selected_object()
        return obj if isinstance(obj, Execution) else None

    def _safe(self, target: Any) -> Any | None:
        """Footers ask before the widgets exist; nothing is selected then."""
        try:
            return target()
        except NoMatches:
            return None

    # ------------------------------------------------------------- enablement

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key (and stops it); None would show it greyed out
        if action in {"show_json", "copy_id", "copy_json", *WATCH_TWINS} and not self.has_selection:
            return False
        if not self.offers(action) and action not in EXPLAINED_EVERYWHERE:
            return False
        if action in WATCH_TWINS:
            watchable = self.offers("watch") and self._safe(self.watch_target) is not None
            return watchable if action == "watch" else not watchable
        if action in (*RUN_TWINS, *CANCEL_TWINS):
            if not self.offers_writes or (action in RUN_TWINS and not self.offers_run):
                return False
            if action in RUN_TWINS:
                possible = self._safe(self.run_target) is not None
                return _write_state(action, RUN_TWINS, self.session.settings.read_only, possible)
            cancellable = is_cancellable(self._safe(self.selected_execution))
            return _write_state(action, CANCEL_TWINS, self.session.settings.read_only, cancellable)
        if action in NEW_TWINS:
            if self.creates is None:
                return False
            return self.session.settings.read_only == (action == "new_refused")
        for twins in WRITE_TWINS:
            if action in twins:
                return self._write_key_state(action, twins)
        if action == "back":
            return len(self.app.screen_stack) > 1
        return True

    def offers(self, action: str) -> bool:
        """Whether the key acts on some kind of object this screen shows (``?`` lists only those)."""
        kinds = _ACTS_ON.get(action)
        return kinds is None or bool(self.shows & kinds)

    def _write_key_state(self, action: str, twins: tuple[str, str, str]) -> bool:
        if not self.has_selection or not self.offers_writes:
            return False
        target = self._safe(self.edit_target)
        possible = isinstance(target, JOBS) if twins is SETTINGS_TWINS else target is not None
        return _write_state(action, twins, self.session.settings.read_only, possible)

    @on(DataTable.RowHighlighted)
    def _selection_moved(self) -> None:
        self.refresh_bindings()

    def refresh_bindings(self) -> None:
        """Tell the footer only when a key's state changed: it rebuilds every key widget each
        time it hears, which was most of an idle screen's CPU (every poll, every cursor move)."""
        state = self._binding_state()
        if state is None or state != self._published_bindings:
            self._published_bindings = state
            super().refresh_bindings()

    def _binding_state(self) -> tuple[Any, ...] | None:
        try:
            active = self.active_bindings
        except Exception:  # asked before the screen can answer: always publish then
            return None
        return tuple((key, a.binding, a.enabled, a.tooltip) for key, a in active.items())

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()

    def action_run(self) -> None:
        target = self.run_target()
        if isinstance(target, Workflow):
            self.session.actions.run_workflow(target)
        elif target is not None:
            self.session.actions.run_job(target)

    def action_run_refused(self) -> None:
        message = READ_ONLY_RUN_WORKFLOW if isinstance(self.run_target(), Workflow) else READ_ONLY_RUN_JOB
        self.notify(message, title="Read-only", severity="warning", markup=False)

    def action_run_explain(self) -> None:
        self.notify("x runs a job or a workflow: select one first", severity="warning", markup=False)

    def action_cancel_execution(self) -> None:
        target = self.selected_execution()
        if target is not None:
            self.session.actions.cancel_execution(target)

    def action_cancel_refused(self) -> None:
        self.notify(READ_ONLY_CANCEL, title="Read-only", severity="warning", markup=False)

    def action_cancel_explain(self) -> None:
        self.notify(not_cancellable_message(self.selected_execution()), severity="warning", markup=False)

    def action_new(self) -> None:
        if self.creates is not None:
            self.session.writes.new(self.creates)

    def action_edit(self) -> None:
        target = self.edit_target()
        if target is not None:
            self.session.writes.edit(target)

    def action_edit_settings(self) -> None:
        target = self.edit_target()
        if isinstance(target, JOBS):
            self.session.writes.edit_run_settings(target)

    def action_duplicate(self) -> None:
        target = self.edit_target()
        if target is not None:
            self.session.writes.duplicate(target)

    def action_delete(self) -> None:
        target = self.edit_target()
        if target is not None:
            self.session.writes.delete(target, after=lambda: self.deleted(target))

    def _refuse_write(self, action: str) -> None:
        what = REFUSALS[action]
        kind = self.creates if action == "new_refused" else resource_kind(self._safe(self.edit_target))
        message = f"Read-only mode: {what} {'a ' + kind if kind else 'items'} is disabled (toggle in the command palette)"
        self.notify(message, title="Read-only", severity="warning", markup=False)

    def action_new_refused(self) -> None:
        self._refuse_write("new_refused")

    def action_edit_refused(self) -> None:
        self._refuse_write("edit_refused")

    def action_edit_settings_refused(self) -> None:
        self._refuse_write("edit_settings_refused")

    def action_duplicate_refused(self) -> None:
        self._refuse_write("duplicate_refused")

    def action_delete_refused(self) -> None:
        self._refuse_write("delete_refused")

    def _explain_write(self, key: str, does: str) -> None:
        self.notify(f"{key} {does}: select one first", severity="warning", markup=False)

    def action_edit_explain(self) -> None:
        self._explain_write("e", "edits a trigger, a job or a workflow")

    def action_duplicate_explain(self) -> None:
        self._explain_write("D", "duplicates a trigger, a job or a workflow")

    def action_delete_explain(self) -> None:
        self._explain_write("d", "deletes a trigger, a job or a workflow")

    def action_edit_settings_explain(self) -> None:
        self._explain_write("E", "edits the saved run settings of a job")

    def action_show_json(self) -> None:
        obj = self.selected_object()
        if obj is None:
            self.notify("Nothing selected", severity="warning")
            return
        self.app.push_screen(JsonViewScreen(resource_title(obj), raw_json(obj)))

    def action_copy_id(self) -> None:
        obj = self.selected_object()
        if obj is not None:
            self.copy_text(resource_id(obj), "id")

    def action_copy_json(self) -> None:
        obj = self.selected_object()
        if obj is not None:
            self.app.copy_to_clipboard(json.dumps(raw_json(obj), indent=2, ensure_ascii=False))
            self.notify(f"Copied JSON of {resource_title(obj)}", markup=False)

    def copy_text(self, text: str, what: str) -> None:
        if not text:
            self.notify(f"No {what} to copy", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {what}: {text}" if len(text) < 80 else f"Copied {what}", markup=False)

    def action_watch(self) -> None:
        obj = self.watch_target()
        if obj is not None:
            self.session.watches.watch(obj)

    def action_watch_explain(self) -> None:
        obj = self._safe(self.watch_target)
        if obj is None:
            message = "Nothing selected to watch"
        elif resource_kind(obj) == "trigger":
            message = "A trigger has no executions of its own: open a workflow that uses it and press w there"
        else:
            message = "Only executions, jobs and workflows can be watched"
        self.notify(message, severity="warning", markup=False)


#: keys pressed where they cannot act (w on a trigger) that say why rather than nothing, though
#: ``?`` does not list them there
EXPLAINED_EVERYWHERE = frozenset({"watch_explain"})
#: the kinds of object each object key acts on (a key not listed acts on whatever is selected)
_ACTS_ON: dict[str, frozenset[Kind]] = {
    **dict.fromkeys(WATCH_TWINS, frozenset({"execution", "job", "workflow"})),
    **dict.fromkeys(RUN_TWINS, frozenset({"job", "workflow"})),
    **dict.fromkeys(CANCEL_TWINS, frozenset({"execution"})),
    **dict.fromkeys(SETTINGS_TWINS, frozenset({"job"})),
    **dict.fromkeys(
        (*EDIT_TWINS, *DUPLICATE_TWINS, *DELETE_TWINS), frozenset({"job", "workflow", "trigger"})
    ),
}


def _write_state(action: str, twins: tuple[str, str, str], read_only: bool, possible: bool) -> bool:
    """Exactly one of (act, refuse, explain) is active for a write key."""
    act, refuse, _explain = twins
    if action == refuse:
        return read_only
    if action == act:
        return possible and not read_only
    return not possible and not read_only
