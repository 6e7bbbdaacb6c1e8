"""What `adopt` changes in a template, decided on the parsed template and its expansion model.

For each chosen AWS::Serverless::StateMachine, in this order (each step adds only what is
missing, and says what it leaves and why):
1. `AutoPublishAlias` (a version on each change, and the alias that moves traffic to it);
   an existing one is kept, whatever `--alias` says (renaming an alias replaces it);
2. `DeploymentPreference` (options.DEFAULT_PREFERENCE unless chosen); an existing one is kept;
3. `UseAliasAsEventTarget: true` when the state machine has events, so that they start the
   alias (for an Api event, the request template names it);
4. the alarms: `Metadata: samtransform: RollbackAlarms: true` on the resource (samtransform
   generates them right by construction), unless its deployment preference lists its own
   alarms, moves all traffic at once, or the resource opted out; or the alarm names given;
5. callers of the state machine's ARN elsewhere in the template (`callers.py`): routed
   through the alias, kept, or listed; and, when an output exports the ARN, an output for
   the alias's ARN beside it.
An edit the text cannot take exactly (`editor.Editor.check`) is not planned: it is listed
with the reason, and a state machine whose alias cannot be added is left whole.
"""

from __future__ import annotations

from collections import namedtuple

from ..expansion.auto_publish_alias import name_errors
from ..core.settings import METADATA_KEY
from ..expansion.rollback_alarms import SETTING
from ..expansion.rollback_alarms_table import METRICS
from ..core.intrinsics import is_fn_if, is_intrinsic, ref
from ..core.logical_ids import alias_id, rollback_alarm_id, version_id
from ..core.rollout import GRADUAL_TYPES
from . import callers
from .editor import Append, Insert, Rename
from .errors import AdoptError, OptionError

Planned = namedtuple("Planned", "edit action message")  # action: "added" or "changed"
Note = namedtuple("Note", "path message")  # something left as it is, and why
OUTPUT_DESCRIPTION = "ARN of alias {alias} of {machine}: start executions here to follow its gradual deployment"


def chosen_machines(expansion, logical_ids: tuple) -> list:
    """The state machines to adopt: the ones named, or every one."""
    machines = list(expansion.state_machines)
    if not machines:
        raise AdoptError("the template has no AWS::Serverless::StateMachine to adopt")
    if not logical_ids:
        return machines
    known = {machine.logical_id: machine for machine in machines}
    unknown = [logical_id for logical_id in logical_ids if logical_id not in known]
    if unknown:
        raise OptionError(f"--state-machine {unknown[0]} is not an AWS::Serverless::StateMachine of the template; "
                          f"it has {', '.join(known)}")
    return [known[logical_id] for logical_id in dict.fromkeys(logical_ids)]


def plan(template: dict, expansion, options, feasible) -> tuple[list[Planned], list[Note]]:
    """The edits and the notes; `feasible(edit)` says why the text cannot take an edit (None: it can)."""
    definitions = {machine.logical_id: machine.definition.document if machine.definition else None
                   for machine in expansion.state_machines}
    planned: list[Planned] = []
    notes: list[Note] = []
    for machine in chosen_machines(expansion, options.state_machines):
        _Machine(template, machine, options, feasible, planned, notes).adopt(definitions)
    return planned, notes


