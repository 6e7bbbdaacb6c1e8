"""A plan as Markdown with Mermaid diagrams, which GitHub draws in pull requests and issues.

- one `gantt` chart per rollout: the traffic on the new version between shifts, the latest
  minute the deployment can roll back, and each alarm's evaluation window against them
  (red when the alarm cannot fire in time);
- one `flowchart` of the generated resources: events -> alias -> version -> state machine,
  and alarms -> alias (the alarms that roll it back).

Times are drawn as clock times from 00:00 (the first shift): Mermaid's gantt charts have no
axis of elapsed minutes. Start times are written in the chart's own `dateFormat` and read in
the viewer's time zone, so the axis reads the same everywhere.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from .render import describe_deployment, every as every_minutes, shows_timeline, where as _where

_START = datetime(2000, 1, 1)
# (minutes, Mermaid tickInterval): the first that gives at most 12 ticks is used.
_TICKS = [(1, "1minute"), (2, "2minute"), (5, "5minute"), (10, "10minute"), (15, "15minute"), (30, "30minute"),
          (60, "1hour"), (120, "2hour"), (360, "6hour"), (720, "12hour"), (1440, "1day"), (10080, "1week"),
          (20160, "2week"), (40320, "4week")]
MAX_BARS = 12  # a rollout of more shifts draws the middle ones as one bar
_UNSAFE_TASK = re.compile(r"[:;#]")


def render_mermaid(plan: dict) -> str:
    """Markdown: per state machine a gantt chart and its findings as a list, then the flowchart."""
    parts = [f"# Deployment plan: {plan['template']}\n"]
    for machine in plan["state_machines"]:
        parts.append(f"## {machine['logical_id']}: alias {machine['alias']}, {describe_deployment(machine)}\n")
        if shows_timeline(machine):
            parts.append(f"```mermaid\n{gantt(machine)}```\n")
        parts.append("".join(f"- {item}\n" for item in _facts(machine, plan["previous"] is not None)))
    if plan["state_machines_without_alias"]:
        parts.append("Without AutoPublishAlias (no version, no alias, no traffic shifting): "
                     + ", ".join(plan["state_machines_without_alias"]) + "\n")
    if plan["state_machines"]:
        parts.append(f"## Generated resources\n\n```mermaid\n{flowchart(plan)}```\n")
    return "\n".join(parts)


def _facts(machine: dict, compared: bool) -> list[str]:
    items = []
    if compared:
        reasons = f" ({', '.join(machine['reasons'])} changed)" if machine["reasons"] else ""
        items.append(("publishes a new version" if machine["publishes_version"] else "publishes no new version")
                     + reasons)
        items += [f"**warning:** {warning}" for warning in machine["warnings"]]
    if machine["all_traffic_at_minute"] is not None and shows_timeline(machine):
        bound = machine["watch_bound_minutes"]
        items.append(f"all traffic on the new version at minute {machine['all_traffic_at_minute']}"
                     + (f"; rollback possible until minute {bound} at most" if bound is not None else ""))
    items += [f"**{finding['rule_id']}** `{_where(finding)}` {finding['message']}"
              for finding in machine["findings"]]
    items += [f"note: {note}" for note in machine["notes"]]
    return items


def gantt(machine: dict) -> str:
    """The rollout of one state machine as a Mermaid gantt chart."""
    steps, bound = machine["steps"], machine["watch_bound_minutes"]
    windows = [alarm["window_minutes"] for alarm in machine["alarms"] if alarm["window_minutes"] is not None]
    span = max([steps[-1]["at_minute"], bound or 0, *windows, 1])
    tick, tick_name = next(((minutes, name) for minutes, name in _TICKS if span / minutes <= 12), _TICKS[-1])
    lines = [
        "gantt",
        f"  title {_task(machine['logical_id'])} - alias {_task(machine['alias'])}, "
        f"{_task(describe_deployment(machine))}",
        "  dateFormat YYYY-MM-DD HH:mm",
        f"  axisFormat {_axis_format(span, tick)}",
        f"  tickInterval {tick_name}",
        "  todayMarker off",
        "  section Traffic",
    ]
    lines += _traffic(steps)
    if bound is not None:
        lines += ["  section Rollback", f"  latest rollback, minute {bound} :milestone, bound, {_at(bound)}, 0m"]
    if machine["alarms"]:
        lines.append("  section Alarms")
    for index, alarm in enumerate(machine["alarms"]):
        name = _task(alarm["logical_id"] or alarm["name"] or alarm["reference"] or "alarm")
        if alarm["window_minutes"] is None:
            lines.append(f"  {name} window unknown :milestone, a{index}, {_at(0)}, 0m")
            continue
        verdict = {True: "fires in time", False: "too slow", None: "watch time undocumented"}[alarm["fires_in_time"]]
        if alarm["finding"]:  # it never fires, or fires while the version is healthy: the finding says which
            verdict = f"see {alarm['finding']['rule_id']}"
        tags = "crit, " if alarm["fires_in_time"] is False else ""
        seconds = round(alarm["window_minutes"] * 60)
        lines.append(f"  {name} {_task(str(alarm['window_minutes']))}-minute window, {verdict} :{tags}a{index}, "
                     f"{_at(0)}, {seconds}s")
    return "\n".join(lines) + "\n"


def _traffic(steps: list[dict]) -> list[str]:
    """A bar per step until the last shift, a milestone at it; many middle steps become one bar."""
    bars = [(step["percent"], f"{step['percent']} %", step["at_minute"], following["at_minute"])
            for step, following in zip(steps, steps[1:])]
    if len(bars) > MAX_BARS:
        first, middle, last = bars[0], bars[1:-1], bars[-1]
        interval = middle[0][3] - middle[0][2]
        bars = [first, (None, f"{middle[0][1]} to {middle[-1][1]} in {len(middle)} shifts {every_minutes(interval)}",
                        middle[0][2], middle[-1][3]), last]
    lines = [f"  {label} on the new version :s{index}, {_at(start)}, {end - start}m"
             for index, (_, label, start, end) in enumerate(bars)]
    final = steps[-1]
    lines.append(f"  {final['percent']} % at minute {final['at_minute']} :milestone, s{len(bars)}, "
                 f"{_at(final['at_minute'])}, 0m")
    return lines


def flowchart(plan: dict) -> str:
    """Events -> alias -> version -> state machine, and alarms -> alias, for every state machine."""
    nodes: dict[str, str] = {}
    lines = ["flowchart LR"]

    def node(logical_id: str, detail: str) -> str:
        if logical_id not in nodes:
            nodes[logical_id] = f"n{len(nodes)}"
            lines.append(f'  {nodes[logical_id]}["{_label(logical_id)}<br/>{_label(detail)}"]')
        return nodes[logical_id]

    slow = []
    for machine in plan["state_machines"]:
        machine_node = node(machine["logical_id"], "state machine")
        alias = node(machine["alias_logical_id"], f"alias {machine['alias']}")
        if machine["version_logical_id"]:
            version = node(machine["version_logical_id"], "version")
            lines.append(f'  {alias} -->|"{_label(describe_deployment(machine))}"| {version}')
            lines.append(f"  {version} --> {machine_node}")
        for event in machine["events"]:
            source = node(event["logical_id"], event["type"])
            edge = f"  {source} --> {alias if event['target'] == 'alias' else machine_node}"
            if edge not in lines:  # Api events on one REST API share its node and its edge
                lines.append(edge)
        for alarm in machine["alarms"]:
            key = alarm["logical_id"] or alarm["name"] or alarm["reference"] or "alarm"
            window = f", {alarm['window_minutes']} min" if alarm["window_minutes"] is not None else ""
            kind = "generated alarm" if alarm["generated"] else "alarm"
            source = node(key, f"{kind}: {alarm['metric'] or '?'}{window}")
            lines.append(f'  {source} -. "rolls back" .-> {alias}')
            if alarm["fires_in_time"] is False:
                slow.append(source)
    if slow:
        lines += ["  classDef slow stroke:#d00,stroke-width:2px", f"  class {','.join(dict.fromkeys(slow))} slow"]
    return "\n".join(lines) + "\n"


def _axis_format(span: int, tick: int) -> str:
    """Hours and minutes from 00:00; past a day, the day too ("day 001" is the first day)."""
    if span <= 1440:
        return "%H:%M"
    return "day %j" if tick >= 1440 else "day %j %H:%M"


def _at(minute: float) -> str:
    return (_START + timedelta(minutes=minute)).strftime("%Y-%m-%d %H:%M")


def _task(text: str) -> str:
    """Text safe in a gantt title or task name, where ':' ends the name and '#', ';' break the line."""
    return _UNSAFE_TASK.sub(" ", str(text))


def _label(text: str) -> str:
    return str(text).replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
