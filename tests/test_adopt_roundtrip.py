"""`adopt` keeps the user's text: comments, anchors, flow and block styles, quoting, `!Sub` lists,
CRLF and JSON come out byte for byte outside the lines it adds or changes."""

from __future__ import annotations

import difflib
import json

from hypothesis import given
from hypothesis import strategies as st

from samtransform import adopt
from samtransform.adoption.editor import Editor, EditRefused, Insert
from samtransform.io.template_io import parse

DEFINITION = "{StartAt: Done, States: {Done: {Type: Succeed}}}"
ROLE = "arn:aws:iam::123456789012:role/states"


def adopted(text: str, name: str = "template.yaml", **options):
    result = adopt(text, name, **options)
    again = adopt(result.text, name, **options)
    assert again.text == result.text  # idempotent, whatever the style
    return result


def changed_lines(old: str, new: str) -> list[str]:
    """The lines the diff adds or replaces (with their line breaks), and it must remove none."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag != "equal":
            assert tag != "delete" and i2 - i1 <= j2 - j1
            added += new_lines[j1:j2]
    return added


def assert_only_reported_lines_changed(old: str, result) -> None:
    reported = {line for change in result.changes if change.action != "left"
                for line in range(change.line, change.last_line + 1)}
    old_lines, new_lines = old.splitlines(keepends=True), result.text.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag != "equal":
            assert tag != "delete" and i2 - i1 <= j2 - j1
            assert set(range(j1 + 1, j2 + 1)) <= reported


def test_comments_blank_lines_and_key_order_stay():
    text = f"""# The orders workflow.
Transform: AWS::Serverless-2016-10-31

Resources:
  # the state machine
  Machine:   # its logical ID is in the dashboards
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: {ROLE}  # made by the platform team
      Definition: {DEFINITION}
      # Tracing: {{Enabled: true}}

  Topic: # after
    Type: AWS::SNS::Topic
"""
    result = adopted(text)
    assert result.text == f"""# The orders workflow.
Transform: AWS::Serverless-2016-10-31

Resources:
  # the state machine
  Machine:   # its logical ID is in the dashboards
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: {ROLE}  # made by the platform team
      Definition: {DEFINITION}
      AutoPublishAlias: live
      DeploymentPreference:
        Type: CANARY
        Percentage: 10
        Interval: 5
    Metadata:
      samtransform:
        RollbackAlarms: true
      # Tracing: {{Enabled: true}}

  Topic: # after
    Type: AWS::SNS::Topic
"""
    assert [(change.action, change.line, change.last_line) for change in result.changes] == [
        ("added", 11, 11), ("added", 12, 15), ("added", 16, 18)]


def test_quoting_and_long_forms_stay_when_a_reference_is_renamed():
    text = f"""Resources:
  Machine:
    Type: "AWS::Serverless::StateMachine"
    Properties:
      Role: '{ROLE}'
      Definition: {DEFINITION}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: 'rate(1 day)'
      Targets:
        - Arn: {{"Ref": "Machine"}}
          Id: "first"
        - Arn: !Ref 'Machine'
          Id: second
        - Arn: {{"Fn::GetAtt": ["Machine", "Arn"]}}
          Id: third
"""
    result = adopted(text)
    assert changed_lines(text, result.text) == [
        "      AutoPublishAlias: live\n", "      DeploymentPreference:\n", "        Type: CANARY\n",
        "        Percentage: 10\n", "        Interval: 5\n", "    Metadata:\n", "      samtransform:\n",
        "        RollbackAlarms: true\n",
        '        - Arn: {"Ref": "MachineAliaslive"}\n', "        - Arn: !Ref 'MachineAliaslive'\n",
        '        - Arn: {"Fn::GetAtt": ["MachineAliaslive", "Arn"]}\n']
    assert [change.message for change in result.changes if change.action == "changed"] == [
        f"names MachineAliaslive: target {index} of the EventBridge rule starts the alias" for index in range(3)]


def test_flow_style_mappings_get_flow_entries():
    text = (f"Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n"
            f"    Properties: {{Role: {ROLE}, Definition: {DEFINITION}}}\n")
    result = adopted(text)
    assert result.text == (
        f"Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n"
        f"    Properties: {{Role: {ROLE}, Definition: {DEFINITION}, AutoPublishAlias: live, "
        "DeploymentPreference: {Type: CANARY, Percentage: 10, Interval: 5}}\n"
        "    Metadata:\n      samtransform:\n        RollbackAlarms: true\n")


def test_a_value_an_anchor_shares_is_left_and_a_merge_is_edited_in_its_own_mapping():
    text = f"""Resources:
  First:
    Type: AWS::Serverless::StateMachine
    Properties: &shared
      Role: {ROLE}
      Definition: {DEFINITION}
  Second:
    Type: AWS::Serverless::StateMachine
    Properties: *shared
  Third:
    Type: AWS::Serverless::StateMachine
    Properties:
      <<: *shared
      Name: third
