"""Issue 23, "nothing lost, nothing hung, nothing leaked": one regression test per defect, named after it.

Output paths, special files, amplification, complexity, streams and injection (docs/safety.md).
"""

from __future__ import annotations

import glob
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from commands import run

from samtransform import load
from samtransform.expansion import expand
from samtransform.cli import check as check_command
from samtransform.cli.check import check_files
from samtransform.io import output_file
from samtransform.core.limits import MAX_DEFINITION_BYTES, MAX_TEMPLATE_BYTES

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed"
sys.path.insert(0, str(ROOT / "benchmarks"))
from templates import api_events_text, template_text  # noqa: E402

MACHINE = ("Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
           "      AutoPublishAlias: live\n      Role: arn:aws:iam::123456789012:role/r\n")
INLINE = "      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}\n"
ASL = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}'
NEVER_OVERWRITES = "samtransform never overwrites its input: write the expansion to another file"


def command(*argv, **options):
    """The command in a process of its own (streams, signals, encodings); what it writes is captured."""
    environment = dict(os.environ, **options.pop("env", {}))
    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "samtransform", *map(str, argv)], stderr=subprocess.PIPE,
                          env=environment, **options)


@pytest.fixture
def seed(tmp_path):
    """A copy of the seed: a template, its definition file, and room for config files."""
    (tmp_path / "statemachine").mkdir()
    (tmp_path / "statemachine" / "alias.asl.json").write_bytes((SEED / "statemachine" / "alias.asl.json").read_bytes())
    (tmp_path / "template.yaml").write_bytes((SEED / "template.yaml").read_bytes())
    return tmp_path


