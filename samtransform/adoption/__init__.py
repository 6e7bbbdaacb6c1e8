"""`samtransform adopt`: turn state machines that deploy all at once into ones that deploy
gradually and roll back, in one reviewed edit of the user's own template.

    from samtransform import adopt
    result = adopt(open("template.yaml").read(), "template.yaml")
    for change in result.changes:
        print(change.line, change.action, change.message)
    open("template.yaml", "w").write(result.text)   # the CLI writes atomically instead

What is added and routed is `planner.py`'s (callers: `callers.py`; options and defaults:
`options.py`); the edit is spliced into the text by `editor.py` on the node positions of
`nodes.py`; `steps.py` runs the steps and proves the result; `samtransform/cli/adopt.py` is
the command line.

Why a position-based splice and not a round-trip YAML library: measured with ruamel.yaml
0.19.1 (typ "rt", preserve_quotes, width 4096), a load and dump with no edit gave back
byte for byte 0 of the 49 real templates in ../shared/examples/realworld, 3 of them with
the best of five indentation settings, and 131 of the repository's 204 readable fixture
files (0 of 1 for the seed example). The differences are the kind a reviewer cannot tell from
a change: indentation of sequences (328 lines in 38 templates), spacing inside flow
collections and before comments (46 lines, 22 templates), `True` written `true` (7
templates), blank lines with spaces dropped and folded scalars rejoined (26 templates).
So adopt keeps the text and edits it where it must, and adds no dependency: the project's
own YAML composer (libyaml) gives the positions, and a small scanner gives them for JSON.

The package is `samtransform.adoption`; `samtransform.adopt` is its function.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from .steps import Adoption


def adopt(text: str, name: str = "<template>", *, state_machines=(), alias: str | None = None,
          deployment: str | None = None, percentage: int | None = None, interval: int | None = None,
          alarms=None, region: str = "us-east-1", parameters=None, base_dir=None,
          definitions_roots=()) -> "Adoption":
    """Adopt gradual deployments in template text: the new text, the changes and what was left.

    `text`: the template (JSON or YAML); `name`: how it is reported. `region`, `parameters`,
    `base_dir`, `definitions_roots`: as for `expand_template` (`base_dir` defaults to the
    current folder: text has none). Returns an Adoption (`text`, `changes`, `findings`).
    `state_machines`: logical IDs (default: every AWS::Serverless::StateMachine); `alias`
    (default `live`); `deployment` CANARY (default), LINEAR or ALL_AT_ONCE, with `percentage`
    and `interval` (default 10 and 5); `alarms` None or "generate" for the generated rollback
    alarms, else alarm names (a list, or a comma-separated string). Raises
    InvalidTemplateError when the template does not load or expand, errors.OptionError for
    an option it cannot follow, and errors.AdoptError when it cannot adopt the template or the
    result would be wrong.
    The text is never written here.
    """
    # The editor, the planner and the checks load only when adopt runs: `import samtransform`
    # (every expand and check) pays for this module alone.
    from .steps import adopt_text

    return adopt_text(text, name, state_machines=state_machines, alias=alias, deployment=deployment,
                      percentage=percentage, interval=interval, alarms=alarms, region=region,
                      parameters=parameters, base_dir=base_dir, definitions_roots=definitions_roots)