class _Machine:
    """The plan for one state machine."""

    def __init__(self, template: dict, machine, options, feasible, planned: list, notes: list):
        self.template, self.machine, self.options, self.feasible = template, machine, options, feasible
        self.planned, self.notes = planned, notes
        self.logical_id = machine.logical_id
        self.resource_path = ("Resources", self.logical_id)
        self.resource = template["Resources"][self.logical_id]
        self.path = self.resource_path + ("Properties",)
        self.properties = self.resource["Properties"]

    def adopt(self, definitions: dict) -> None:
        alias_name = self._alias()
        if alias_name is None:
            return
        self.alias_logical_id = alias_id(self.logical_id, alias_name)
        self.alias_name = alias_name
        self._preference()
        self._events()
        self._alarms()
        self._unlisted_alarms()
        self._callers(definitions)

    def _add(self, edit, action: str, message: str) -> bool:
        reason = self.feasible(edit)
        if reason:
            self.notes.append(Note(edit.path, f"not {action} ({reason}): {message}"))
            return False
        self.planned.append(Planned(edit, action, message))
        return True

    def _note(self, path: tuple, message: str) -> None:
        self.notes.append(Note(path, message))

    # ------------------------------------------------------------------- 1 the alias

    def _alias(self) -> str | None:
        if "AutoPublishAlias" in self.properties:
            name = self.machine.alias_name
            if name is None:
                self._note(self.path + ("AutoPublishAlias",), f"{self.logical_id} keeps its empty AutoPublishAlias, "
                                                              "so it publishes no alias: nothing else is added")
            elif self.options.alias_given and name != self.options.alias:
                self._note(self.path + ("AutoPublishAlias",), f"{self.logical_id} keeps its alias {name!r}: renaming "
                                                              f"it to {self.options.alias!r} would replace the alias")
            return name
        name = self.options.alias
        errors = name_errors(self.path + ("AutoPublishAlias",), self.logical_id, name)
        if errors:
            raise OptionError(f"--alias {name}: {errors[0].message}")
        taken = [generated for generated in (version_id(self.logical_id), alias_id(self.logical_id, name))
                 if generated in self.template["Resources"]]
        if taken:
            self._note(self.path, f"{self.logical_id} is left as it is: its alias would generate {taken[0]}, which "
                                  "the template already has")
            return None
        edit = Insert(self.path, (("AutoPublishAlias", name),))
        message = (f"{self.logical_id} publishes a version on each change, and its alias {name!r} "
                   f"({alias_id(self.logical_id, name)}) moves traffic to it")
        if not self._add(edit, "added", message):
            self.notes[-1] = Note(self.path, f"{self.logical_id} is left as it is: {self.feasible(edit)}")
            return None
        return name

    # ------------------------------------------------------------------- 2 the deployment

    def _preference(self) -> None:
        if "DeploymentPreference" in self.properties:
            return
        preference = dict(self.options.preference)
        if self.options.alarms is not None:
            preference["Alarms"] = self._alarm_entries()
        self._add(Insert(self.path, (("DeploymentPreference", preference),)), "added", _describe(preference))

    # ------------------------------------------------------------------- 3 the events

    def _events(self) -> None:
        events = self.machine.properties.get("Events")
        if not isinstance(events, dict) or not events:
            return
        names = ", ".join(str(name) for name in events)
        if "UseAliasAsEventTarget" in self.properties:
            if self.properties["UseAliasAsEventTarget"] is not True:
                self._note(self.path + ("UseAliasAsEventTarget",), f"kept as written: events {names} start the state "
                                                                   "machine itself, which no deployment shifts")
            return
        self._add(Insert(self.path, (("UseAliasAsEventTarget", True),)), "added",
                  f"events {names} start the alias, so their executions follow the deployment and its alarms see "
                  "them (deploy samtransform's expansion: AWS SAM's own transform grants their roles the alias ARN, "
                  "which Step Functions does not match, aws/serverless-application-model#3720)")

    # ------------------------------------------------------------------- 4 the alarms

    def _alarms(self) -> None:
        if self.options.alarms is not None:
            if "DeploymentPreference" in self.properties:
                self._named_alarms(self.properties["DeploymentPreference"])
            return
        reason = self._why_no_rollback_alarms()
        if reason:
            if reason is not _SILENT:
                self._note(self.path + ("DeploymentPreference",), reason)
            return
        metadata = self.resource.get("Metadata")
        setting = {SETTING: True}
        if "Metadata" not in self.resource:
            edit = Insert(self.resource_path, (("Metadata", {METADATA_KEY: setting}),))
        elif isinstance(metadata, dict) and METADATA_KEY not in metadata:
            edit = Insert(self.resource_path + ("Metadata",), ((METADATA_KEY, setting),))
        elif isinstance(metadata, dict) and isinstance(metadata[METADATA_KEY], dict):
            edit = Insert(self.resource_path + ("Metadata", METADATA_KEY), ((SETTING, True),))
        else:
            self._note(self.resource_path + ("Metadata",), "no rollback alarms added: Metadata is not a mapping")
            return
        metrics = ", ".join(METRICS)
        self._add(edit, "added", f"samtransform generates the alarms that roll the deployment back ({metrics} of "
                                 f"alias {self.alias_name!r}, each firing within a minute)")

    def _why_no_rollback_alarms(self):
        own = _setting(self.resource)
        if own is not _MISSING:
            return "no rollback alarms added: the state machine opts out (RollbackAlarms: false)" if own is False \
                else _SILENT
        if "DeploymentPreference" in self.properties:
            preferences = [preference for _, preference in self.machine.preferences()]
            if any(preference.get("Alarms") not in (None, []) for preference in preferences):
                return "kept its own Alarms: check judges them (W92xx to W94xx, in the plan below)"
            if not any(_may_be_gradual(preference.get("Type")) for preference in preferences):
                return ("no rollback alarms added: its deployment moves all traffic at once (ALL_AT_ONCE, or an empty "
                        "DeploymentPreference), so no alarm can be shown to stop it (W9403)")
        elif self.options.preference["Type"] not in GRADUAL_TYPES:
            return ("no rollback alarms added: an ALL_AT_ONCE deployment moves all traffic at once, so no alarm can "
                    "be shown to stop it (W9403)")
        if _setting(self.template) not in (_MISSING, False):
            return _SILENT  # the template's own switch covers every state machine with an alias
        taken = [rollback_alarm_id(self.logical_id, metric) for metric in METRICS
                 if rollback_alarm_id(self.logical_id, metric) in self.template["Resources"]]
        if taken:
            return f"no rollback alarms added: they would generate {taken[0]}, which the template already has"
        return None

    def _unlisted_alarms(self) -> None:
        """Alarms of the template that watch this state machine but that its deployment does not list."""
        listed = {str(entry.entry.get("Ref")) if isinstance(entry.entry, dict) else entry.entry
                  for entry in self.machine.alarms()} | {str(name) for name in self.options.alarms or ()}
        for logical_id, resource in self.template["Resources"].items():
            dimensions = _dimensions(resource) if resource.get("Type") == callers.ALARM_TYPES[0] else None
            if dimensions is None or dimensions.get("StateMachineArn") not in (
                    ref(self.logical_id), {"Fn::GetAtt": [self.logical_id, "Arn"]}) or logical_id in listed:
                continue
            alias = dimensions.get("Alias")
            other = f", and it watches alias {alias!r}, not {self.alias_name!r}" if isinstance(alias, str) and \
                alias != self.alias_name else ""
            self._note(("Resources", logical_id), f"watches {self.logical_id} but is not in its DeploymentPreference's "
                                                  f"Alarms, so it rolls nothing back{other}")

    def _alarm_entries(self) -> list:
        entries = []
        for name in self.options.alarms:
            resource = self.template["Resources"].get(name)
            if isinstance(resource, dict):
                if resource.get("Type") not in callers.ALARM_TYPES:
                    raise OptionError(f"--alarms {name}: {name} is a {resource.get('Type')}, not a CloudWatch alarm")
                entries.append(ref(name))
            else:
                entries.append(name)  # the name of an alarm outside the template
        return entries

    def _named_alarms(self, preference) -> None:
        path = self.path + ("DeploymentPreference",)
        entries = self._alarm_entries()
        if not isinstance(preference, dict) or is_intrinsic(preference):
            how = "an Fn::If" if is_fn_if(preference) else "not a mapping"
            self._note(path, f"--alarms not added: the DeploymentPreference is {how}; list them in it by hand")
            return
        alarms = preference.get("Alarms")
        if "Alarms" not in preference:
            self._add(Insert(path, (("Alarms", entries),)), "added", "the deployment rolls back on the alarms given")
        elif isinstance(alarms, list):
            missing = [entry for entry in entries if entry not in alarms]
            if missing:
                self._add(Append(path + ("Alarms",), tuple(missing)), "added",
                          "the deployment also rolls back on the alarms given")
        else:
            self._note(path + ("Alarms",), "--alarms not added: Alarms is not a list")

    # ------------------------------------------------------------------- 5 the callers

    def _callers(self, definitions: dict) -> None:
        exporting = []
        for reference in callers.references(self.template, self.logical_id):
            verdict = callers.verdict(self.template, reference, definitions)
            if verdict is None:
                continue
            where = reference.value_path
            if verdict.action == "route":
                edit = Rename(reference.path, self.logical_id, self.alias_logical_id, reference.kind == "sub")
                self._add(edit, "changed", f"names {self.alias_logical_id}: {verdict.reason}")
            elif verdict.action == "output":
                exporting.append(reference)
                self._note(where, f"exports the ARN of {self.logical_id}, {verdict.reason}")
            elif verdict.action == "keep":
                self._note(where, verdict.reason)
            else:
                self._note(where, f"{verdict.reason} ({_short(self.alias_logical_id)})")
        if exporting:
            self._output(exporting)

    def _output(self, exporting: list) -> None:
        outputs = self.template["Outputs"]
        alias_values = ({"Ref": self.alias_logical_id}, {"Fn::GetAtt": [self.alias_logical_id, "Arn"]})
        if any(isinstance(output, dict) and output.get("Value") in alias_values for output in outputs.values()):
            return
        name = next((candidate for candidate in (f"{self.logical_id}AliasArn", f"{self.alias_logical_id}Arn")
                     if candidate not in outputs), None)
        if name is None:
            self._note(("Outputs",), f"no output added for the alias: {self.alias_logical_id}Arn is taken")
            return
        output = {"Description": OUTPUT_DESCRIPTION.format(alias=self.alias_name, machine=self.logical_id),
                  "Value": ref(self.alias_logical_id)}
        if "Condition" in self.resource:
            output = {"Condition": self.resource["Condition"], **output}
        export = _alias_export(outputs, exporting)
        if export is not None:
            output["Export"] = {"Name": export}
        exported = any("Export" in outputs[reference.value_path[1]] for reference in exporting)
        unexported = " (not exported: give it an Export if other stacks should import it)" if exported and not export \
            else ""
        self._add(Insert(("Outputs",), ((name, output),)), "added",
                  f"output {name} gives the alias's ARN to other stacks{unexported}")


