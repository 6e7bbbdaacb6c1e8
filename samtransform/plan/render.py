"""A plan written for people (text), for programs (JSON) and for pull requests (Mermaid, in mermaid.py)."""

from __future__ import annotations

import json

from ..io.text_output import text_lines


def render_json(plan: dict) -> str:
    return json.dumps(plan, indent=2, ensure_ascii=False) + "\n"


def describe_deployment(machine: dict) -> str:
    deployment = machine["deployment"]
    if deployment is None or deployment["type"] is None:
        return "deployment unknown"
    kind, percentage, interval = deployment["type"], deployment["percentage"], deployment["interval_minutes"]
    if kind == "LINEAR" and percentage and interval:
        return f"LINEAR {percentage} % {every(interval)}"
    if kind == "CANARY" and percentage and interval:
        return f"CANARY {percentage} %, the rest after {_minutes(interval)}"
    return kind


def where(finding: dict) -> str:
    """FILE:LINE:COL of a finding, or the file alone when the plan was made without the template text."""
    if finding["line"] is None:
        return finding["file"]
    return f"{finding['file']}:{finding['line']}:{finding['column']}"


def _minutes(value) -> str:
    return f"{value} minute" + ("" if value == 1 else "s")


def every(minutes) -> str:
    """"every minute", "every 2 minutes"."""
    return "every minute" if minutes == 1 else f"every {minutes} minutes"


def shows_timeline(machine: dict) -> bool:
    """Whether a rendering draws the traffic timeline: there are steps, and the deploy moves traffic
    (compared with --previous, a deploy that publishes no new version shifts none)."""
    return bool(machine["steps"]) and machine["shifts_traffic"] is not False


def _yes_no(value) -> str:
    return {True: "yes", False: "NO", None: "unknown"}[value]


def render_text(plan: dict) -> str:
    lines = []
    for machine in plan["state_machines"]:
        lines += _machine_lines(machine, plan["previous"] is not None)
        lines.append("")
    if plan["state_machines_without_alias"]:
        lines.append("without AutoPublishAlias (no version, no alias, no traffic shifting): "
                     + ", ".join(plan["state_machines_without_alias"]))
        lines.append("")
    if plan["previous"] is not None:
        lines += _resource_lines("added", plan["resources_added"])
        lines += _resource_lines("removed", plan["resources_removed"])
    if not plan["state_machines"] and not plan["state_machines_without_alias"]:
        lines.append("no AWS::Serverless::StateMachine in this template")
    while lines and not lines[-1]:
        lines.pop()
    return text_lines(lines)


def _machine_lines(machine: dict, compared: bool) -> list[str]:
    lines = [f"{machine['logical_id']}: alias {machine['alias']} ({machine['alias_logical_id']}), "
             f"{describe_deployment(machine)}"]
    if compared:
        verdict = "publishes a new version" if machine["publishes_version"] else "publishes no new version"
        reasons = f" ({', '.join(machine['reasons'])} changed)" if machine["reasons"] else ""
        lines.append(f"  {verdict}{reasons}")
        lines += [f"  WARNING {warning}" for warning in machine["warnings"]]
    if shows_timeline(machine):
        lines.append("  minute  traffic on the new version")
        lines += [f"  {step['at_minute']:>6}  {step['percent']:>3} %" for step in machine["steps"]]
        bound = machine["watch_bound_minutes"]
        watched = f"; rollback possible until minute {bound} at most" if bound is not None else \
            "; how long alarms are watched is not documented by AWS"
        lines.append(f"  all traffic on the new version at minute {machine['all_traffic_at_minute']}{watched}")
    if machine["alarms"]:
        rows = [("alarm", "metric", "dimensions", "window", "fires in time")]
        for alarm in machine["alarms"]:
            metric = f"{alarm['namespace']} {alarm['metric']}" if alarm["metric"] else "?"
            dimensions = ", ".join(f"{d['name']}={d['value']}" for d in alarm["dimensions"]) or "-"
            window = f"{alarm['window_minutes']} min" if alarm["window_minutes"] is not None else "?"
            label = alarm["logical_id"] or alarm["name"] or alarm["reference"] or "?"
            fires = f"NO ({alarm['finding']['rule_id']})" if alarm["finding"] else _yes_no(alarm["fires_in_time"])
            rows.append((label + (" (generated)" if alarm["generated"] else ""), metric, dimensions, window, fires))
        lines += _table(rows)
    elif machine["deployment"] is not None:
        lines.append("  no alarms watched: nothing can roll this deployment back")
    for event in machine["events"]:
        lines.append(f"  event {event['name']} ({event['logical_id']}, {event['type']}) starts the "
                     + ("alias" if event["target"] == "alias" else "state machine itself, not the alias"))
    lines += [f"  {where(finding)}: {finding['rule_id']} "
              f"{finding['message']}" for finding in machine["findings"]]
    lines += [f"  note: {note}" for note in machine["notes"]]
    return lines


def _table(rows: list[tuple]) -> list[str]:
    widths = [max(len(str(row[column])) for row in rows) for column in range(len(rows[0]))]
    return ["  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def _resource_lines(verb: str, resources: list[dict]) -> list[str]:
    if not resources:
        return [f"resources {verb}: none"]
    return [f"resources {verb}:"] + [f"  {entry['logical_id']} ({entry['type']})" for entry in resources]
