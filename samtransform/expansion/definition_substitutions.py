"""Local definition files that are JSON only once DefinitionSubstitutions are applied.

Tools such as the Lambda power-tuning state machine write `"TimeoutSeconds": ${timeout}` in
their ASL file. `sam deploy` uploads the file as it is, and CloudFormation replaces each
`${name}` with its DefinitionSubstitutions value before Step Functions parses the text,
so it deploys. Such a file cannot become SAM's key-sorted `DefinitionString`; it is
inlined as written instead (CloudFormation substitutes within `DefinitionString` too).

Rules:
- the file is JSON-looking (it opens with `{`), is not JSON as written, and parses once
  every `${...}` is replaced by a neutral value (`0`, valid inside a string and outside,
  padded with spaces to the placeholder's length so positions do not move);
- each placeholder outside a JSON string needs a DefinitionSubstitutions entry, or the
  deployed text would not be JSON: an error naming the missing names; one inside a string
  without an entry stays as written, which deploys but is probably a mistake: a warning;
- a file that does not parse even with neutral values is broken for another reason and
  keeps the JSON parser's precise error, found in the neutral text at the same line and
  column (the caller reports it).
"""

from __future__ import annotations

import json
import re

PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
NEUTRAL_VALUE = "0"


def placeholders_break_json(text: str) -> bool:
    """Whether `text` is JSON-looking, has placeholders, and is not JSON as written."""
    return text.lstrip().startswith("{") and "${" in text and not _parses(text)


def neutral(text: str) -> str:
    """`text` with each placeholder replaced by a neutral value of the same length."""
    return PLACEHOLDER.sub(lambda match: NEUTRAL_VALUE.ljust(len(match.group(0))), text)


def missing_substitutions(text: str, substitutions) -> list[str]:
    """The placeholders outside JSON strings (so needed for the text to be JSON) with no substitution."""
    known = set(substitutions) if isinstance(substitutions, dict) else set()
    return sorted({name for name in _bare_placeholders(text) if name not in known})


def unsubstituted(text: str, substitutions) -> list[str]:
    """Every placeholder name in `text` that the substitutions do not define (the bare ones are errors)."""
    known = set(substitutions) if isinstance(substitutions, dict) else set()
    bare = set(_bare_placeholders(text))
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in known and name not in bare})


def _bare_placeholders(text: str) -> list[str]:
    """Names of the placeholders that stand outside a JSON string."""
    names = []
    inside, escaped = False, False
    for position, char in enumerate(text):
        if inside:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                inside = False
        elif char == '"':
            inside = True
        elif char == "$":
            match = PLACEHOLDER.match(text, position)
            if match:
                names.append(match.group(1))
    return names


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
