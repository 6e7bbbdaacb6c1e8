"""The parse-and-write limit: read a template with libyaml (CloudFormation tags), write it as JSON.

Nothing else: no validation, no expansion, the garbage collector off. A process can
hardly do this job faster in Python, so samtransform is measured against it.
"""

import gc
import json
import sys

gc.disable()

import yaml  # noqa: E402


class Loader(yaml.CSafeLoader):
    pass


def _short_form(loader, suffix, node):
    key = suffix if suffix in ("Ref", "Condition") else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        return {key: value.split(".", 1) if suffix == "GetAtt" else value}
    if isinstance(node, yaml.SequenceNode):
        return {key: loader.construct_sequence(node, deep=True)}
    return {key: loader.construct_mapping(node, deep=True)}


Loader.add_multi_constructor("!", _short_form)
# CloudFormation reads unquoted dates as strings; so must JSON.
Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in Loader.yaml_implicit_resolvers.items()
}

with open(sys.argv[1], encoding="utf-8") as source:
    template = yaml.load(source.read(), Loader=Loader)
with open(sys.argv[2], "w", encoding="utf-8") as target:
    # json.dumps, not json.dump: only the one-shot call uses the C encoder.
    target.write(json.dumps(template))
