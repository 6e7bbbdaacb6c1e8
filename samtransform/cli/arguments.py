"""The command line, on argparse, with sam CLI's and cfn-lint's spellings where they have one.

Every option takes exactly one value (repeat it for more), so none can swallow the
template path: `check -i W94 -i W93 t.yaml`, `check --ignore-checks=W94 t.yaml`,
`check -iW94 t.yaml` and `expand --parameter-overrides Stage=prod t.yaml` all mean
what they say. Several parameter values fit in one argument, as sam CLI takes them:
`--parameter-overrides 'A=1 B=2'`.

The options that say what a template means (region, parameter values) live in one
parent parser that every subcommand shares, so a new subcommand gets them whole.
"""

from __future__ import annotations

import argparse
import os

HELP_WIDTH = 79  # every --help line fits an 80-column terminal, however wide the real one is


class UsageError(Exception):
    """Bad command-line arguments; the CLI prints it and exits 2."""

    def __init__(self, message: str, usage: str = ""):
        super().__init__(message)
        self.usage = usage


SEVERAL_VALUES_HINT = ("give several parameter values in one argument (--parameter-overrides 'A=1 B=2') "
                       "or repeat the option")


class HelpShown(Exception):
    """--help or --version printed what was asked; the CLI exits 0."""


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str):
        super().__init__(prog, max_help_position=30, width=HELP_WIDTH)


class _Parser(argparse.ArgumentParser):
    """argparse that reports to the CLI instead of leaving the process (tests call `main`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        raise UsageError(message, self.format_usage())

    def exit(self, status: int = 0, message: str | None = None):
        if message:
            raise UsageError(message.strip(), self.format_usage())
        raise HelpShown()

    def parse_known_intermixed_args(self, args=None, namespace=None):
        """argparse's, and one usage error for a parameter value given as an argument of its own.

        `--parameter-overrides A=1 B=2 t.yaml` leaves `B=2` where a template goes: whether it
        lands in TEMPLATE (options first, or standard input) or among the arguments left over
        (template first), the same error says what it is and how to write it.
        """
        parsed, extra = super().parse_known_intermixed_args(args, namespace)
        given = [value for action in self._actions if not action.option_strings and action.dest != "help"
                 for value in _as_list(getattr(parsed, action.dest, None))]
        stray = next((value for value in given + extra if _is_stray_parameter(value)), None)
        if stray is not None:
            raise UsageError(f"{stray!r} is not a template file; {SEVERAL_VALUES_HINT}", self.format_usage())
        return parsed, extra


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _is_stray_parameter(argument: object) -> bool:
    """A `K=V` where a template goes, and no file of that name (a template may have any name)."""
    return (isinstance(argument, str) and "=" in argument and not argument.startswith("-")
            and not os.path.exists(argument))


def template_options() -> argparse.ArgumentParser:
    """What a template means: the region and the parameter values. Shared by every subcommand."""
    parent = _Parser(add_help=False)
    group = parent.add_argument_group("template options")
    group.add_argument("--region", default="us-east-1", metavar="REGION",
                       help="region, for the partition of ARNs (default: us-east-1)")
    group.add_argument("--parameter-overrides", "--parameters", dest="parameter_overrides", action="append",
                       default=[], metavar="'K=V ...'",
                       help="parameter values: 'K=V K2=V2', ParameterKey=K,ParameterValue=V, or "
                            "file://params.json (CloudFormation's parameters file); repeatable, "
                            "later values win")
    group.add_argument("--config-file", metavar="PATH",
                       help="read parameter_overrides from this samconfig.toml")
    group.add_argument("--config-env", metavar="NAME",
                       help="its environment (default: default; reads samconfig.toml when "
                            "--config-file is not given)")
    group.add_argument("--definitions-root", dest="definitions_roots", action="append", default=[], metavar="DIR",
                       help="a folder outside the template's folder whose files a local DefinitionUri may name "
                            "(repeatable; see docs/safety.md)")
    return parent


PROGRAM = "samtransform"


def build_parser(version: str) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser (for help and -V) and one parser per subcommand."""
    top = _Parser(prog=PROGRAM,
                  description="Expand, check, plan and adopt AWS SAM state machines (AutoPublishAlias, "
                              "DeploymentPreference), offline.",
                  epilog="samtransform COMMAND --help shows a command's options.")
    top.add_argument("-V", "--version", action="version", version=f"samtransform {version}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    parent = template_options()
    parsers = {}
    for name, (summary, description, add_arguments) in COMMANDS.items():
        parsers[name] = commands.add_parser(name, parents=[parent], help=summary, description=description)
        add_arguments(parsers[name])
    return top, parsers


def command_parser(name: str) -> argparse.ArgumentParser:
    """The parser of one subcommand, the same as `build_parser`'s, built alone: a run needs only its
    command's, and building the other three (argparse looks up translations for each) costs about
    1.5 ms of every run's start-up."""
    _, description, add_arguments = COMMANDS[name]
    parser = _Parser(prog=f"{PROGRAM} {name}", parents=[template_options()], description=description)
    add_arguments(parser)
    return parser


def _expand_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("template", nargs="?", metavar="TEMPLATE",
                        help="template file (JSON or YAML), or - for standard input")
    parser.add_argument("-t", "--template-file", metavar="TEMPLATE", help="the same as TEMPLATE")
    parser.add_argument("-o", "--output-template-file", "--output", dest="output", metavar="OUT",
                        help="write here, atomically, instead of to standard output (never the input)")
    parser.add_argument("--format", choices=("json", "yaml"),
                        help="output format (default: yaml for an OUT ending in .yaml/.yml, else json)")
    parser.add_argument("--compact", action="store_true", help="JSON on one line (JSON output only)")
    parser.add_argument("--errors-format", choices=("text", "json", "sarif"), default="text",
                        help="errors and warnings on standard error as FILE:LINE:COL lines (default), "
                             "a JSON array or SARIF 2.1.0, as check writes its findings")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings as errors, and check every generated resource against CloudFormation's "
                             "schema (exit 1, no output)")


