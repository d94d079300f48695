"""The one form framework: every create, edit and run-with-settings dialog is a :class:`FormScreen`.

What the base class guarantees, so no form re-implements it:

* focus starts in the first field; ``tab``/``shift+tab`` move; ``ctrl+s`` submits;
* each field shows its problem as the user types (once touched), and a submit with problems is
  refused with focus on the first bad field; nothing is sent;
* a failed submit keeps everything typed: a server ``400 {field=value}`` appears beside the field
  it names (or at the top), any other error at the top, and the user can fix and resubmit;
* ``escape`` with edits asks "Discard changes?" (``y`` discards, ``n``/``escape`` returns);
* ``ctrl+o`` opens the request body as JSON in ``$VISUAL``/``$EDITOR`` (the terminal is handed over
  with ``App.suspend``); on return the form reloads from it, and bad JSON or a bad field is reported
  with its place while the text is kept for the next ``ctrl+o``.

Subclasses say which widgets exist (``compose_fields``), how widgets become a draft and back
(``read_draft`` / ``fill``), what the draft's problems and body are, and what submitting does.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, TextArea

from dftui.api.errors import BadParameterError, DataFlowError
from dftui.ui.dialogs.confirm import ConfirmScreen
from dftui.ui.drafts.fields import DraftError, name_in_use, server_field
from dftui.ui.errors import error_message
from dftui.ui.safe_text import clean
from dftui.ui.widgets.footer import KeyFooter
from dftui.ui.widgets.labels import set_label_text

DraftT = TypeVar("DraftT")
ResultT = TypeVar("ResultT")

EDITABLE = (Input, Select, SelectionList, TextArea, Checkbox)


def field_id(key: str) -> str:
    return f"f-{key}"


class FieldRow(Vertical):
    """A label, one input widget and the line where its problem is shown."""

    DEFAULT_CSS = """
    FieldRow { height: auto; margin-bottom: 1; }
    FieldRow > .field-label { color: $text-muted; }
    FieldRow > .field-hint { color: $text-muted; text-style: italic; width: 100%; }
    FieldRow > .field-error { color: $error; display: none; width: 100%; }
    FieldRow.-invalid > .field-error { display: block; }
    FieldRow > .field-advice { color: $warning; display: none; width: 100%; }
    FieldRow.-advised > .field-advice { display: block; }
    FieldRow > Input, FieldRow > Select, FieldRow > TextArea, FieldRow > SelectionList { background: $boost; }
    FieldRow.-invalid > Input, FieldRow.-invalid > TextArea, FieldRow.-invalid > SelectionList {
        background: $error 20%;
    }
    FieldRow > TextArea { height: 5; }
    FieldRow > SelectionList { height: auto; max-height: 9; }
    """

    def __init__(self, key: str, label: str, widget: Widget, *, hint: str | None = None) -> None:
        super().__init__(id=f"row-{key}")
        self.key = key
        self.label_text = label
        self.widget = widget
        widget.id = field_id(key)
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="field-label", markup=False)
        yield self.widget
        if self.hint:
            yield Label(self.hint, classes="field-hint", markup=False)
        yield Label("", classes="field-error", markup=False)
        yield Label("", classes="field-advice", markup=False)

    def show_problem(self, problem: str | None, advice: str | None = None) -> None:
        """The problem, or else the advice: a warning that does not stop the submit."""
        self.set_class(problem is not None, "-invalid")
        # multiline: a node graph lists one problem a line (and every key revalidates every row)
        set_label_text(self.query_one(".field-error", Label), clean(problem or "", multiline=True))
        shown = advice if problem is None else None
        self.set_class(shown is not None, "-advised")
        set_label_text(
            self.query_one(".field-advice", Label), clean(f"\N{WARNING SIGN} {shown}" if shown else "")
        )


def _no_skew() -> timedelta | None:
    return None


class FormScreen(ModalScreen[ResultT | None], Generic[DraftT, ResultT]):
    """Base of every form. ``dismiss(result)`` only after a successful submit; ``None`` on cancel."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    FormScreen #form-title { text-style: bold; width: 1fr; }
    FormScreen #form-message { color: $error; height: auto; width: 100%; display: none; }
    FormScreen #form-message.-shown { display: block; }
    FormScreen #form-message.-info { color: $success; }
    FormScreen #form-fields { height: auto; max-height: 60vh; }
    FormScreen #form-note { color: $text-muted; height: auto; }
    FormScreen #form-buttons { height: auto; align-horizontal: right; }
    FormScreen #form-buttons Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="form.submit", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+t", "submit_draft", "Save as draft", id="form.submit_draft", priority=True),
        Binding("ctrl+o", "edit_json", "Edit as JSON", id="form.edit_json", priority=True),
    ]

    #: True where the API can keep an unfinished item (jobs, workflows): ctrl+t saves it as a draft
    offers_draft: ClassVar[bool] = False

    #: label of the submit button (and of ctrl+s in the footer)
    submit_label: ClassVar[str] = "Save"
    #: what the JSON file is called in the editor (its extension matters to editors)
    json_name: ClassVar[str] = "request.json"

    def __init__(self, title: str, initial: DraftT, send: Callable[[DraftT], Awaitable[ResultT]]) -> None:
        super().__init__()
        self.form_title = title
        self.initial = initial
        self.send = send
        self.touched: set[str] = set()
        self.submitted_once = False
        self.busy = False
        self.server_problem: tuple[str, str] | None = None
        #: what the submit does ("save", "run", "verify") while the "Fix N fields" banner is shown: it
        #: follows the fields as they are fixed
        self.problems_banner: str | None = None
        self.kept_json: str | None = None
        self.saving_draft = False
        #: the server's clock minus this machine's (``DataFlowClient.clock_skew``), asked when an
        #: error is shown; whoever opens a form that sends sets it, so a refused signature says
        #: which clock is ahead
        self.clock_skew: Callable[[], timedelta | None] = _no_skew
        #: names other items of this kind have (whoever opens the form sets them, from the lists
        #: as last loaded): a name in use is advised against beside the name field
        self.names_in_use: frozenset[str] = frozenset()
        self.item_kind = "item"

    def error_text(self, error: BaseException) -> str:
        """A failed request as a sentence, with the clock skew the client measured."""
        return error_message(error, clock_skew=self.clock_skew())

    # ---------------------------------------------------------------- subclass API

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def read_draft(self) -> DraftT:
        raise NotImplementedError

    def fill(self, draft: DraftT) -> None:
        raise NotImplementedError

    def problems(self, draft: DraftT) -> dict[str, str]:
        raise NotImplementedError

    def body(self, draft: DraftT) -> dict[str, Any]:
        raise NotImplementedError

    def from_body(self, body: Any) -> DraftT:
        """A body edited as JSON back into a draft; raises :class:`DraftError` naming the field."""
        raise NotImplementedError

    async def submit(self, draft: DraftT) -> ResultT:
        """Send the request (the caller's ``send``); the client's error keeps the form open."""
        return await self.send(draft)

    def advice(self, draft: DraftT) -> dict[str, str]:
        """Field -> a warning that does not stop the submit (the service may accept it). Fields
        that share one sentence show it once, beside the first of them."""
        return {}

    def name_advice(self, name: str) -> dict[str, str]:
        """For forms with a ``name`` field: whether another item of the kind has the name."""
        advice = name_in_use(name, self.names_in_use, self.item_kind)
        return {"name": advice} if advice else {}

    def shown_fields(self, draft: DraftT) -> Iterable[str] | None:
        """Keys of the rows to show (None: all of them)."""
        return None

    def field_for(self, server_path: str) -> str | None:
        """The form field a server's ``{path=value}`` points at (default: the first path part)."""
        head = server_path.split(".", 1)[0].split("[", 1)[0]
        return head if self._row(head) is not None else None

    def prepared(self, draft: DraftT, *, as_draft: bool) -> DraftT:
        """The draft as it will be checked and sent (forms that offer drafts record the choice)."""
        return draft

    def draft_changed(self, draft: DraftT) -> None:
        """Hook for previews that follow what is typed."""

    def note(self) -> str:
        """The muted line above the buttons (a preview, a hint)."""
        return ""

    def extra_buttons(self) -> Sequence[Button]:
        return ()

    # ------------------------------------------------------------------ compose

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(clean(self.form_title), id="form-title", markup=False)
            yield Label("", id="form-message", markup=False)
            with VerticalScroll(id="form-fields"):
                yield from self.compose_fields()
            yield Label("", id="form-note", markup=False)
            with Horizontal(id="form-buttons"):
                yield from self.extra_buttons()
                if self.offers_draft:
                    yield Button("Save as draft", id="form-draft", compact=True)
                yield Button(self.submit_label, variant="primary", id="form-submit", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._label_submit_key()
        with self.prevent(*_CHANGE_MESSAGES):
            self.fill(self.initial)
        self.initial = self.read_draft()  # what the widgets hold, so "edited" compares like with like
        self._revalidate()
        first = self._first_editable()
        if first is not None:
            first.focus()

    def _label_submit_key(self) -> None:
        """The footer names ctrl+s as the submit button does (Run, Create, Replace…): Textual's
        bindings are per class, this form's label is per instance."""
        bindings = self._bindings.key_to_bindings
        bindings["ctrl+s"] = [
            replace(binding, description=self.submit_label) if binding.action == "submit" else binding
            for binding in bindings.get("ctrl+s", [])
        ]
        self.refresh_bindings()

    # ------------------------------------------------------------------- values

    def _row(self, key: str) -> FieldRow | None:
        try:
            return self.query_one(f"#row-{key}", FieldRow)
        except NoMatches:
            return None

    def widget(self, key: str) -> Widget:
        return self.query_one(f"#{field_id(key)}")

    def get(self, key: str) -> Any:
        """The value of field ``key`` as plain data: text, a tuple of choices, or a bool."""
        widget = self.widget(key)
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        if isinstance(widget, SelectionList):
            return tuple(str(value) for value in widget.selected)
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Checkbox):
            return widget.value
        raise TypeError(f"field {key} is a {type(widget).__name__}")

    def put(self, key: str, value: Any) -> None:
        widget = self.widget(key)
        if isinstance(widget, Input):
            widget.value = "" if value is None else str(value)
        elif isinstance(widget, Select):
            options = {option_value for _label, option_value in widget._options}
            widget.value = value if value in options else Select.NULL
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for choice in value or ():
                try:
                    widget.select(choice)
                except Exception:  # a value the list does not offer is dropped, not fatal
                    continue
        elif isinstance(widget, TextArea):
            widget.load_text("" if value is None else str(value))
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)

    def _first_editable(self) -> Widget | None:
        for widget in self.query(",".join(cls.__name__ for cls in EDITABLE)):
            if widget.display and widget.parent is not None and widget.parent.display:
                return widget
        return None

    # -------------------------------------------------------------- validation

    @property
    def edited(self) -> bool:
        return self.read_draft() != self.initial or self.kept_json is not None

    @on(Input.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self, event: Any) -> None:
        widget = getattr(event, "control", None) or getattr(event, "selection_list", None)
        if widget is not None and widget.id and widget.id.startswith("f-"):
            self.touched.add(widget.id[2:])
            if self.server_problem and self.server_problem[0] == widget.id[2:]:
                self.server_problem = None
                self.show_message("")  # "the service refused the form": that field is being fixed
        self._revalidate()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit_draft":
            return self.offers_draft
        return True

    def _revalidate(self) -> dict[str, str]:
        draft = self.prepared(self.read_draft(), as_draft=self.saving_draft)
        shown = self.shown_fields(draft)
        shown_keys = set(shown) if shown is not None else None
        problems = self.problems(draft)
        advice = self.advice(draft)
        advised: set[str] = set()
        for row in self.query(FieldRow):
            row.display = shown_keys is None or row.key in shown_keys
            visible = self.submitted_once or row.key in self.touched
            problem = problems.get(row.key) if visible else None
            if self.server_problem and self.server_problem[0] == row.key:
                problem = self.server_problem[1]
            said = advice.get(row.key)
            row.show_problem(problem, said if said not in advised else None)  # one sentence, said once
            if said:
                advised.add(said)
        self.draft_changed(draft)
        set_label_text(self.query_one("#form-note", Label), clean(self.note()))
        shown_problems = {
            key: value for key, value in problems.items() if shown_keys is None or key in shown_keys
        }
        if self.problems_banner is not None:
            self._show_problems_banner(len(shown_problems))
        return shown_problems

    def _show_problems_banner(self, count: int) -> None:
        if count == 0:
            self.problems_banner = None
            self.show_message("")
            return
        fields = f"{count} field{'s' if count > 1 else ''}"
        self.show_message(f"Fix {fields} to {self.problems_banner} (nothing was sent)")

    def show_message(self, text: str, *, info: bool = False) -> None:
        message = self.query_one("#form-message", Label)
        message.update(clean(text))
        message.set_class(bool(text), "-shown")
        message.set_class(info, "-info")

    # ------------------------------------------------------------------ submit

    @on(Button.Pressed, "#form-submit")
    def action_submit(self) -> None:
        self.start_submit()

    @on(Button.Pressed, "#form-draft")
    def action_submit_draft(self) -> None:
        if self.offers_draft:
            self.start_submit(as_draft=True)

    def start_submit(self, *, check: bool = True, as_draft: bool = False) -> bool:
        """Refuse with the problems shown, or send; True when the request went out."""
        if self.busy:
            return False
        self.saving_draft = as_draft
        if check and self.refused_with_problems(self.submit_label.lower()):
            return False
        self.busy = True
        self.show_message("Saving\N{HORIZONTAL ELLIPSIS}", info=True)
        self._send(self.prepared(self.read_draft(), as_draft=as_draft))
        return True

    def refused_with_problems(self, action: str) -> bool:
        """Show every field's problem and focus the first: True when there are any, so nothing
        is sent (a save, or a request that only asks the service to check the draft)."""
        self.submitted_once = True
        self.server_problem = None
        self.problems_banner = None
        problems = self._revalidate()
        if not problems:
            return False
        self.problems_banner = action
        self._show_problems_banner(len(problems))
        self._bring_into_view(next(iter(problems)))
        return True

    def _bring_into_view(self, key: str) -> None:
        """Focus field ``key`` and scroll its whole row (the problem under the input too) into
        the form's view once the problem is laid out."""
        try:
            self.widget(key).focus()
        except NoMatches:
            return
        row = self._row(key)
        if row is not None:
            self.call_after_refresh(row.scroll_visible, animate=False)

    @work(exclusive=True, group="form-submit", exit_on_error=False, description="sending the form")
    async def _send(self, draft: DraftT) -> None:
        try:
            result = await self.submit(draft)
        except DataFlowError as error:
            self.busy = False
            self.rejected(error)
            return
        except Exception as error:  # a bug must not throw away what was typed
            self.busy = False
            self.show_message(f"Not saved: {self.error_text(error)}")
            raise
        self.busy = False
        self.dismiss(result)

    def rejected(self, error: DataFlowError) -> None:
        """Show a refused submit beside its field (400 ``{field=value}``) or at the top."""
        message = self.error_text(error)
        path = server_field(error.message) if isinstance(error, BadParameterError) else None
        key = self.field_for(path) if path else None
        if key is not None:
            # the advice beside the field is the likely reason ("a job named … already exists")
            likely = self.advice(self.prepared(self.read_draft(), as_draft=self.saving_draft)).get(key)
            reason = f"\nProbably why: {likely}" if likely else ""
            self.server_problem = (key, f"The service refused this: {message}{reason}")
            self._revalidate()
            self.show_message("The service refused the form; the field is marked. Nothing else changed.")
            self._bring_into_view(key)
        else:
            self.show_message(f"Not saved: {message}")

    # ------------------------------------------------------------------ cancel

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        if not self.edited:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Discard changes?",
                [("Form", self.form_title)],
                confirm_label="Discard",
                cancel_label="Keep editing",
            ),
            answered,
        )

    # ---------------------------------------------------------------- edit as JSON

    def action_edit_json(self) -> None:
        text = self.kept_json
        if text is None:
            text = json.dumps(self.body(self.read_draft()), indent=2, ensure_ascii=False) + "\n"
        edited = self._run_editor(text)
        if edited is None:
            return
        if edited == text and self.kept_json is None:
            self.show_message("The JSON was not changed in the editor; the form is as it was", info=True)
            return
        self._load_json(edited)

    def _run_editor(self, text: str) -> str | None:
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory(prefix="dftui-") as folder:
            path = Path(folder) / self.json_name
            path.write_text(text, encoding="utf-8")
            path.chmod(0o600)
            argv = [*shlex.split(command), str(path)]
            try:
                try:
                    with self.app.suspend():
                        code = subprocess.call(argv)
                except SuspendNotSupported:  # headless or web: the editor runs without the terminal
                    code = subprocess.call(argv, stdin=subprocess.DEVNULL)
            except OSError as error:
                self.show_message(f"Could not start the editor {command!r}: {error.strerror or error}")
                return None
            if code != 0:
                self.show_message(f"The editor exited with status {code}; the form is unchanged")
                return None
            return path.read_text(encoding="utf-8", errors="replace")

    def _load_json(self, text: str) -> None:
        try:
            body = json.loads(text)
        except json.JSONDecodeError as error:
            self.kept_json = text
            self.show_message(
                f"JSON line {error.lineno}, column {error.colno}: {error.msg}. "
                "Your text is kept: ctrl+o to edit it again"
            )
            return
        try:
            draft = self.from_body(body)
        except DraftError as error:
            self.kept_json = text
            where = error.path or "body"
            self.show_message(f"{where}: {error.message}. Your text is kept: ctrl+o to edit it again")
            return
        self.kept_json = None
        with self.prevent(*_CHANGE_MESSAGES):
            self.fill(draft)
        self.touched.update(self.problems(draft))
        self._revalidate()
        self.show_message("Loaded from JSON", info=True)


_CHANGE_MESSAGES = (
    Input.Changed,
    Select.Changed,
    SelectionList.SelectedChanged,
    TextArea.Changed,
    Checkbox.Changed,
)
