"""YAML output through cfn-flip's dumper, with short-form intrinsics and no anchors.

Kept apart so that JSON output never imports cfn-flip.
"""

from __future__ import annotations

import yaml
from cfn_flip.yaml_dumper import Dumper as _CfnFlipDumper
from cfn_flip.yaml_dumper import map_representer as _cfn_flip_map_representer


def _is_short_form_safe(mapping: dict) -> bool:
    """cfn-flip joins a `Fn::GetAtt` list with dots, which only works for two strings."""
    if len(mapping) != 1 or "Fn::GetAtt" not in mapping:
        return True
    value = mapping["Fn::GetAtt"]
    return isinstance(value, str) or (
        isinstance(value, list) and len(value) == 2 and all(isinstance(part, str) for part in value)
    )


def _represent_dict(dumper: yaml.Dumper, mapping: dict):
    if _is_short_form_safe(mapping):
        return _cfn_flip_map_representer(dumper, mapping)
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping.items(), flow_style=False)


class TemplateDumper(_CfnFlipDumper):
    # expand() may reuse one value in several places; YAML anchors would be legal but
    # surprising in a CloudFormation template.
    def ignore_aliases(self, data) -> bool:
        return True


TemplateDumper.add_representer(dict, _represent_dict)


def dump_yaml(template) -> str:
    return yaml.dump(template, Dumper=TemplateDumper, default_flow_style=False, allow_unicode=True,
                     width=120, sort_keys=False)
