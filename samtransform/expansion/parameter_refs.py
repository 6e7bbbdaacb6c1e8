"""AWS SAM's reading of parameters at transform time: a Ref to a parameter, or `${Parameter}` in an Fn::Sub
string, replaced by the parameter's value.

Rules, as AWS SAM applies them where it writes values into its output (an API's Auth, a
function's FunctionName in a Deployment's hash):
- the values are the overrides, else the Defaults, plus `AWS::Region` and `AWS::Partition`
  (of the region samtransform expands for); a parameter without a value stays as written;
- `{Ref: <parameter>}` becomes the value; in `{Fn::Sub: "..."}` (or the string of the list
  form, even a `${Name}` its variables define) each `${Parameter}` is replaced and the
  Fn::Sub stays; other intrinsic functions stay, with their arguments resolved the same way;
- values come back as AWS SAM holds them (py27_dict.from_template), for the hashes.
"""

from __future__ import annotations

import re

from ..core.py27_dict import Py2Dict, TemplateText, from_template

SUB_REFERENCE = re.compile(r"\$\{([A-Za-z0-9\.]+|AWS::[A-Z][A-Za-z]*)\}")


def values(context) -> dict:
    """The values as AWS SAM holds them: the template's (and the overrides) as template text, the pseudo
    parameters as its own strings."""
    known = {name: from_template(value) for name, value in context.parameter_values.items()}
    return {**known, "AWS::Region": context.region, "AWS::Partition": context.partition}


def resolve(value, context):
    """`value` (as written in the template) with the parameters AWS SAM knows replaced, as SAM holds it."""
    return _resolve(from_template(value), values(context))


def resolve_held(value, context):
    """`value`, already as SAM holds it (py27_dict.from_template), resolved in place as SAM resolves it."""
    return _resolve(value, values(context))


def _resolve(value, known: dict):
    if isinstance(value, Py2Dict):
        if len(value) == 1 and "Ref" in value and isinstance(value["Ref"], str) and value["Ref"] in known:
            return known[value["Ref"]]
        if len(value) == 1 and "Fn::Sub" in value:  # its string, then (as everywhere) what it holds
            value["Fn::Sub"] = _resolve(_sub(value["Fn::Sub"], known), known)
            return value
        for key, item in value.items():
            value[key] = _resolve(item, known)
        return value
    if isinstance(value, list):
        return [_resolve(item, known) for item in value]
    return value


def _sub(argument, known: dict):
    if isinstance(argument, str):
        return _substitute(argument, known)
    if isinstance(argument, list) and argument and isinstance(argument[0], str):
        return [_substitute(argument[0], known)] + argument[1:]
    return argument


def _substitute(text: str, known: dict) -> str:
    result = text
    for match in SUB_REFERENCE.finditer(text):
        if match.group(1) in known:
            result = result.replace(match.group(0), str(known[match.group(1)]))
    return TemplateText(result) if isinstance(text, TemplateText) else result