"""
    result = adopted(text)
    assert changed_lines(text, result.text) == [
        "      AutoPublishAlias: live\n", "      DeploymentPreference:\n", "        Type: CANARY\n",
        "        Percentage: 10\n", "        Interval: 5\n", "    Metadata:\n", "      samtransform:\n",
        "        RollbackAlarms: true\n"]
    left = [(change.line, change.message) for change in result.changes if change.action == "left"]
    reason = ("the text holds this value once for several places (a YAML anchor and its aliases), so changing it "
              "would change them all")
    assert left == [(4, f"First is left as it is: {reason}"), (9, f"Second is left as it is: {reason}")]
    assert parse(result.text)["Resources"]["Third"]["Properties"]["AutoPublishAlias"] == "live"


def test_sub_strings_are_renamed_inside_and_sub_lists_listed():
    text = f"""Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties: {{Role: {ROLE}, Definition: {DEFINITION}}}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 day)
      Targets:
        - {{Arn: !Sub "${{Machine}}", Id: sub}}
  Starter:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          TARGET: !Sub
            - "${{Arn}}"
            - Arn: !Ref Machine
"""
    result = adopted(text)
    assert '        - {Arn: !Sub "${MachineAliaslive}", Id: sub}\n' in result.text
    assert [(change.line, change.message) for change in result.changes if change.action == "left"] == [
        (21, "names the state machine's ARN: if it starts executions, they run the latest version at once; give it "
             "the alias's ARN instead (!Ref MachineAliaslive)")]


def test_crlf_files_stay_crlf():
    text = (f"Resources:\r\n  Machine:\r\n    Type: AWS::Serverless::StateMachine\r\n    Properties:\r\n"
            f"      Role: {ROLE}\r\n      Definition: {DEFINITION}\r\n")
    result = adopted(text)
    assert result.text == text + ("      AutoPublishAlias: live\r\n      DeploymentPreference:\r\n"
                                  "        Type: CANARY\r\n        Percentage: 10\r\n        Interval: 5\r\n"
                                  "    Metadata:\r\n      samtransform:\r\n        RollbackAlarms: true\r\n")


def test_json_keeps_its_indentation_and_separators():
    template = {"Resources": {"Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": {
        "Role": ROLE, "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}}}}}
    text = json.dumps(template, indent=2) + "\n"
    result = adopted(text, "template.json")
    assert result.text == text.replace(
        '        }\n      }\n    }\n  }\n}\n',
        '        },\n        "AutoPublishAlias": "live",\n        "DeploymentPreference": {\n'
        '          "Type": "CANARY",\n          "Percentage": 10,\n          "Interval": 5\n        }\n'
        '      },\n      "Metadata": {\n        "samtransform": {\n          "RollbackAlarms": true\n'
        '        }\n      }\n    }\n  }\n}\n')
    for indent, separators in ((4, (",", ": ")), ("\t", (",", ": ")), (None, (",", ":")), (None, (", ", ": "))):
        text = json.dumps(template, indent=indent, separators=separators)
        result = adopted(text, "template.json")
        assert json.loads(result.text)["Resources"]["Machine"]["Properties"]["AutoPublishAlias"] == "live"
        if indent is None:
            assert f'{separators[0]}"AutoPublishAlias"{separators[1]}"live"' in result.text
        else:
            unit = indent if isinstance(indent, str) else " " * indent
            assert f',\n{unit * 4}"AutoPublishAlias": "live",\n' in result.text


def test_block_scalars_keep_their_text():
    # A tag's value: a state machine Name with a line break or a space is refused (E9805).
    for scalar, rest in (("|\n          first\n          second\n", ""), ("|+\n          kept\n\n", ""),
                         (">-\n          folded\n          line\n", "  # closing comment\n")):
        text = (f"Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                f"      Role: {ROLE}\n      Definition: {DEFINITION}\n      Tags:\n        Note: {scalar}{rest}")
        result = adopted(text)
        assert parse(result.text)["Resources"]["Machine"]["Properties"]["Tags"] == \
            parse(text)["Resources"]["Machine"]["Properties"]["Tags"]
        assert result.text.startswith(text[:len(text) - len(rest)])


def test_a_block_scalar_that_ends_the_file_without_a_line_break_is_not_extended():
    text = (f"Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
            f"      Role: {ROLE}\n      Definition: {DEFINITION}\n      Name: |\n        last")
    result = adopt(text, "template.yaml")
    assert result.text == text
    assert [change.message for change in result.changes] == [
        "Machine is left as it is: the text ends with a block scalar (| or >) and no line break, so a line added "
        "after it would change that scalar"]


def test_sequences_follow_the_file_offset():
    for offset in ("", "  "):
        text = (f"Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                f"      Definition: {DEFINITION}\n      Policies:\n      {offset}- AWSLambdaRole\n"
                f"  Failures:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      Threshold: 1\n")
        result = adopted(text, alarms="Failures,external-alarm")
        assert (f"      DeploymentPreference:\n        Type: CANARY\n        Percentage: 10\n        Interval: 5\n"
                f"        Alarms:\n        {offset}- !Ref Failures\n        {offset}- external-alarm\n") in result.text


def test_the_editor_refuses_what_the_text_does_not_hold():
    editor = Editor("Resources:\n  A: &a {Type: X}\n  B: *a\n  C: 1\n")
    assert editor.check(Insert(("Resources", "A"), (("K", 1),))).startswith("the text holds this value once")
    assert editor.check(Insert(("Resources", "C"), (("K", 1),))) == "it is not written as a mapping"
    assert editor.check(Insert(("Resources", "D"), (("K", 1),))) == "the text has no such value"
    try:
        editor.apply([Insert(("Resources", "A"), (("K", 1),))])
    except EditRefused as refusal:
        assert str(refusal).startswith("the text holds this value once")
    else:
        raise AssertionError("the edit of a shared value was made")


# --------------------------------------------------------------------------- generated styles

@st.composite
def styled_templates(draw):
    """One template (a state machine, a rule that starts it, an output) written in a drawn style."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    step = draw(st.sampled_from([2, 4]))
    offset = draw(st.sampled_from([0, step]))
    comment = draw(st.sampled_from(["", "  # note"]))
    quote = draw(st.sampled_from(["{}", "'{}'", '"{}"']))
    flow = draw(st.booleans())
    events = draw(st.booleans())
    reference = draw(st.sampled_from(["!Ref Machine", "!GetAtt Machine.Arn", "{Ref: Machine}", '!Sub "${Machine}"',
                                      "!GetAtt [Machine, Arn]"]))
    final_newline = draw(st.booleans())
    one, two, three = " " * step, " " * 2 * step, " " * 3 * step
    dash = " " * (3 * step + offset)
    event = ("Events: {Daily: {Type: Schedule, Properties: {Schedule: 'rate(1 day)'}}}") if events else None
    if flow:
        parts = [f"Role: {quote.format(ROLE)}", f"Definition: {DEFINITION}"] + ([event] if event else [])
        properties = f"{two}Properties: {{{', '.join(parts)}}}{comment}"
    else:
        lines = [f"{two}Properties:{comment}", f"{three}Role: {quote.format(ROLE)}", f"{three}Definition: {DEFINITION}"]
        properties = "\n".join(lines + ([f"{three}{event}"] if event else []))
    text = "\n".join([
        "Transform: AWS::Serverless-2016-10-31", f"# {comment}", "Resources:",
        f"{one}Machine:", f"{two}Type: AWS::Serverless::StateMachine", properties,
        f"{one}Rule:{comment}", f"{two}Type: AWS::Events::Rule", f"{two}Properties:",
        f"{three}ScheduleExpression: rate(1 day)", f"{three}Targets:", f"{dash}- Arn: {reference}",
        f"{dash}  Id: target{comment}", "", "Outputs:", f"{one}MachineArn:", f"{two}Value: !Ref Machine{comment}"])
    return text.replace("\n", newline) + (newline if final_newline else "")


@given(styled_templates())
def test_any_style_reads_back_and_only_reported_lines_change(text):
    result = adopted(text)
    assert_only_reported_lines_changed(text, result)
    template = parse(result.text)
    assert template["Resources"]["Machine"]["Properties"]["AutoPublishAlias"] == "live"
    assert "MachineAliaslive" in json.dumps(template["Resources"]["Rule"])
    assert template["Outputs"]["MachineAliasArn"]["Value"] == {"Ref": "MachineAliaslive"}
    if "\r\n" in text:
        assert "\n" not in result.text.replace("\r\n", "")


@given(styled_templates(), st.sampled_from([None, 2, 4, "\t"]))
def test_any_json_layout_reads_back(text, indent):
    template = parse(text)
    as_json = json.dumps(template, indent=indent)
    result = adopted(as_json, "template.json")
    assert json.loads(result.text) == parse(adopted(text).text)
    assert_only_reported_lines_changed(as_json, result)
