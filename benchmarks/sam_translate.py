"""AWS SAM's translator on one template, as a minimal script: read YAML, transform, write JSON.

Its bundled managed-policy map answers every name; the region comes from
AWS_DEFAULT_REGION (the translator insists on one).
"""

import json
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class BundledPoliciesOnly:
    def load(self):
        return {}


with open(sys.argv[1], encoding="utf-8") as source:
    template = yaml_parse(source.read())
output = transform(template, {}, BundledPoliciesOnly())
with open(sys.argv[2], "w", encoding="utf-8") as target:
    target.write(json.dumps(output))