def _template(tmp_path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# --------------------------------------------------------------------------- files destroyed or changed

def test_output_onto_the_definition_file_it_reads_is_refused(seed, capsys):
    definition = seed / "statemachine" / "alias.asl.json"
    before = definition.read_bytes()
    code, out, err = run(capsys, "expand", seed / "template.yaml", "-o", definition)
    assert (code, out) == (2, "")
    assert err == f"samtransform: error: -o {definition} is a definition file; {NEVER_OVERWRITES}\n"
    assert definition.read_bytes() == before


def test_output_onto_the_samconfig_toml_it_reads_is_refused(seed, capsys):
    config = seed / "samconfig.toml"
    config.write_text('version = 0.1\n[default.deploy.parameters]\nparameter_overrides = ""\n')
    before = config.read_bytes()
    code, _, err = run(capsys, "expand", seed / "template.yaml", "--config-file", config, "-o", config)
    assert code == 2 and err == f"samtransform: error: -o {config} is the config file; {NEVER_OVERWRITES}\n"
    assert config.read_bytes() == before


def test_output_onto_the_parameters_file_it_reads_is_refused(seed, capsys):
    parameters = seed / "params.json"
    parameters.write_text("[]")
    code, _, err = run(capsys, "expand", seed / "template.yaml", "--parameter-overrides", f"file://{parameters}",
                       "-o", parameters)
    assert code == 2 and err == f"samtransform: error: -o {parameters} is the parameters file; {NEVER_OVERWRITES}\n"
    assert parameters.read_text() == "[]"


def test_output_onto_the_template_given_as_standard_input_is_refused(seed):
    template = seed / "template.yaml"
    before = template.read_bytes()
    with open(template, "rb") as stdin:
        result = command("expand", "-", "-o", template, stdin=stdin, cwd=seed)
    assert result.returncode == 2
    assert result.stderr.decode() == (f"samtransform: error: -o {template} is the template (standard input); "
                                      f"{NEVER_OVERWRITES}\n")
    assert template.read_bytes() == before


def test_output_onto_a_device_is_written_in_place_not_replaced(seed, capsys):
    code, out, err = run(capsys, "expand", seed / "template.yaml", "-o", "/dev/null")
    assert (code, out, err) == (0, "", "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_output_onto_dev_full_is_an_error(seed, capsys):
    code, _, err = run(capsys, "expand", seed / "template.yaml", "-o", "/dev/full")
    assert code == 2 and err == "samtransform: error: cannot write /dev/full: No space left on device\n"


def test_output_onto_a_named_pipe_reaches_the_reader_waiting_on_it(seed):
    pipe = seed / "pipe"
    os.mkfifo(pipe)
    reader = subprocess.Popen(["cat", str(pipe)], stdout=subprocess.PIPE)
    result = command("expand", seed / "template.yaml", "-o", pipe, timeout=60)
    received = reader.communicate(timeout=60)[0]
    assert result.returncode == 0, result.stderr
    assert json.loads(received)["Resources"]["AliasStateMachineAliasmain"]["Type"] == "AWS::StepFunctions::StateMachineAlias"
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_output_keeps_the_mode_of_an_existing_file(seed, capsys):
    out = seed / "out.json"
    out.write_text("old")
    out.chmod(0o600)
    assert run(capsys, "expand", seed / "template.yaml", "-o", out)[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and "Resources" in out.read_text()


def test_output_onto_a_read_only_file_is_refused(seed, capsys):
    out = seed / "out.json"
    out.write_text("old")
    out.chmod(0o444)
    code, _, err = run(capsys, "expand", seed / "template.yaml", "-o", out)
    assert code == 2
    assert err == (f"samtransform: error: -o {out} is read-only (mode 0444); samtransform does not overwrite a file "
                   "it may not write\n")
    assert out.read_text() == "old"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_output_keeps_the_owner_of_another_users_file(seed, capsys):
    out = seed / "out.json"
    out.write_text("old")
    os.chown(out, 65534, 65534)
    assert run(capsys, "expand", seed / "template.yaml", "-o", out)[0] == 0
    assert (out.stat().st_uid, out.stat().st_gid) == (65534, 65534) and "Resources" in out.read_text()


def test_output_onto_another_users_file_whose_owner_cannot_be_kept_is_refused(seed, capsys, monkeypatch):
    out = seed / "out.json"
    out.write_text("old")
    mine = os.stat(out)
    theirs = os.stat_result((mine.st_mode, mine.st_ino, mine.st_dev, mine.st_nlink, mine.st_uid + 1, mine.st_gid,
                             mine.st_size, mine.st_atime, mine.st_mtime, mine.st_ctime))
    real_stat = os.stat
    monkeypatch.setattr(output_file.os, "stat", lambda path, *a, **k: theirs if str(path) == str(out)
                        else real_stat(path, *a, **k))

    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(output_file.os, "fchown", refuse)
    code, _, err = run(capsys, "expand", seed / "template.yaml", "-o", out)
    assert code == 2
    assert err == (f"samtransform: error: -o {out} belongs to user {mine.st_uid + 1} and group {mine.st_gid}, which "
                   "the new file could not keep; samtransform does not change who owns a file: write the expansion "
                   "to another file\n")
    assert out.read_text() == "old" and sorted(path.name for path in seed.iterdir() if path.name.startswith(".")) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_or_sighup_during_a_large_write_leaves_no_temporary_file(tmp_path, signum):
    template = _template(tmp_path, template_text(300))
    out = tmp_path / "out.json"
    out.write_text("previous")
    process = subprocess.Popen([sys.executable, "-m", "samtransform", "expand", str(template), "-o", str(out)],
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:  # killed mid-write: its temporary file has grown
        temporary = glob.glob(str(tmp_path / ".out.json.*.tmp"))
        if temporary and os.path.exists(temporary[0]) and os.path.getsize(temporary[0]) > 100_000:
            break
        time.sleep(0.002)
    assert process.poll() is None, "the write ended before the signal could be sent: make the template larger"
    process.send_signal(signum)
    assert process.wait(timeout=60) == 128 + signum
    assert process.stderr.read() == b""
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json", "t.yaml"]
    assert out.read_text() == "previous"


# --------------------------------------------------------------------------- hangs and memory exhaustion

def test_a_definition_uri_naming_a_named_pipe_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "machine.asl.json")
    template = _template(tmp_path, MACHINE + "      DefinitionUri: machine.asl.json\n")
    for name in ("expand", "check", "plan"):
        result = command(name, template, timeout=60)
        stream = result.stdout if name == "check" else result.stderr
        assert result.returncode == 1
        assert "local definition file 'machine.asl.json' is a named pipe, not a file" in stream.decode()


@pytest.mark.parametrize("argv, message", [
    (["expand", "/dev/zero"], "/dev/zero:1:1: E9000 is a device, not a file\n"),
    (["expand", "{template}", "--parameter-overrides", "file:///dev/zero"],
     "samtransform: error: parameters file /dev/zero is a device, not a file\n"),
    (["expand", "{template}", "--config-file", "/dev/zero"],
     "samtransform: error: config file /dev/zero is a device, not a file\n"),
    (["expand", "{zero}", "--definitions-root", "/dev"],
     "{zero}:7:7: E9000 local definition file '/dev/zero' is a device, not a file\n"),
])
def test_dev_zero_as_template_parameters_config_or_definition_is_refused_not_read(tmp_path, capsys, argv, message):
    names = {"template": _template(tmp_path, MACHINE + INLINE),
             "zero": _template(tmp_path, MACHINE + "      DefinitionUri: /dev/zero\n", "zero.yaml")}
    code, _, err = run(capsys, *(argument.format(**names) for argument in argv))
    assert code in (1, 2) and err == message.format(**names)


def test_a_file_larger_than_its_limit_is_refused_counting_what_is_read(tmp_path, capsys, monkeypatch):
    from samtransform.io import template_io

    template = _template(tmp_path, MACHINE + INLINE + "#" * 200 + "\n")
    monkeypatch.setattr(template_io, "READ_TEMPLATE_BYTES", 100)
    monkeypatch.setattr(template_io.read_text, "__defaults__", (100, "the template"))
    code, _, err = run(capsys, "expand", template)
    assert code == 1 and err == f"{template}:1:1: E9000 is larger than 100 bytes, the most samtransform reads for it\n"


def test_a_2_mb_definition_file_that_amplifies_is_refused_before_it_is_built(tmp_path, capsys):
    nested = "[" * 900 + "]" * 900
    (tmp_path / "deep.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, '
                                            '"Result": [' + ",".join([nested] * 1100) + "]}}}")
    assert (tmp_path / "deep.asl.json").stat().st_size > 1_900_000  # about 2.4 GB of DefinitionString lines
    template = _template(tmp_path, MACHINE + "      DefinitionUri: deep.asl.json\n")
    started = time.monotonic()
    code, _, err = run(capsys, "expand", template)
    assert code == 1 and time.monotonic() - started < 30
    assert err == (f"{template}:7:7: E9000 local definition file 'deep.asl.json': "
                   f"the definition is more than {MAX_DEFINITION_BYTES:,} bytes as AWS SAM writes it (indented JSON, "
                   "the DefinitionString), even with every substitution empty; Step Functions accepts a definition "
                   "of at most 1 MB\n")


def test_a_definition_file_inlined_by_many_state_machines_stops_at_cloudformations_template_limit(tmp_path, capsys):
    states = {f"S{index}": {"Type": "Pass", "Result": {"a": [1, {"b": "x" * 20}]}, "Next": f"S{index + 1}"}
              for index in range(1500)}
    states["S1500"] = {"Type": "Succeed"}
    (tmp_path / "m.asl.json").write_text(json.dumps({"StartAt": "S0", "States": states}))
    machines = "".join(f"  M{index}:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                       f"      Role: arn:aws:iam::123456789012:role/r\n      DefinitionUri: m.asl.json\n"
                       for index in range(4))
    template = _template(tmp_path, "Resources:\n" + machines)
    code, _, err = run(capsys, "expand", template)
    lines = err.splitlines()
    assert code == 1 and len(lines) == 2  # the third and the fourth use; each alone is within Step Functions' limit
    assert lines[0].startswith(f"{template}:16:7: E9000 local definition file "
                               "'m.asl.json' would bring the definitions read from files to ")
    assert lines[0].endswith(f" bytes of the expanded template (this is use 3 of it); CloudFormation accepts a "
                             f"template of at most 1 MB ({MAX_TEMPLATE_BYTES:,} bytes)")


# --------------------------------------------------------------------------- quadratic time

def _count(monkeypatch, module, name: str) -> list:
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_api_events_copy_each_path_item_a_bounded_number_of_times(tmp_path, monkeypatch):
    # The OpenAPI body was copied whole for each event: 1,000 events took 88 s. Each path item is
    # now copied when it changes, a fixed number of times per event whatever their count.
    from samtransform.expansion.api import definition_body

    copies = {}
    for count in (10, 100):
        calls = _count(monkeypatch, definition_body, "rebuild")
        expand(load(_template(tmp_path, api_events_text(count), f"api{count}.yaml")))
        copies[count] = len(calls)
        monkeypatch.undo()
    assert copies[100] <= 10 * copies[10] * 1.05


def test_plan_parses_the_template_once_whatever_its_state_machines(tmp_path, monkeypatch, capsys):
    # It parsed the template again for each state machine's findings: 100 state machines took 4.7 s.
    from samtransform.io import locations

    machines = "".join(MACHINE.replace("  M:", f"  M{index}:").replace("Resources:\n", "")
                       + "      DeploymentPreference: {Type: LINEAR, Percentage: 50, Interval: 1, Alarms: [nothing]}\n"
                       + INLINE for index in range(20))
    template = _template(tmp_path, "Resources:\n" + machines)
    maps = _count(monkeypatch, locations, "SourceMap")
    code, out, _ = run(capsys, "plan", template)
    assert code == 0 and out.count(": W9204 no alarm in this template is named 'nothing'") == 20
    assert len(maps) == 1


def test_plan_judges_each_resource_and_alarm_a_bounded_number_of_times(tmp_path, monkeypatch, capsys):
    # Each state machine's view ran the CloudFormation schemas over every generated resource, the
    # CloudWatch model over every alarm and the EventBridge model over every plain rule of the
    # template: 500 state machines took 43 s where expand takes 2.
    from samtransform.expansion import resource_schemas
    from samtransform.models import cloudwatch, schedules

    judged = {}
    for count in (5, 20):
        machines = "".join(MACHINE.replace("  M:", f"  M{index}:").replace("Resources:\n", "")
                           + "      DeploymentPreference: {Type: LINEAR, Percentage: 50, Interval: 1, "
                           + f"Alarms: [!Ref A{index}]}}\n"
                           + INLINE + f"  A{index}:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n"
                           "      Namespace: AWS/States\n      MetricName: ExecutionsFailed\n"
                           "      Period: 60\n      EvaluationPeriods: 1\n"
                           + f"  R{index}:\n    Type: AWS::Events::Rule\n"
                           "    Properties: {ScheduleExpression: rate(1 hour)}\n" for index in range(count))
        template = _template(tmp_path, "Resources:\n" + machines, f"plan{count}.yaml")
        schemas = _count(monkeypatch, resource_schemas, "resource_problems")
        metrics = _count(monkeypatch, cloudwatch, "metric_problems")
        rules = _count(monkeypatch, schedules, "rule_expression_problems")
        code, _, _ = run(capsys, "plan", template)
        judged[count] = (len(schemas), len(metrics), len(rules))
        monkeypatch.undo()
        assert code == 0 and judged[count][:2] > (0, 0)
    # The plain rules are not a deployment's: plan judges them in no state machine's view.
    assert judged[20][0] <= 4 * judged[5][0] and judged[20][1] <= 4 * judged[5][1] and judged[20][2] == 0


# --------------------------------------------------------------------------- crashes (exit 3)

@pytest.mark.parametrize("value, shown", [("hello", "'hello'"), ("true", "True")])
def test_check_with_definition_substitutions_a_string_or_a_boolean(tmp_path, capsys, value, shown):
    template = _template(tmp_path, MACHINE + INLINE + f"      DefinitionSubstitutions: {value}\n")
    code, out, _ = run(capsys, "check", template)
    assert code == 1 and out == f"{template}:8:7: E9000 {shown} is not of type 'object'\n"


BEYOND = ("this number ({length:,} characters) is beyond the range of a JSON number (a double, at most about 1.8e+308), "
          "so CloudFormation and other JSON tools cannot hold it")


@pytest.mark.parametrize("number", ["1e309", "-1e309", "9" * 5000])
def test_a_number_beyond_a_double_in_a_json_template_is_a_located_error(tmp_path, capsys, number):
    template = _template(tmp_path, '{"Resources": {"M": {"Type": "AWS::SNS::Topic", "Properties": {"X": '
                         + number + "}}}}", "t.json")
    for name in ("expand", "plan"):
        code, _, err = run(capsys, name, template)
        assert code == 1 and err == f"{template}:1:64: E9000 {BEYOND.format(length=len(number))}\n"
    code, out, _ = run(capsys, "check", template)
    assert code == 1 and out == f"{template}:1:64: E9000 {BEYOND.format(length=len(number))}\n"


def test_a_5000_digit_integer_in_a_yaml_template_is_a_located_error(tmp_path, capsys):
    template = _template(tmp_path, MACHINE + INLINE + "      Tags: {X: " + "9" * 5000 + "}\n")
    code, _, err = run(capsys, "expand", template)
    assert code == 1 and err == f"{template}:8:17: E9000 {BEYOND.format(length=5000)}\n"


def test_a_definition_file_with_1e309_is_an_error_not_infinity(tmp_path, capsys):
    (tmp_path / "m.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1e309, '
                                         '"End": true}}}')
    template = _template(tmp_path, MACHINE + "      DefinitionUri: m.asl.json\n")
    code, out, err = run(capsys, "expand", template)
    assert (code, out) == (1, "") and "Infinity" not in err
    assert err == (f"{tmp_path / 'm.asl.json'}:1:51: E9000 in local definition file "
                   f"'m.asl.json': {BEYOND.format(length=5)}\n")


def test_a_lone_surrogate_in_a_json_template_is_a_located_error(tmp_path, capsys):
    template = _template(tmp_path, '{"Resources": {"M": {"Type": "AWS::SNS::Topic", "Properties": {"X": "\\ud800"}}}}',
                         "t.json")
    code, _, err = run(capsys, "expand", template)
    assert code == 1 and err == (f"{template}:1:64: E9000 a \\u escape here names half a UTF-16 "
                                 "pair (a lone surrogate), not a character; CloudFormation templates are UTF-8 text\n")


def test_check_of_several_templates_reports_every_template_whatever_happens_to_one(tmp_path, capsys, monkeypatch):
    good = _template(tmp_path, MACHINE + INLINE + "      Name: 5\n", "good.yaml")
    broken = _template(tmp_path, MACHINE + INLINE, "broken.yaml")
    later = _template(tmp_path, MACHINE + INLINE + "      Name: 6\n", "later.yaml")
    real = check_command.check_template

    def failing(template, **options):
        if "Name" not in template["Resources"]["M"]["Properties"]:
            raise RuntimeError("boom")
        return real(template, **options)

    monkeypatch.setattr(check_command, "check_template", failing)
    code, out, err = run(capsys, "check", good, broken, later)
    assert code == 3
    assert [line.split(":")[0] for line in out.splitlines()] == [str(good), str(later)]
    assert err == (f"samtransform: internal error (TemplateFailed: while checking {broken}: RuntimeError: boom); "
                   "this is a bug: please report it with the command and the template that caused it\n")


def test_check_of_several_templates_reports_each_5000_digit_integer(tmp_path):
    templates = [_template(tmp_path, MACHINE + INLINE + "      Tags: {X: " + "9" * 5000 + "}\n", f"t{index}.yaml")
                 for index in range(2)]
    assert [entry.file for entry in check_files(templates)] == [str(path) for path in templates]


def test_an_api_whose_properties_is_a_number(tmp_path, capsys):
    template = _template(tmp_path, MACHINE + INLINE + "      Events:\n        E:\n          Type: Api\n"
                         "          Properties: {Path: /x, Method: get, RestApiId: !Ref Api}\n"
                         "  Api:\n    Type: AWS::Serverless::Api\n    Properties: 5\n")
    message = "Properties of an AWS::Serverless::Api must be a mapping"
    for name in ("expand", "plan"):
        assert run(capsys, name, template)[:3:2] == (1, f"{template}:14:5: E9000 {message}\n")
    assert run(capsys, "check", template)[:2] == (1, f"{template}:14:5: E9000 {message}\n")


def test_ignore_globals_holding_a_list_of_lists(tmp_path, capsys):
    template = _template(tmp_path, "Globals:\n  StateMachine:\n    PropagateTags: true\n"
                         + MACHINE.replace("    Properties:\n", "    IgnoreGlobals: [[a]]\n    Properties:\n") + INLINE)
    code, _, err = run(capsys, "expand", template)
    assert code == 1 and err == (
        f"{template}:7:5: E9000 Resource M has invalid resource attribute 'IgnoreGlobals' on "
        f"item '['a']'.\n{template}:7:21: E9000 ['a'] is not of type 'string'\n")
    assert run(capsys, "check", template)[0] == 1


def test_a_nul_in_a_definition_uri(tmp_path, capsys):
    template = _template(tmp_path, MACHINE + '      DefinitionUri: "a\\0b.json"\n')
    for name in ("expand", "plan"):
        assert run(capsys, name, template)[:3:2] == (1, f"{template}:7:7: E9000 "
                                                        "DefinitionUri holds a NUL character, which no file name can\n")


@pytest.mark.parametrize("option, name, text, what", [
    ("--parameter-overrides", "params.json", "[" * 100_000 + "]" * 100_000, "parameters file"),
    ("--config-file", "samconfig.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n", "config file"),
])
def test_a_parameters_file_or_samconfig_nested_100000_levels(tmp_path, capsys, option, name, text, what):
    (tmp_path / name).write_text(text)
    value = f"file://{tmp_path / name}" if option == "--parameter-overrides" else tmp_path / name
    code, _, err = run(capsys, "expand", _template(tmp_path, MACHINE + INLINE), option, value)
    assert code == 2 and err.endswith(f"samtransform: error: {what} {tmp_path / name} nests too deeply to read\n")


# --------------------------------------------------------------------------- streams

@pytest.mark.parametrize("name", ["expand", "check", "plan"])
def test_a_closed_standard_output_is_one_line_and_exit_2(name):
    result = command(name, SEED / "template.yaml", stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2
    assert result.stderr.decode() == "samtransform: error: cannot write to standard output: it is closed\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("name", ["expand", "check", "plan"])
def test_a_full_standard_output_is_one_line_and_exit_2(name):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "samtransform", name, str(SEED / "template.yaml")],
                                stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr.decode() == "samtransform: error: cannot write to standard output: No space left on device\n"


def test_a_closed_standard_input_is_a_located_error():
    result = command("expand", "-", stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert (result.returncode, result.stderr.decode()) == (1, "<stdin>:1:1: E9000 standard input is closed\n")


@pytest.mark.parametrize("environment", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}])
def test_output_is_utf8_whatever_the_locale(tmp_path, environment):
    template = _template(tmp_path, MACHINE + INLINE + "      Name: 5\n  Topic:\n    Type: AWS::SNS::Topic\n"
                         "    Properties: {TopicName: café}\n")
    result = command("check", template, env=environment)
    assert result.returncode == 1 and result.stderr == b""
    result = command("expand", str(template).replace("t.yaml", "none.yaml"), env=environment)
    assert result.returncode == 1
    plain = _template(tmp_path, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: café}\n",
                      "plain.yaml")
    result = command("expand", plain, env=environment)
    assert result.returncode == 0 and '"TopicName": "café"'.encode() in result.stdout


# --------------------------------------------------------------------------- output injection

FORGED = MACHINE.replace("  M:", '  "M\\n/tmp/x.yaml:1:1: E0000 forged \\e[31m":').replace("      AutoPublishAlias: live\n",
                                                                                         "") + INLINE


def test_names_with_a_newline_and_an_escape_are_escaped_in_errors_findings_and_plan(tmp_path, capsys):
    template = _template(tmp_path, FORGED)
    name = "M\\n/tmp/x.yaml:1:1: E0000 forged \\x1b[31m"
    message = f"logical ID '{name}' must be alphanumeric (A-Z, a-z, 0-9)"
    for command_name in ("expand", "plan"):
        code, _, err = run(capsys, command_name, template)
        assert code == 1 and err == f"{template}:2:3: E9000 {message}\n"
    code, out, _ = run(capsys, "check", template)
    assert code == 1 and out == f"{template}:2:3: E9000 {message}\n"


def test_a_plan_escapes_the_names_it_prints(tmp_path, capsys):
    template = _template(tmp_path, MACHINE + INLINE
                         + "      DeploymentPreference: {Type: LINEAR, Percentage: 50, Interval: 1, Alarms: [!Ref A]}\n"
                         "  A:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      Namespace: AWS/States\n"
                         "      MetricName: ExecutionsFailed\n      Period: 60\n      EvaluationPeriods: 1\n"
                         '      Dimensions: [{Name: "Alias\\ne\\u001b[31m", Value: live}]\n')
    code, out, _ = run(capsys, "plan", template)
    assert code == 0 and "\x1b" not in out
    # The name is printed escaped; being no dimension Step Functions publishes, the alarm never fires (E9305).
    assert "  A      AWS/States ExecutionsFailed  Alias\\ne\\x1b[31m=live  1 min   NO (E9305)\n" in out


# --------------------------------------------------------------------------- reading any file

@pytest.mark.parametrize("uri", ["/etc/passwd", "../secrets.json", "link.asl.json"])
def test_a_definition_uri_outside_the_templates_folder_is_refused(tmp_path, capsys, uri):
    folder = tmp_path / "project"
    folder.mkdir()
    (tmp_path / "secrets.json").write_text('{"StartAt": "A", "States": {"password": "hunter2"}}')
    (folder / "link.asl.json").symlink_to(tmp_path / "secrets.json")
    template = _template(folder, MACHINE + f"      DefinitionUri: {uri}\n")
    code, out, _ = run(capsys, "check", template)
    assert code == 1 and "hunter2" not in out and "password" not in out
    assert out == (f"{template}:7:7: E9000 local definition file '{uri}' is outside the template's folder and the "
                   "current folder; samtransform reads a definition only from a file inside one of them, or inside a "
                   "folder given with --definitions-root (docs/safety.md)\n")


def test_a_definition_beside_the_templates_folder_is_read_from_the_projects_folder(tmp_path, capsys, monkeypatch):
    # A project run from its root keeps the template in infra/ and its definition in statemachine/ (one of
    # the real templates does): the current folder is allowed, as `sam deploy` allows it.
    (tmp_path / "infra").mkdir()
    (tmp_path / "statemachine").mkdir()
    (tmp_path / "statemachine" / "m.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    template = _template(tmp_path / "infra", MACHINE + "      DefinitionUri: ../statemachine/m.asl.json\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "expand", template)
    assert (code, err) == (0, "") and '\\"Type\\": \\"Succeed\\"' in out


def test_definitions_root_names_a_folder_definitions_may_be_read_from(tmp_path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "m.asl.json").write_text(ASL)
    folder = tmp_path / "project"
    folder.mkdir()
    template = _template(folder, MACHINE + "      DefinitionUri: ../shared/m.asl.json\n")
    assert run(capsys, "expand", template)[0] == 1
    code, out, err = run(capsys, "expand", template, "--definitions-root", shared)
    assert (code, err) == (0, "") and "MAliaslive" in json.loads(out)["Resources"]


@pytest.mark.parametrize("text, why", [
    ("password: hunter2\n", "is not a state machine definition: it has no StartAt and no States"),
    ('{"StartAt": "A"}', "is not a state machine definition: it has no States"),
    ("just some text\n", "must hold a state machine definition: a mapping with StartAt and States"),
])
def test_a_definition_file_that_is_no_state_machine_is_refused_without_quoting_it(tmp_path, capsys, text, why):
    (tmp_path / "m.asl.yaml").write_text(text)
    template = _template(tmp_path, MACHINE + "      DefinitionUri: m.asl.yaml\n")
    code, out, _ = run(capsys, "check", template)
    assert code == 1 and out == f"{template}:7:7: E9000 local definition file 'm.asl.yaml' {why}\n"


def test_realworld_templates_still_expand():
    folder = Path("/work/shared/examples/realworld")
    if not folder.is_dir():
        pytest.skip("the shared real-world templates are not here")
    failures = []
    for template in sorted(folder.glob("*/template.y*ml")):
        result = command("expand", template.name, cwd=template.parent)
        if result.returncode == 3 or b"outside the template's folder" in result.stderr \
                or b"not a state machine" in result.stderr:
            failures.append((template.parent.name, result.stderr.decode()[:200]))
    assert failures == []


# --------------------------------------------------------------------------- smaller

def test_600_levels_of_nesting_expand_and_check_agree(tmp_path, capsys):
    template = _template(tmp_path, MACHINE + INLINE + "  Other:\n    Type: AWS::SNS::Topic\n    Metadata: {X: "
                         + "[" * 600 + "]" * 600 + "}\n")
    for argv in (["expand"], ["expand", "--format", "yaml"], ["check"], ["plan"]):
        code, out, err = run(capsys, *argv, template)
        assert (code, err) == (0, ""), argv


def test_output_with_an_empty_name_is_a_usage_error(seed, capsys):
    code, out, err = run(capsys, "expand", seed / "template.yaml", "-o", "")
    assert (code, out) == (2, "") and err.endswith("samtransform: error: -o needs a file name (or - for standard "
                                                   "output)\n")


def test_a_valid_250_character_output_name_is_written(seed, capsys):
    out = seed / ("a" * 245 + ".json")
    assert run(capsys, "expand", seed / "template.yaml", "-o", out)[0] == 0
    assert "Resources" in out.read_text()
    assert [path.name for path in seed.iterdir() if path.name.startswith(".")] == []


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "byte-order mark"])
def test_the_invalid_utf8_error_gives_its_column(tmp_path, capsys, bom):
    template = tmp_path / "t.yaml"
    template.write_bytes(bom + b"Resources:\n  M: {Type: 'AWS::S\xff'}\n")
    code, _, err = run(capsys, "expand", template)
    assert code == 1 and err == f"{template}:2:20: E9000 file is not UTF-8 text (invalid byte 0xff)\n"


def test_a_duplicate_yaml_anchor_is_reported_as_an_anchor(tmp_path, capsys):
    template = _template(tmp_path, "A: &x 1\nB: &x 2\nResources: {}\n")
    code, _, err = run(capsys, "expand", template)
    assert code == 1 and err == (f"{template}:2:4: E9000 invalid YAML: the anchor &x is defined again (first at line 1); "
                                 "each anchor in a document must have its own name\n")


def test_the_environments_a_samconfig_has_are_its_tables(tmp_path, capsys):
    config = tmp_path / "samconfig.toml"
    config.write_text('version = 0.1\ndefault = "x"\n[prod.deploy.parameters]\nparameter_overrides = ""\n')
    code, _, err = run(capsys, "expand", _template(tmp_path, MACHINE + INLINE), "--config-file", config)
    assert code == 2 and err == (f"samtransform: error: config file {config}: 'default' is not an environment (a "
                                 "table such as [default.deploy.parameters]) (it has: prod)\n")
