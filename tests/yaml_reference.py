"""samtransform's YAML output up to 0.1.0: cfn-flip's pure-Python dumper, kept as the reference
that tests/test_yaml_output.py compares today's libyaml writer with."""

from __future__ import annotations

import yaml
from cfn_flip.yaml_dumper import Dumper as _CfnFlipDumper
from cfn_flip.yaml_dumper import map_representer as _cfn_flip_map_representer
from cfn_flip.yaml_dumper import string_representer as _cfn_flip_string_representer

from samtransform.io.yaml_loader import SHORT_FORM_TAGS


_SHORT_FORM_KEYS = frozenset(tag if tag in ("Ref", "Condition") else f"Fn::{tag}" for tag in SHORT_FORM_TAGS)


def _is_short_form_safe(mapping: dict) -> bool:
    """Whether cfn-flip's short form would load back as this mapping.

    Only known functions have a short form; cfn-flip writes only strings, lists and
    mappings under a tag; and it joins a `Fn::GetAtt` list with dots, which only
    works for two strings.
    """
    if len(mapping) != 1:
        return True
    key, value = next(iter(mapping.items()))
    if not (key in ("Ref", "Condition") or (isinstance(key, str) and key.startswith("Fn::"))):
        return True
    if key not in _SHORT_FORM_KEYS or not isinstance(value, (str, list, dict)):
        return False
    if key == "Fn::GetAtt" and isinstance(value, list):
        return len(value) == 2 and all(isinstance(part, str) for part in value) and "." not in value[0]
    return True


def _represent_dict(dumper: yaml.Dumper, mapping: dict):
    if _is_short_form_safe(mapping):
        return _cfn_flip_map_representer(dumper, mapping)
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping.items(), flow_style=False)


class TemplateDumper(_CfnFlipDumper):
    # expand() may reuse one value in several places; YAML anchors would be legal but
    # surprising in a CloudFormation template.
    def ignore_aliases(self, data) -> bool:
        return True

    def choose_scalar_style(self):
        # PyYAML quotes every scalar under a local tag (`!Ref 'Bucket'`). The tag already
        # makes the value a string, so write it plain wherever plain style is legal.
        style = super().choose_scalar_style()
        event = self.event
        if style == "'" and not event.style and (event.tag or "").startswith("!") and not event.tag.startswith("!!"):
            analysis = self.analysis
            plain_here = analysis.allow_flow_plain if self.flow_level else analysis.allow_block_plain
            if plain_here and not analysis.empty and not analysis.multiline:
                return ""
        return style


# Unicode line breaks that PyYAML writes raw inside quotes, where a reader folds them into
# a space; double quotes escape them (\N, \L, \P) instead.
_UNICODE_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_string(dumper: yaml.Dumper, text: str):
    if any(mark in text for mark in _UNICODE_LINE_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return _cfn_flip_string_representer(dumper, text)


TemplateDumper.add_representer(dict, _represent_dict)
TemplateDumper.add_representer(str, _represent_string)


def dump_yaml(template) -> str:
    return yaml.dump(template, Dumper=TemplateDumper, default_flow_style=False, allow_unicode=True,
                     width=120, sort_keys=False)
