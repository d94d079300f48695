"""New, edit and duplicate workflow: start trigger, jobs and their parents, drawn as the detail view draws it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Select, Tree

from dftui.api.models import Workflow, WorkflowNode
from dftui.ui.dialogs.form import FieldRow, FormScreen
from dftui.ui.dialogs.picker import PickManyScreen, PickOneScreen
from dftui.ui.dialogs.run_settings_form import RunSettingsForm
from dftui.ui.drafts.run_settings import RunSettingsDraft
from dftui.ui.drafts.workflow import NEW_MANUAL_TRIGGER, WorkflowDraft
from dftui.ui.safe_text import clean, safe_text
from dftui.ui.widgets.workflow_graph import build_workflow_tree

#: the form's jobs field shows the graph; a server problem anywhere under ``nodes`` lands there
SERVER_FIELDS = {"name": "name", "nodes": "jobs", "isTemp": "jobs"}


class WorkflowJobsTree(Tree[Any]):
    """The workflow graph; ``a`` adds a job, ``p`` sets its parents, ``s`` its settings, ``delete`` removes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_job", "Add job", id="workflow_form.add_job"),
        Binding("p", "parents", "Runs after", id="workflow_form.parents"),
        Binding("s", "settings", "Settings", id="workflow_form.settings"),
        Binding("delete,x", "remove", "Remove", id="workflow_form.remove"),
    ]

    DEFAULT_CSS = "WorkflowJobsTree { height: auto; max-height: 14; border: tall $panel; }"

    @property
    def form(self) -> WorkflowForm:
        return cast(WorkflowForm, self.screen)

    def selected_job_id(self) -> str | None:
        node = self.cursor_node
        data = node.data if node is not None else None
        return data.id if isinstance(data, WorkflowNode) and data.type == "JOB" else None

    def action_add_job(self) -> None:
        self.form.pick_job()

    def action_parents(self) -> None:
        self.form.pick_parents(self.selected_job_id())

    def action_settings(self) -> None:
        self.form.edit_settings(self.selected_job_id())

    def action_remove(self) -> None:
        self.form.remove_job(self.selected_job_id())


