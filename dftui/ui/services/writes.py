"""Create, edit, duplicate, replace and delete: the session's writes, each through a form or a typed confirm.

Every flow follows the rule of the run actions (``actions.py``): refuse in read-only mode before
any form opens or any request goes out → gather what the form needs → the form sends once per
submit (its errors keep it open) → notify → announce a :class:`DataChange` so every list and
detail showing the item re-reads at once.

Creates are never repeated blindly (docs/api-contract.md, Retries and idempotency): when the
answer to a create is lost, dftui looks the name up before saying anything, so the user learns
whether it exists and a second submit never makes a twin.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App

from dftui.api import DataFlowClient
from dftui.api.errors import DataFlowError, NetworkError, ReadOnlyError
from dftui.api.models import Job, JobListItem, Trigger, Workflow, WorkflowListItem
from dftui.ui.drafts.fields import copy_name, next_version_name
from dftui.ui.errors import error_message
from dftui.ui.format import TimeDisplay
from dftui.ui.resources import Kind, resource_id, resource_kind, resource_name
from dftui.ui.run_rules import outcome_unknown
from dftui.ui.services.data import AccountData, DataChange, ListKind
from dftui.ui.services.settings import LiveSettings
from dftui.ui.trigger_words import rule_in_words, workflows_using

if TYPE_CHECKING:
    from dftui.ui.dialogs.form import FormScreen

log = logging.getLogger(__name__)

FormT = TypeVar("FormT", bound="FormScreen[Any, Any]")

READ_ONLY_WRITE = "Read-only mode: {what} is disabled (toggle in the command palette)"


def read_only_message(what: str) -> str:
    return READ_ONLY_WRITE.format(what=what)


class ResourceWrites:
    """The session's create / edit / duplicate / delete actions for triggers, jobs and workflows."""

    def __init__(
        self,
        host: App[Any],
        client: DataFlowClient,
        settings: LiveSettings,
        data: AccountData,
        times: TimeDisplay,
        clock: Callable[[], Any],
    ) -> None:
        self.app = host
        self.client = client
        self.settings = settings
        self.data = data
        self.times = times
        self.clock = clock

    # ------------------------------------------------------------------ helpers

    def refused(self, what: str) -> bool:
        return self.settings.refuses(read_only_message(what))

    def _start(self, work: Coroutine[Any, Any, None], group: str) -> None:
        self.app.run_worker(work, group=group, exit_on_error=False)

    def _done(self, message: str, change: DataChange) -> None:
        self.app.notify(message, markup=False)
        self.data.announce(change)

    async def _created_or_lost(
        self,
        kind: Kind,
        name: str,
        create: Callable[[], Awaitable[Any]],
        find: Callable[[], Awaitable[list[Any]]],
    ) -> Any:
        """Create once; when the answer is lost, look ``name`` up instead of sending again."""
        try:
            return await create()
        except DataFlowError as error:
            if not outcome_unknown(error):
                raise
            lost = error
        try:
            existing = [item for item in await find() if resource_name(item) == name]
        except DataFlowError as error:
            raise NetworkError(
                f"The answer to the create was lost ({self._message(lost)}), and checking whether "
                f"{kind} {name} exists failed too ({self._message(error)}). Look for it in the list "
                "before saving again."
            ) from error
        if existing:
            log.info("%s %s was created although its answer was lost", kind, name)
            return existing[0]
        raise NetworkError(
            f"The answer was lost ({self._message(lost)}), and no {kind} named {name} exists: "
            "nothing was created. ctrl+s sends it again."
        ) from lost

    def _message(self, error: BaseException) -> str:
        """A failed request as a sentence; a refused signature says which clock is ahead."""
        return error_message(error, clock_skew=self.client.clock_skew)

    def _sending(self, form: FormT, kind: Kind | None = None, editing: str | None = None) -> FormT:
        """A form that sends: its errors quote the clock skew the client measured, as these do;
        a form that names a ``kind`` of item knows the other names in use (``editing``'s aside)."""
        form.clock_skew = lambda: self.client.clock_skew
        if kind is not None:
            form.item_kind = kind
            form.names_in_use = frozenset(self._names(kind, editing))
        return form

    def _names(self, kind: Kind, editing: str | None = None) -> list[str]:
        """The names of ``kind`` in the list as last loaded (no request: a form opens at once)."""
        lists: dict[Kind, ListKind] = {"trigger": "triggers", "job": "jobs", "workflow": "workflows"}
        listed = lists.get(kind)
        if listed is None:
            return []
        return [
            resource_name(item)
            for item in self.data.cached(listed)
            if editing is None or resource_id(item) != editing
        ]

    def _fail(self, title: str, error: BaseException) -> None:
        if isinstance(error, ReadOnlyError):
            self.app.notify(self._message(error), title=title, severity="warning", markup=False)
            return
        self.app.notify(self._message(error), title=title, severity="error", markup=False, timeout=10)

    # ---------------------------------------------------------------- dispatch

    def new(self, kind: Kind) -> None:
        if kind == "trigger":
            self.new_trigger()
        elif kind == "job":
            self.new_job()
        elif kind == "workflow":
            self.new_workflow()

    def edit(self, item: object) -> None:
        if isinstance(item, Trigger):
            self.replace_trigger(item)
        elif isinstance(item, (Job, JobListItem)):
            self.edit_job(item)
        elif isinstance(item, (Workflow, WorkflowListItem)):
            self.edit_workflow(item)

    def duplicate(self, item: object) -> None:
        if isinstance(item, Trigger):
            self.duplicate_trigger(item)
        elif isinstance(item, (Job, JobListItem)):
            self.duplicate_job(item)
        elif isinstance(item, (Workflow, WorkflowListItem)):
            self.duplicate_workflow(item)

    # ---------------------------------------------------------------- triggers

    def _trigger_form(self, title: str, initial: Any, send: Any, submit_label: str) -> Any:
        from dftui.ui.dialogs.trigger_form import TriggerForm

        return self._sending(
            TriggerForm(
                title, initial, send, now=self.clock, zone_label=self.times.label, submit_label=submit_label
            ),
            "trigger",
        )

    async def _create_trigger(self, body: dict[str, Any]) -> Trigger:
        name = str(body.get("name", ""))
        created: Trigger = await self._created_or_lost(
            "trigger",
            name,
            lambda: self.client.create_trigger(body),
            lambda: self.client.collect_all(self.client.get_triggers),
        )
        return created

    def new_trigger(self) -> None:
        if self.refused("creating a trigger"):
            return
        from dftui.ui.drafts.trigger import TriggerDraft

        self._open_trigger_form("New trigger", TriggerDraft.new(self.clock()))

    def duplicate_trigger(self, trigger: Trigger) -> None:
        if self.refused("duplicating a trigger"):
            return
        from dftui.ui.drafts.trigger import TriggerDraft

        draft = TriggerDraft.from_trigger(trigger, self.clock())
        name = copy_name(trigger.name, self._names("trigger"))
        self._open_trigger_form(f"Duplicate trigger {trigger.name}", draft.with_values(name=name))

    def _open_trigger_form(self, title: str, draft: Any) -> None:
        async def send(current: Any) -> Trigger:
            return await self._create_trigger(current.body())

        def created(trigger: Trigger | None) -> None:
            if trigger is not None:
                self._done(
                    f"Created trigger {trigger.name} ({rule_in_words(trigger)})",
                    DataChange("trigger", trigger.trigger_id),
                )

        self.app.push_screen(self._trigger_form(title, draft, send, "Create"), created)

    def replace_trigger(self, old: Trigger) -> None:
        """The API has no trigger update: create the new one, re-point workflows, delete the old."""
        if self.refused("replacing a trigger"):
            return
        from dftui.ui.drafts.trigger import TriggerDraft

        suggested = next_version_name(old.name, self._names("trigger"))
        draft = TriggerDraft.from_trigger(old, self.clock()).with_values(name=suggested)

        async def send(current: Any) -> Trigger:
            if current.name.strip() == old.name:
                raise _name_clash(old.name)
            if current.body() == draft.body():  # the suggested name and the same schedule
                raise DataFlowError(
                    "nothing was changed: edit the schedule (or type a new name) to replace the trigger. "
                    "Nothing was sent."
                )
            workflows = workflows_using(
                old.trigger_id, await self.client.collect_all(self.client.get_workflows)
            )
            if not await self._confirm_replace(old, current, [w.name for w in workflows]):
                raise _not_confirmed()
            new = await self._create_trigger(current.body())
            self._start(self._finish_replace(old, new, [w.workflow_id for w in workflows]), "replace-trigger")
            return new

        self.app.push_screen(
            self._trigger_form(f"Replace trigger {old.name}", draft, send, "Replace…"), lambda _t: None
        )

    async def _confirm_replace(self, old: Trigger, draft: Any, workflow_names: list[str]) -> bool:
        from dftui.ui.dialogs.confirm import ConfirmScreen

        rows = [
            ("Old trigger", f"{old.name}  ({rule_in_words(old)}), deleted at the end"),
            ("New trigger", f"{draft.name.strip()}  ({draft.preview(self.clock(), self.times.label)})"),
            ("Re-pointed", ", ".join(workflow_names) if workflow_names else "no workflow uses it"),
        ]
        answer = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Replace trigger {old.name}?",
                rows,
                warnings=["Three steps: create, re-point each workflow (updateWorkflow), delete the old one"],
                confirm_label="Replace",
            )
        )
        return bool(answer)

    async def _finish_replace(self, old: Trigger, new: Trigger, workflow_ids: list[str]) -> None:
        done: list[str] = []
        for workflow_id in workflow_ids:
            try:
                workflow = await self.client.get_workflow_by_id(workflow_id)
                await self.client.update_workflow(workflow_id, repointed(workflow, old.trigger_id, new))
            except Exception as error:
                left = [w for w in workflow_ids if w not in done]
                self.app.notify(
                    f"Replace stopped: new trigger {new.name} exists; re-pointed {', '.join(done) or 'none'}; "
                    f"not re-pointed: {', '.join(left)} ({self._message(error)}). Old trigger {old.name} "
                    f"still exists. To finish: edit those workflows to start from {new.name} (e), then "
                    f"delete {old.name} (d).",
                    title="Replace trigger",
                    severity="error",
                    timeout=60,
                    markup=False,
                )
                self.data.announce(DataChange("trigger", new.trigger_id))
                return
            done.append(workflow.name)
        try:
            await self.client.delete_trigger(old.trigger_id)
        except Exception as error:
            self.app.notify(
                f"Created {new.name} and re-pointed {', '.join(done) or 'no workflow'}, but deleting "
                f"{old.name} failed ({self._message(error)}). Nothing uses it now: delete it with d.",
                title="Replace trigger",
                severity="error",
                timeout=60,
                markup=False,
            )
            self.data.announce(DataChange("trigger", old.trigger_id))
            return
        moved = f"; re-pointed {', '.join(done)}" if done else ""
        self._done(
            f"Replaced trigger {old.name} with {new.name}{moved}", DataChange("trigger", old.trigger_id)
        )
        self.data.announce(DataChange("workflow", ""))

    # ------------------------------------------------------------------- delete

    def delete(self, item: object, after: Callable[[], None] | None = None) -> None:
        kind = resource_kind(item)
        if kind not in ("trigger", "job", "workflow"):
            self.app.notify("d deletes a trigger, a job or a workflow: select one first", severity="warning")
            return
        if self.refused(f"deleting a {kind}"):
            return
        self._start(self._ask_delete(item, kind, after), "delete-prepare")

    async def _ask_delete(self, item: Any, kind: Kind, after: Callable[[], None] | None) -> None:
        from dftui.ui.dialogs.delete_confirm import DeleteConfirmScreen

        name = resource_name(item)
        effects: list[str] = []
        try:
            effects = await self._delete_effects(item, kind)
        except DataFlowError as error:
            effects = [f"Could not check what uses it ({self._message(error)})"]

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._start(self._delete(item, kind, after), "delete")

        self.app.push_screen(DeleteConfirmScreen(kind, name, effects), answered)

    async def _delete_effects(self, item: Any, kind: Kind) -> list[str]:
        if kind == "workflow":
            return ["Its trigger and jobs stay; runs already started continue"]
        workflows = await self.client.collect_all(self.client.get_workflows)
        item_id = resource_id(item)
        if kind == "trigger":
            users = workflows_using(item_id, workflows)
            if not users:
                return ["No workflow uses it"]
            names = ", ".join(w.name for w in users)
            return [f"Used by workflows {names}: they will stop firing and show this trigger as invalid"]
        users = [w for w in workflows if any(node.id == item_id for node in w.job_nodes)]
        effects = ["Its executions are deleted with it"]
        if users:
            names = ", ".join(w.name for w in users)
            effects.insert(0, f"Used by workflows {names}: they will show this job as invalid and cannot run")
        return effects

    async def _delete(self, item: Any, kind: Kind, after: Callable[[], None] | None) -> None:
        item_id, name = resource_id(item), resource_name(item)
        calls = {
            "trigger": self.client.delete_trigger,
            "job": self.client.delete_job,
            "workflow": self.client.delete_workflow,
        }
        try:
            await calls[kind](item_id)
        except Exception as error:
            self._fail(f"Delete {kind}", error)
            self.data.announce(DataChange(kind, item_id))
            return
        if after is not None:
            after()
        self._done(f"Deleted {kind} {name}", DataChange(kind, item_id))

    # -------------------------------------------------------------- workflows

    def new_workflow(self) -> None:
        if self.refused("creating a workflow"):
            return
        from dftui.ui.drafts.workflow import WorkflowDraft

        self._start(self._open_workflow_form("New workflow", WorkflowDraft(), None), "workflow-form")

    def edit_workflow(self, workflow: Workflow | WorkflowListItem) -> None:
        if self.refused("editing a workflow"):
            return
        self._start(self._edit_workflow(workflow, duplicate=False), "workflow-form")

    def duplicate_workflow(self, workflow: Workflow | WorkflowListItem) -> None:
        if self.refused("duplicating a workflow"):
            return
        self._start(self._edit_workflow(workflow, duplicate=True), "workflow-form")

    async def _edit_workflow(self, workflow: Workflow | WorkflowListItem, *, duplicate: bool) -> None:
        from dftui.ui.drafts.workflow import WorkflowDraft

        try:
            full = await self.client.get_workflow_by_id(workflow.workflow_id)
        except Exception as error:
            self._fail("Edit workflow", error)
            return
        draft = WorkflowDraft.from_workflow(full.raw)
        if duplicate:
            copy = draft.duplicate(self._names("workflow"))
            await self._open_workflow_form(f"Duplicate workflow {full.name}", copy, None)
        else:
            await self._open_workflow_form(f"Edit workflow {full.name}", draft, full)

    async def _open_workflow_form(self, title: str, draft: Any, existing: Workflow | None) -> None:
        from dftui.ui.dialogs.workflow_form import WorkflowForm
        from dftui.ui.drafts.run_settings import RunSettingsDraft
        from dftui.ui.drafts.workflow import NEW_MANUAL_TRIGGER

        try:
            triggers = await self.data.triggers()
            jobs = await self.data.jobs()
        except Exception as error:
            self._fail(title, error)
            return

        async def saved_settings(job_id: str) -> RunSettingsDraft:
            return RunSettingsDraft.from_condition(saved_condition(await self.client.get_job_by_id(job_id)))

        async def send(current: Any) -> Workflow:
            trigger_id = None
            if current.trigger_id == NEW_MANUAL_TRIGGER:
                manual = await self._create_trigger(
                    {
                        "name": manual_trigger_name(current.name),
                        "type": "NONE",
                        "triggerRule": {"type": "NONE"},
                    }
                )
                self.data.announce(DataChange("trigger", manual.trigger_id))
                trigger_id = manual.trigger_id
            body = current.body(trigger_id=trigger_id)
            if existing is not None:
                return await self.client.update_workflow(existing.workflow_id, body)
            name = body["name"]
            created: Workflow = await self._created_or_lost(
                "workflow",
                name,
                lambda: self.client.create_workflow(body),
                lambda: self.client.collect_all(self.client.get_workflows),
            )
            return created

        def saved(workflow: Workflow | None) -> None:
            if workflow is None:
                return
            verb = "Saved" if existing is not None else "Created"
            draft_note = " as a draft" if workflow.is_temp else ""
            self._done(
                f"{verb} workflow {workflow.name}{draft_note}", DataChange("workflow", workflow.workflow_id)
            )

        self.app.push_screen(
            self._sending(
                WorkflowForm(
                    title,
                    draft,
                    send,
                    triggers=[(t.trigger_id, f"{t.name}  {rule_in_words(t)}") for t in triggers],
                    jobs=[(j.job_id, f"{j.name}  {j.type or ''} {j.status or ''}".rstrip()) for j in jobs],
                    saved_settings=saved_settings,
                    submit_label="Save" if existing is not None else "Create",
                ),
                "workflow",
                existing.workflow_id if existing is not None else None,
            ),
            saved,
        )

    # -------------------------------------------------------------------- jobs

    def new_job(self) -> None:
        if self.refused("creating a job"):
            return
        self._start(self._open_job_form(None, duplicate=False), "job-form")

    def edit_job(self, job: Job | JobListItem) -> None:
        if self.refused("editing a job"):
            return
        self._start(self._open_job_form(job, duplicate=False), "job-form")

    def duplicate_job(self, job: Job | JobListItem) -> None:
        if self.refused("duplicating a job"):
            return
        self._start(self._open_job_form(job, duplicate=True), "job-form")

    async def _open_job_form(self, job: Job | JobListItem | None, *, duplicate: bool) -> None:
        from dftui.ui.dialogs.job_form import JobForm
        from dftui.ui.drafts.job import JobDraft

        if job is None:
            title, draft, existing = "New job", JobDraft.new(), None
        else:
            try:
                full = await self.client.get_job_by_id(job.job_id)
            except Exception as error:
                self._fail("Edit job", error)
                return
            raw = full.raw if isinstance(full.raw, dict) else full.to_json()
            if duplicate:
                copy = JobDraft.duplicate(raw, self._names("job"))
                title, draft, existing = f"Duplicate job {full.name}", copy, None
            else:
                title, draft, existing = f"Edit job {full.name}", JobDraft.from_job(raw), full

        async def send(current: JobDraft) -> Job:
            if existing is not None:
                return await self.client.update_job(existing.job_id, current.update_body())
            body = current.create_body()
            created: Job = await self._created_or_lost(
                "job",
                body["name"],
                lambda: self.client.create_job(body),
                lambda: self.client.collect_all(self.client.get_jobs),
            )
            return created

        async def verify(current: JobDraft) -> str:
            await self.client.verify_job(current.verify_body())
            return "The service accepts this job definition (verified only: nothing was saved)"

        def saved(result: Job | None) -> None:
            if result is None:
                return
            verb = "Saved" if existing is not None else "Created"
            status = f" ({result.status})" if result.status else ""
            self._done(
                f"{verb} job {result.name}{status}", DataChange("job", result.job_id, job_id=result.job_id)
            )

        self.app.push_screen(
            self._sending(
                JobForm(
                    title,
                    draft,
                    send,
                    verify=verify,
                    submit_label="Save" if existing is not None else "Create",
                ),
                "job",
                existing.job_id if existing is not None else None,
            ),
            saved,
        )

    def edit_run_settings(self, job: Job | JobListItem) -> None:
        """``E``: the job's saved settings only, through updateJobExecuteConfig."""
        if self.refused("editing saved run settings"):
            return
        self._start(self._open_settings_form(job), "settings-form")

    async def _open_settings_form(self, job: Job | JobListItem) -> None:
        from dftui.ui.dialogs.run_settings_form import RunSettingsForm
        from dftui.ui.drafts.run_settings import RunSettingsDraft

        try:
            full = await self.client.get_job_by_id(job.job_id)
        except Exception as error:
            self._fail("Saved run settings", error)
            return
        draft = RunSettingsDraft.from_condition(saved_condition(full))

        async def send(current: RunSettingsDraft) -> Job:
            return await self.client.update_job_execute_config(full.job_id, current.condition())

        def saved(updated: Job | None) -> None:
            if updated is not None:
                self._done(f"Saved the run settings of {updated.name}", DataChange("job", updated.job_id))

        self.app.push_screen(
            self._sending(
                RunSettingsForm(
                    f"Saved run settings of job {full.name}",
                    draft,
                    send,
                    submit_label="Save",
                    facts=[("Job", f"{full.name}  ({full.job_id})")],
                    warnings=["Running executions keep the settings they started with"],
                )
            ),
            saved,
        )


