"""Parameter values from the command line, a samconfig.toml, or a CloudFormation parameters file.

The spellings users already type for `sam deploy` and `aws cloudformation`:

- `Key=Value`, several pairs in one argument (`'A=1 B="two words"'`, quoted as sam CLI
  quotes them), and `ParameterKey=Key,ParameterValue=Value`;
- `file://params.json`: CloudFormation's parameters file,
  `[{"ParameterKey": "Stage", "ParameterValue": "prod"}, ...]`;
- a samconfig.toml's `parameter_overrides` (a string or a list of strings) from
  `[ENV.deploy.parameters]`, else from `[ENV.global.parameters]`.

Each problem raises `ParameterError` naming the file or the argument; the CLI makes it a
usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from ..core.limits import READ_CONFIG_BYTES, READ_PARAMETERS_BYTES
from .reading import ReadError, read_file

FILE_PREFIX = "file://"
# sam CLI reads parameter_overrides for the command being run, then from `global`; `deploy`
# is the command whose parameters describe the stack that will be deployed.
SAMCONFIG_COMMANDS = ("deploy", "global")


class ParameterError(Exception):
    """Parameter values that cannot be read; the CLI prints it and exits 2."""


def parse_overrides(items: Iterable[str]) -> dict[str, str]:
    """Every `--parameter-overrides` argument in order; a later value for a key wins."""
    overrides: dict[str, str] = {}
    for item in items:
        if item.startswith(FILE_PREFIX):
            overrides.update(read_parameters_file(item[len(FILE_PREFIX):]))
        else:
            overrides.update(_pairs(item))
    return overrides


def _pairs(item: str) -> dict[str, str]:
    import shlex  # about 1 ms of start-up (it compiles a pattern), paid only by a run given parameter values

    try:
        tokens = shlex.split(item)
    except ValueError as problem:  # an unclosed quote
        raise ParameterError(f"parameter override {item!r}: {problem}") from None
    pairs: dict[str, str] = {}
    for token in tokens:
        if token.startswith("ParameterKey="):
            key, separator, value = token[len("ParameterKey="):].partition(",ParameterValue=")
            if not (key and separator):
                raise ParameterError(f"parameter override {token!r} needs ParameterKey=K,ParameterValue=V")
            pairs[key] = value  # the value may hold commas and equals signs
        elif "=" in token and not token.startswith("="):
            key, value = token.split("=", 1)
            pairs[key] = value
        else:
            raise ParameterError(f"parameter override {token!r} is not KEY=VALUE")
    return pairs


def read_parameters_file(path: str) -> dict[str, str]:
    """CloudFormation's parameters JSON: a list of {ParameterKey, ParameterValue} objects."""
    data = _read(path, READ_PARAMETERS_BYTES, "parameters file", "the parameters file")
    try:
        entries = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ParameterError(f"parameters file {path} is not UTF-8 text") from None
    except ValueError as problem:
        raise ParameterError(f"parameters file {path} is not JSON: {problem}") from None
    except RecursionError:
        raise ParameterError(f"parameters file {path} nests too deeply to read") from None
    if not isinstance(entries, list):
        raise ParameterError(f"parameters file {path} must be a JSON list of "
                             '{"ParameterKey": ..., "ParameterValue": ...} objects')
    values: dict[str, str] = {}
    for index, entry in enumerate(entries):
        if not (isinstance(entry, dict) and isinstance(entry.get("ParameterKey"), str)
                and isinstance(entry.get("ParameterValue"), str)):
            # UsePreviousValue needs the deployed stack: there is no offline answer.
            raise ParameterError(f"parameters file {path}, entry {index}: needs a string ParameterKey "
                                 "and a string ParameterValue")
        values[entry["ParameterKey"]] = entry["ParameterValue"]
    return values


def read_samconfig(path: str, environment: str) -> dict[str, str]:
    """The parameter_overrides of `environment` in a samconfig.toml ({} when it sets none)."""
    data = _read(path, READ_CONFIG_BYTES, "config file", "the config file")
    try:
        config = _toml().loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ParameterError(f"config file {path} is not UTF-8 text") from None
    except ValueError as problem:  # tomllib.TOMLDecodeError is a ValueError
        raise ParameterError(f"config file {path} is not TOML: {problem}") from None
    except RecursionError:
        raise ParameterError(f"config file {path} nests too deeply to read") from None
    section = config.get(environment)
    if not isinstance(section, dict):
        if environment in config:
            raise ParameterError(f"config file {path}: {environment!r} is not an environment (a table such as "
                                 f"[{environment}.deploy.parameters])" + _environments(config, environment))
        raise ParameterError(f"config file {path} has no environment {environment!r}"
                             + _environments(config, environment))
    for command in SAMCONFIG_COMMANDS:
        parameters = section.get(command, {}).get("parameters", {}) if isinstance(section.get(command), dict) else {}
        overrides = parameters.get("parameter_overrides") if isinstance(parameters, dict) else None
        if overrides is None:
            continue
        if isinstance(overrides, str):
            overrides = [overrides]
        if not (isinstance(overrides, list) and all(isinstance(item, str) for item in overrides)):
            raise ParameterError(f"config file {path}: [{environment}.{command}.parameters] parameter_overrides "
                                 "must be a string or a list of strings")
        try:
            return parse_overrides(overrides)
        except ParameterError as problem:
            raise ParameterError(f"config file {path}: {problem}") from None
    return {}


def _read(path: str, limit: int, what: str, part: str) -> bytes:
    try:
        return read_file(path, limit, part)
    except ReadError as problem:
        raise ParameterError(f"{what} {path} {problem.reason}") from None
    except OSError as problem:
        raise ParameterError(f"cannot read {what} {path}: {problem.strerror or problem}") from None


def _environments(config: dict, environment: str) -> str:
    """The environments a config file has, for a name it does not: its tables. A top-level value
    (`version = 0.1`, which every samconfig.toml starts with) is not one. Source: AWS SAM CLI
    configuration file, https://docs.aws.amazon.com/us_en/serverless-application-model/latest/
    developerguide/serverless-sam-cli-config.md
    """
    from ..core.suggestions import did_you_mean  # only a config without the environment asked for

    names = sorted(name for name, value in config.items() if isinstance(value, dict))
    if not names:
        return " (it has none)"
    suggestion = did_you_mean(environment, names)
    return f" (it has: {', '.join(names)})" + (f"; did you mean {suggestion!r}?" if suggestion else "")


def _toml():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, as the `tomli` package (a dependency there only)
        import tomli as tomllib
    return tomllib