def _plan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("template", nargs="?", metavar="TEMPLATE",
                        help="template file (JSON or YAML), or - for standard input")
    parser.add_argument("-t", "--template-file", metavar="TEMPLATE", help="the same as TEMPLATE")
    parser.add_argument("--previous", metavar="OLD",
                        help="the template as last deployed, to say whether a new version is published and why: "
                             "a file, or a git revision (HEAD, main, a tag, a commit; REV:PATH for another path) "
                             "whose files it is read with; an existing file wins")
    parser.add_argument("--format", choices=("text", "json", "mermaid"), default="text",
                        help="a table (default), JSON with stable keys, or Markdown with Mermaid diagrams")
    parser.add_argument("--errors-format", choices=("text", "json", "sarif"), default="text",
                        help="errors on standard error as FILE:LINE:COL lines (default), a JSON array or "
                             "SARIF 2.1.0")


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("templates", nargs="*", metavar="TEMPLATE",
                        help="template files (JSON or YAML), or - for standard input")
    parser.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                        help="FILE:LINE:COL: RULE message lines (default), json, or sarif (SARIF 2.1.0)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.add_argument("--list-rules", action="store_true", help="print every rule: ID, severity and summary")
    parser.add_argument("-i", "--ignore-checks", action="append", default=[], metavar="RULE", type=rule_ids,
                        help="leave out rules by ID or prefix (W94: every W94xx rule); repeatable, "
                             "or comma-separated")


def rule_ids(value: str) -> str:
    """`-i`'s value, once each comma-separated part is a rule's ID or the prefix of one (W94).

    A misspelt ID would silently leave nothing out; it is a usage error with the closest ID.
    """
    # The catalog (and the limits it reads from the schema) loads only when -i is given.
    from ..core.catalog import BY_ID
    from ..core.suggestions import did_you_mean

    for part in (part.strip() for part in value.split(",")):
        if part and not any(rule_id.startswith(part) for rule_id in BY_ID):
            suggestion = did_you_mean(part.upper(), BY_ID)
            hint = f"; did you mean {suggestion}?" if suggestion else ""
            raise argparse.ArgumentTypeError(f"{part} names no rule{hint} (samtransform check --list-rules lists them)")
    return value


def _adopt_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("template", metavar="TEMPLATE", help="template file (JSON or YAML), edited in place")
    parser.add_argument("--state-machine", dest="state_machines", action="append", default=[], metavar="ID",
                        help="adopt only this AWS::Serverless::StateMachine; repeatable (default: every one)")
    parser.add_argument("--alias", metavar="NAME", help="the alias a state machine without one gets (default: live)")
    parser.add_argument("--deployment", metavar="TYPE", type=str.upper, choices=("CANARY", "LINEAR", "ALL_AT_ONCE"),
                        help="CANARY (default), LINEAR or ALL_AT_ONCE, for a state machine without a "
                             "DeploymentPreference")
    parser.add_argument("--percentage", metavar="N", type=int, help="traffic percentage of each shift (default: 10)")
    parser.add_argument("--interval", metavar="MIN", type=int, help="minutes between shifts (default: 5)")
    parser.add_argument("--alarms", metavar="generate|NAME,...", default="generate",
                        help="'generate' (default: samtransform's rollback alarms) or alarm names, comma-separated")
    parser.add_argument("--dry-run", action="store_true", help="print the unified diff only; write nothing")
    parser.add_argument("--yes", action="store_true", help="write without asking")


# Each subcommand: (its line in the top-level help, its description, the function that adds its options),
# in the order the help lists them; here, below the functions it names.
COMMANDS = {
    "expand": ("expand state machines into CloudFormation",
               "Expand AWS::Serverless::StateMachine resources into CloudFormation, offline.", _expand_arguments),
    "check": ("check templates for what breaks a gradual deployment",
              "Check templates for what silently breaks a gradual deployment.", _check_arguments),
    "plan": ("show what a deploy will do: versions, traffic timeline, alarms",
             "Show what a deploy will do: versions published, the traffic timeline, the alarms watched.",
             _plan_arguments),
    "adopt": ("edit a template to deploy gradually, with rollback alarms",
              "Edit a template in place so that its state machines deploy gradually through an alias and "
              "roll back on alarms; shows the diff and the plan.", _adopt_arguments),
}