def saved_condition(job: Job) -> dict[str, Any] | None:
    """A job's saved settings as sent (``jobCondition``, or ``runCondition`` from older servers)."""
    raw = job.raw if isinstance(job.raw, dict) else {}
    condition = raw.get("jobCondition") or raw.get("runCondition")
    return condition if isinstance(condition, dict) else None


def manual_trigger_name(workflow_name: str) -> str:
    return (workflow_name.strip() or "workflow")[:93] + "_manual"


def repointed(workflow: Workflow, old_id: str, new: Trigger) -> dict[str, Any]:
    """The updateWorkflow body that starts ``workflow`` from ``new`` instead of ``old_id``."""
    nodes = []
    for node in workflow.raw.get("nodes", []) if isinstance(workflow.raw, dict) else []:
        node = {key: value for key, value in node.items() if key != "isValid"}
        if node.get("type") == "TRIGGER" and node.get("id") == old_id:
            node.update(id=new.trigger_id, name=new.name, triggerRule=new.trigger_rule.type)
        parents = node.get("parentNodeIds")
        if isinstance(parents, list):
            node["parentNodeIds"] = [new.trigger_id if p == old_id else p for p in parents]
        nodes.append(node)
    return {"name": workflow.name, "nodes": nodes, "isTemp": bool(workflow.is_temp)}


def _name_clash(name: str) -> DataFlowError:
    from dftui.api.errors import BadParameterError

    return BadParameterError(
        f"{{name={name}}}: the old trigger keeps this name until it is deleted, and names are unique; "
        "choose a new name",
        message=f"{{name={name}}}: the old trigger keeps this name until it is deleted, and names are unique",
    )


def _not_confirmed() -> DataFlowError:
    return DataFlowError("you answered no to replacing the trigger, so nothing was sent.")
