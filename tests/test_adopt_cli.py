"""`samtransform adopt`: the diff, the question, the atomic write, and a file left untouched on any error."""

from __future__ import annotations

import io
import stat
import sys

import pytest
from commands import run

from samtransform.cli import adopt as command

TEMPLATE = """Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::123456789012:role/states
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
"""
ADDED = """      AutoPublishAlias: live
      DeploymentPreference:
        Type: CANARY
        Percentage: 10
        Interval: 5
    Metadata:
      samtransform:
        RollbackAlarms: true
"""
DIFF = """--- a/{name}
+++ b/{name}
@@ -5,3 +5,11 @@
     Properties:
       Role: arn:aws:iam::123456789012:role/states
       Definition: {{StartAt: Done, States: {{Done: {{Type: Succeed}}}}}}
+      AutoPublishAlias: live
+      DeploymentPreference:
+        Type: CANARY
+        Percentage: 10
+        Interval: 5
+    Metadata:
+      samtransform:
+        RollbackAlarms: true
"""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal unless a test gives one
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE)
    return path


def test_dry_run_prints_only_the_diff(template, capsys):
    before = template.stat()
    code, out, err = run(capsys, "adopt", "template.yaml", "--dry-run")
    assert (code, out, err) == (0, DIFF.format(name="template.yaml"), "")
    assert template.read_text() == TEMPLATE and template.stat().st_mtime_ns == before.st_mtime_ns


def test_without_a_terminal_it_shows_everything_and_asks_for_yes(template, capsys):
    code, out, err = run(capsys, "adopt", "template.yaml")
    assert code == 2
    assert err == ("samtransform: error: not written: pass --yes to write template.yaml (there is no terminal to ask "
                   "on), or --dry-run to see the diff only\n")
    assert out.startswith(DIFF.format(name="template.yaml") + "\ntemplate.yaml: 3 added, 0 changed, 0 left as they "
                                                              "are\ntemplate.yaml:8: added Resources/Machine/")
    assert "check: the adopted template has no finding that the original had not\n" in out
    assert "\nMachine: alias live (MachineAliaslive), CANARY 10 %, the rest after 5 minutes\n" in out
    assert template.read_text() == TEMPLATE


def test_yes_writes_atomically_with_the_file_mode(template, capsys):
    template.chmod(0o640)
    code, _, err = run(capsys, "adopt", "template.yaml", "--yes")
    assert (code, err) == (0, "wrote template.yaml\n")
    assert template.read_text() == TEMPLATE + ADDED
    assert stat.S_IMODE(template.stat().st_mode) == 0o640
    assert sorted(path.name for path in template.parent.iterdir()) == ["template.yaml"]
    code, out, _ = run(capsys, "adopt", "template.yaml", "--yes")
    assert code == 0 and out.startswith("template.yaml: nothing to change\n\nMachine: alias live")


def test_bytes_outside_the_edit_stay_crlf_and_bom_included(template, capsys):
    template.write_bytes(b"\xef\xbb\xbf" + TEMPLATE.replace("\n", "\r\n").encode())
    assert run(capsys, "adopt", "template.yaml", "--yes")[0] == 0
    assert template.read_bytes() == b"\xef\xbb\xbf" + (TEMPLATE + ADDED).replace("\n", "\r\n").encode()


@pytest.mark.parametrize("answer, code, written", [("y\n", 0, True), ("YES\n", 0, True), ("\n", 1, False),
                                                  ("no\n", 1, False)])
def test_on_a_terminal_it_asks(template, capsys, monkeypatch, answer, code, written):
    monkeypatch.setattr(sys, "stdin", Terminal(answer))
    result, _, err = run(capsys, "adopt", "template.yaml")
    assert result == code
    assert err.startswith("write these changes to template.yaml? [y/N] ")
    assert err.endswith("wrote template.yaml\n" if written else "template.yaml not written\n")
    assert template.read_text() == (TEMPLATE + ADDED if written else TEMPLATE)


def test_a_symbolic_link_keeps_pointing_at_the_written_file(template, capsys):
    link = template.parent / "link.yaml"
    link.symlink_to(template.name)
    assert run(capsys, "adopt", "link.yaml", "--yes")[0] == 0
    assert link.is_symlink() and template.read_text() == TEMPLATE + ADDED


def test_a_template_that_does_not_expand_is_not_touched(template, capsys):
    template.write_text(TEMPLATE.replace("Role: arn", "Name: 5\n      Role: arn"))
    before = template.read_bytes()
    code, out, err = run(capsys, "adopt", "template.yaml", "--yes")
    assert (code, out) == (1, "")
    assert err == ("samtransform: error: template.yaml does not expand, and adopt edits only a template that "
                          "does; nothing is written\ntemplate.yaml:6:7: E9000 5 is not "
                          "of type 'string'\n")
    assert template.read_bytes() == before


def test_a_failed_write_leaves_the_file_and_no_temporary(template, capsys, monkeypatch):
    def refuse(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(command.os, "replace", refuse)
    code, _, err = run(capsys, "adopt", "template.yaml", "--yes")
    assert code == 1
    assert err == "samtransform: error: cannot write template.yaml: Permission denied; it is as it was\n"
    assert template.read_text() == TEMPLATE
    assert sorted(path.name for path in template.parent.iterdir()) == ["template.yaml"]


def test_a_file_changed_meanwhile_is_not_overwritten(template, capsys, monkeypatch):
    adopt_text = command.adopt_text

    def meanwhile(text, name, **options):
        result = adopt_text(text, name, **options)
        template.write_text(TEMPLATE + "# edited by someone else\n")
        return result

    monkeypatch.setattr(command, "adopt_text", meanwhile)
    code, _, err = run(capsys, "adopt", "template.yaml", "--yes")
    assert code == 1
    assert err == ("samtransform: error: cannot write template.yaml: template.yaml changed on disk meanwhile; "
                   "it is as it was\n")
    assert template.read_text() == TEMPLATE + "# edited by someone else\n"


@pytest.mark.parametrize("argv, message", [
    (["adopt", "-"], "adopt edits TEMPLATE in place: give a file, not standard input"),
    (["adopt", "template.yaml", "--percentage", "0"], "--percentage must be a whole number from 1 to 99, not 0"),
    (["adopt", "template.yaml", "--deployment", "blue"], "argument --deployment: invalid choice: 'BLUE' (choose from "
                                                         "'CANARY', 'LINEAR', 'ALL_AT_ONCE')"),
])
def test_usage_errors(template, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.endswith(f"samtransform: error: {message}\n")
    assert template.read_text() == TEMPLATE


def test_options_reach_the_edit(template, capsys):
    code, out, _ = run(capsys, "adopt", "template.yaml", "--dry-run", "--alias", "prod", "--deployment", "linear",
                       "--percentage", "20", "--interval", "3")
    assert code == 0
    assert "+      AutoPublishAlias: prod\n+      DeploymentPreference:\n+        Type: LINEAR\n+        Percentage: " \
           "20\n+        Interval: 3\n" in out


def test_the_command_is_listed(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "    adopt        edit a template to deploy gradually, with rollback alarms\n" in out