_SILENT = "already on"  # the rollback alarms are already asked for: nothing to say
_MISSING = object()


def _setting(owner: dict):
    """The RollbackAlarms setting in a resource's (or the template's) Metadata, or _MISSING."""
    metadata = owner.get("Metadata")
    settings = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    return settings.get(SETTING, _MISSING) if isinstance(settings, dict) else _MISSING


def _dimensions(resource: dict) -> dict | None:
    """An alarm's dimensions by name, when they are a list of Name/Value mappings."""
    properties = resource.get("Properties")
    dimensions = properties.get("Dimensions") if isinstance(properties, dict) else None
    if not isinstance(dimensions, list):
        return None
    return {entry.get("Name"): entry.get("Value") for entry in dimensions if isinstance(entry, dict)}


def _may_be_gradual(kind) -> bool:
    """A Type that is LINEAR or CANARY, or may be (an intrinsic known at deploy time)."""
    return kind in GRADUAL_TYPES or is_intrinsic(kind)


def _describe(preference: dict) -> str:
    kind = preference["Type"]
    if kind == "CANARY":
        text = (f"the alias moves traffic as a CANARY: {preference['Percentage']} % for {preference['Interval']} "
                "minutes, then the rest unless an alarm fires")
    elif kind == "LINEAR":
        text = (f"the alias moves traffic LINEAR: {preference['Percentage']} % more every {preference['Interval']} "
                "minutes while no alarm fires")
    else:
        text = "the alias moves all traffic at once (ALL_AT_ONCE)"
    return text


def _alias_export(outputs: dict, exporting: list):
    """The export name for the alias's output: the first exported one's, with `-alias` (a string or a `!Sub` string)."""
    for reference in exporting:
        export = outputs[reference.value_path[1]].get("Export")
        name = export.get("Name") if isinstance(export, dict) else None
        if isinstance(name, str):
            return f"{name}-alias"
        if isinstance(name, dict) and list(name) == ["Fn::Sub"] and isinstance(name["Fn::Sub"], str):
            return {"Fn::Sub": name["Fn::Sub"] + "-alias"}
    return None


def _short(alias_logical_id: str) -> str:
    return f"!Ref {alias_logical_id}"
