"""Running the command line in a test as a user runs it: `run(capsys, "expand", path, ...)` gives
(exit code, standard output, standard error), and no run may end in a traceback."""

from __future__ import annotations

from samtransform import cli


def run(capsys, *argv):
    code = cli.main([str(argument) for argument in argv])  # paths may be given as Path objects
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err