class WorkflowForm(FormScreen[WorkflowDraft, Workflow]):
    # wide enough that a job's settings and "also after ..." fit beside it three levels deep
    DEFAULT_CSS = "WorkflowForm > #form { width: 110; }"
    offers_draft = True
    json_name = "workflow.json"

    def __init__(
        self,
        title: str,
        initial: WorkflowDraft,
        send: Callable[[WorkflowDraft], Awaitable[Workflow]],
        *,
        triggers: Sequence[tuple[str, str]],
        jobs: Sequence[tuple[str, str]],
        saved_settings: Callable[[str], Awaitable[RunSettingsDraft]],
        submit_label: str = "Save",
    ) -> None:
        """``triggers`` and ``jobs`` are (id, label) choices; ``saved_settings`` reads a job's settings."""
        super().__init__(title, initial, send)
        self.submit_label = submit_label  # type: ignore[misc]
        self.trigger_choices = list(triggers)
        self.job_choices = list(jobs)
        self.saved_settings = saved_settings
        self.graph = initial
        self._drawn: WorkflowDraft | None = None

    def compose_fields(self) -> ComposeResult:
        yield FieldRow("name", "Name", Input(placeholder="nightly_mart", compact=True))
        # trigger names come from the API: Text, never markup
        options: list[tuple[Text, str]] = [(Text("New manual trigger (created on save)"), NEW_MANUAL_TRIGGER)]
        options += [(safe_text(label), trigger_id) for trigger_id, label in self.trigger_choices]
        known = {value for _label, value in options}
        if self.initial.trigger_id and self.initial.trigger_id not in known:
            deleted = f"{self.initial.trigger_name or self.initial.trigger_id} (deleted)"
            options.append((safe_text(deleted), self.initial.trigger_id))
        yield FieldRow(
            "trigger",
            "Start trigger",
            Select(options, prompt="choose a trigger (type to search)", type_to_search=True, compact=True),
        )
        yield FieldRow(
            "jobs",
            "Jobs",
            WorkflowJobsTree("workflow"),
            hint="a add a job · p what it runs after · s its settings here · delete removes it",
        )

    # --------------------------------------------------------------- draft <-> form

    def read_draft(self) -> WorkflowDraft:
        trigger_id = self.get("trigger")
        name = self.graph.trigger_name
        if trigger_id != self.graph.trigger_id:
            name = self._trigger_label(trigger_id)
            self.graph = self.graph.set_trigger(trigger_id, name)
        return replace(self.graph, name=self.get("name"), trigger_id=trigger_id, trigger_name=name)

    def fill(self, draft: WorkflowDraft) -> None:
        self.graph = draft
        self.put("name", draft.name)
        self.put("trigger", draft.trigger_id)
        self._draw(draft)

    def prepared(self, draft: WorkflowDraft, *, as_draft: bool) -> WorkflowDraft:
        return replace(draft, as_draft=as_draft)

    def advice(self, draft: WorkflowDraft) -> dict[str, str]:
        return self.name_advice(draft.name)

    def problems(self, draft: WorkflowDraft) -> dict[str, str]:
        return draft.problems()

    def body(self, draft: WorkflowDraft) -> dict[str, Any]:
        return draft.body()

    def from_body(self, body: Any) -> WorkflowDraft:
        return WorkflowDraft.from_body(body)

    def field_for(self, server_path: str) -> str | None:
        head = server_path.split(".", 1)[0].split("[", 1)[0]
        return SERVER_FIELDS.get(head)

    def draft_changed(self, draft: WorkflowDraft) -> None:
        self._draw(draft)

    def note(self) -> str:
        if self.graph.name_only:
            return "A workflow with only a name is saved as a draft"
        return "ctrl+t saves as a draft: kept, but never run until completed"

    def _trigger_label(self, trigger_id: str) -> str:
        if trigger_id == NEW_MANUAL_TRIGGER:
            return "new manual trigger"
        for choice_id, label in self.trigger_choices:
            if choice_id == trigger_id:
                return label.split("  ", 1)[0]
        return trigger_id

    def _draw(self, draft: WorkflowDraft) -> None:
        """Redraw only when the graph changed (typing a name must not rebuild the tree)."""
        shape = replace(draft, name="")
        if shape == self._drawn:
            return
        self._drawn = shape
        tree = self.query_one(WorkflowJobsTree)
        preview = Workflow.model_validate({"workflowId": "preview", **draft.body()})
        build_workflow_tree(tree, preview)
        tree.root.set_label(f"{len(draft.jobs)} job{'s' if len(draft.jobs) != 1 else ''}")
        caption = self._trigger_caption(draft.trigger_id)
        for node in tree.root.children:
            if caption is not None and isinstance(node.data, WorkflowNode) and node.data.type == "TRIGGER":
                node.set_label(caption)

    def _trigger_caption(self, trigger_id: str) -> Text | None:
        """The start trigger as the picker names it (the preview has no trigger to read its rule from)."""
        if trigger_id == NEW_MANUAL_TRIGGER:
            name, rule = "new manual trigger", "created on save"
        else:
            label = next((label for choice, label in self.trigger_choices if choice == trigger_id), None)
            if label is None:
                return None  # deleted or unknown: the tree says so
            name, _, rule = label.partition("  ")
        caption = safe_text(f"⚑ {name}", "bold")
        if rule:
            caption.append(f"  {clean(rule)}", style="dim")
        return caption

    def _changed(self, draft: WorkflowDraft) -> None:
        self.graph = draft
        self.touched.add("jobs")
        self._revalidate()

    # ------------------------------------------------------------------- graph keys

    def pick_job(self) -> None:
        used = {job.job_id for job in self.graph.jobs}
        choices = [(label, job_id) for job_id, label in self.job_choices if job_id not in used]
        if not choices:
            self.notify("Every job is already in this workflow", severity="warning")
            return

        def picked(job_id: str | None) -> None:
            if job_id:
                self._add_job(job_id)

        self.app.push_screen(PickOneScreen("Add a job", choices), picked)

    @work(group="workflow-form-job", exit_on_error=False, description="adding a job")
    async def _add_job(self, job_id: str) -> None:
        label = next((label for choice, label in self.job_choices if choice == job_id), job_id)
        try:
            settings = await self.saved_settings(job_id)
        except Exception as error:  # shown, and the job is still added with empty settings
            self.show_message(f"Could not read the saved settings of {label}: {error}")
            settings = RunSettingsDraft()
        self._changed(self.read_draft().add_job(job_id, label.split("  ", 1)[0], settings))

    def pick_parents(self, job_id: str | None) -> None:
        job = next((j for j in self.graph.jobs if j.job_id == job_id), None)
        if job is None:
            self.notify("Select a job in the graph first", severity="warning")
            return
        choices = []
        if self.graph.trigger_id:
            choices.append((f"⚑ {self.graph.trigger_name or 'start trigger'}", self.graph.trigger_id))
        choices += [(other.name, other.job_id) for other in self.graph.jobs if other.job_id != job_id]

        def picked(parents: tuple[str, ...] | None) -> None:
            if parents is not None:
                self._changed(self.read_draft().set_parents(job.job_id, parents))

        self.app.push_screen(PickManyScreen(f"{job.name} runs after", choices, job.parents), picked)

    def edit_settings(self, job_id: str | None) -> None:
        job = next((j for j in self.graph.jobs if j.job_id == job_id), None)
        if job is None:
            self.notify("Select a job in the graph first", severity="warning")
            return

        async def keep(settings: RunSettingsDraft) -> RunSettingsDraft:
            return settings

        def done(settings: RunSettingsDraft | None) -> None:
            if settings is not None:
                self._changed(self.read_draft().set_settings(job.job_id, settings))

        self.app.push_screen(
            RunSettingsForm(
                f"Settings of {job.name} in this workflow",
                job.settings,
                keep,
                submit_label="Keep",
            ),
            done,
        )

    def remove_job(self, job_id: str | None) -> None:
        if job_id is None:
            self.notify("Select a job in the graph first", severity="warning")
            return
        self._changed(self.read_draft().remove_job(job_id))
