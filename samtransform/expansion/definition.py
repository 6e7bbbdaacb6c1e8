"""Definition, DefinitionUri and DefinitionSubstitutions -> the state machine's definition.

Rules, as AWS SAM applies them:
- exactly one of Definition and DefinitionUri, judged by truthiness (an empty mapping
  counts as absent);
- an inline Definition becomes `DefinitionString`: key-sorted JSON indented by four,
  split into lines and joined with `Fn::Join`;
- every intrinsic function or dynamic reference inside it is replaced by
  `${definition_substitution_N}`, numbered in key-sorted depth-first order, and moved
  into `DefinitionSubstitutions`, after the user's own substitutions;
- an S3 `DefinitionUri` (string with optional `?versionId=`, or Bucket/Key/Version)
  becomes `DefinitionS3Location`.
Beyond SAM:
- a `DefinitionUri` that is a local path is read (JSON or YAML, relative to the
  template's folder, from the working tree or the git revision the context's `files` name,
  io/file_sources.py) and treated exactly as an inline Definition; a JSON file that is
  JSON only once its `${...}` placeholders are substituted is inlined as written, as a
  `DefinitionString` with the DefinitionSubstitutions (`definition_substitutions.py`);
- a user substitution whose name a generated one overwrites (as SAM does) is a warning.
"""

from __future__ import annotations

import os
from collections import namedtuple

from ..core.context import Context
from ..core.fields import describe_fields
from ..core.problems import InvalidTemplateError, Location, Problem
from ..io.file_sources import WORKING_TREE
from ..io.template_io import parse_document
from ..core.limits import MAX_DEFINITION_BYTES, MAX_TEMPLATE_BYTES, READ_DEFINITION_BYTES
from .definition_string import TOO_LARGE, NotJson, definition_lines
from .definition_substitutions import (
    PLACEHOLDER, missing_substitutions, neutral, placeholders_break_json, unsubstituted)

SUBSTITUTION_NAME = "definition_substitution_{}"
BOTH_MESSAGE = "Specify either 'Definition' or 'DefinitionUri' property and not both."
NEITHER_MESSAGE = "Either 'Definition' or 'DefinitionUri' property must be specified."
BAD_S3_URI_MESSAGE = (
    "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."
)
MISSING_BUCKET_KEY_MESSAGE = "'DefinitionUri' requires Bucket and Key properties to be specified."


# What issue-14-style rules on the Amazon States Language need, kept by the expansion model:
# the definition as a mapping (inline, or read from the local file), the user's
# DefinitionSubstitutions, and the local file's path (None for inline and S3 definitions).
DefinitionFacts = namedtuple("DefinitionFacts", "document substitutions local_path deployed", defaults=(None,))
DefinitionFacts.__doc__ = """What expansion knows of a definition. The check rules read these instead of preparing
the definition again."""
describe_fields(DefinitionFacts, {
    "document": "the inline definition (a mapping), or None",
    "substitutions": "the user's DefinitionSubstitutions (a mapping), or None",
    "local_path": "the local file a DefinitionUri names, from the template's folder; None for inline and S3",
    "deployed": "the AWS::StepFunctions::StateMachine properties that carry the definition (DefinitionString or "
                "DefinitionS3Location, and DefinitionSubstitutions, the user's merged with AWS SAM's), as expand "
                "writes them; None when the definition cannot be prepared",
})


# The definition properties and the types `prepare` reads them as; the input schema checks them
# before anything is built, and reports any other type.
DEFINITION_TYPES = {"Definition": dict, "DefinitionUri": (str, dict), "DefinitionSubstitutions": dict}


def known(path: tuple, properties: dict, context: Context) -> DefinitionFacts:
    """The facts of a definition whose resource failed the input schema: prepared all the same when
    its own properties have the types `prepare` reads, so that the check rules can still read it;
    the schema's errors, not these, are what the resource reports."""
    if any(key in properties and not isinstance(properties[key], kind) for key, kind in DEFINITION_TYPES.items()):
        return facts_of(properties, context)
    prepared, facts, errors = prepare_with_facts(path, properties, context)
    return facts._replace(deployed=None if errors else prepared)


def prepare(path: tuple, properties: dict, context: Context) -> tuple[dict | None, list[Problem]]:
    """Check the definition properties and build the state machine properties that carry it."""
    prepared, _, errors = prepare_with_facts(path, properties, context)
    return prepared, errors


def prepare_with_facts(path: tuple, properties: dict,
                       context: Context) -> tuple[dict | None, DefinitionFacts, list[Problem]]:
    """`prepare`, and the definition facts it met on the way."""
    definition = properties.get("Definition")
    uri = properties.get("DefinitionUri")
    facts = facts_of(properties, context)
    if definition and uri:
        return None, facts, [Problem(path, BOTH_MESSAGE)]
    if not definition and not uri:
        return None, facts, [Problem(path, NEITHER_MESSAGE)]
    if uri:
        if facts.local_path is None:
            locate = _s3_location if isinstance(uri, dict) else _s3_uri
            prepared, errors = locate(path + ("DefinitionUri",), uri)
            return _with_user_substitutions(prepared, properties.get("DefinitionSubstitutions")), facts, errors
        definition, errors = load_local_definition(path + ("DefinitionUri",), uri, context)
        if errors:
            return None, facts, errors
        if isinstance(definition, DefinitionText):
            # No mapping for the facts: the file is JSON only once substituted at deploy time.
            prepared, errors = _as_written(path, uri, definition, properties.get("DefinitionSubstitutions"))
            errors = errors or _from_file(path + ("DefinitionUri",), uri, prepared, context)
            return (None if errors else prepared), facts, errors + _placeholder_warnings(path, uri, definition,
                                                                                          properties)
        facts = facts._replace(document=definition)
        prepared, errors = _inline(path, path + ("DefinitionUri",), definition,
                                   properties.get("DefinitionSubstitutions"), uri)
        errors = errors or _from_file(path + ("DefinitionUri",), uri, prepared, context)
        return (None if errors else prepared), facts, errors
    prepared, errors = _inline(path, path + ("Definition",), definition, properties.get("DefinitionSubstitutions"))
    return prepared, facts, errors


FROM_FILES = ("local definition file {uri!r} would bring the definitions read from files to {total:,} bytes of the "
              "expanded template (this is use {count} of it); CloudFormation accepts a template of at most 1 MB "
              "({limit:,} bytes)")


def _from_file(path: tuple, uri: str, prepared: dict, context: Context) -> list[Problem]:
    """What a definition file adds to the expanded template, counted across the expansion: a file
    inlined by many state machines is refused once the definitions from files alone are more
    than CloudFormation accepts in a whole template (MAX_TEMPLATE_BYTES)."""
    if context.definition_bytes is None:
        return []
    string = prepared["DefinitionString"]
    lines = string["Fn::Join"][1] if isinstance(string, dict) else [string]
    size = sum(map(len, lines)) + len(lines) - 1
    total = sum(used for _, used in context.definition_bytes) + size
    count = 1 + sum(1 for file, _ in context.definition_bytes if file == uri)
    if total > MAX_TEMPLATE_BYTES:
        return [Problem(path, FROM_FILES.format(uri=uri, total=total, count=count, limit=MAX_TEMPLATE_BYTES))]
    context.definition_bytes.append((uri, size))
    return []


def facts_of(properties: dict, context: Context) -> DefinitionFacts:
    """What can be known of the definition without reading a file."""
    definition = properties.get("Definition")
    uri = properties.get("DefinitionUri")
    substitutions = properties.get("DefinitionSubstitutions")
    local = isinstance(uri, str) and uri and "://" not in uri and not uri.lower().startswith("s3:")
    return DefinitionFacts(
        document=definition if isinstance(definition, dict) and definition else None,
        substitutions=substitutions if isinstance(substitutions, dict) else None,
        local_path=os.path.join(context.base_dir, uri) if local else None,
    )


# --------------------------------------------------------------------------- S3

def _with_user_substitutions(prepared: dict | None, substitutions) -> dict | None:
    if prepared is None or not substitutions:
        return prepared
    return {**prepared, "DefinitionSubstitutions": substitutions}


def s3_location(path: tuple, uri) -> tuple[dict | None, list[Problem]]:
    """Bucket, Key and Version of an S3 URI string or a Bucket/Key/Version mapping, or SAM's error."""
    prepared, errors = _s3_uri(path, uri) if isinstance(uri, str) else _s3_location(path, uri)
    return (prepared["DefinitionS3Location"] if prepared else None), errors


def _s3_uri(path: tuple, uri: str):
    from urllib.parse import parse_qs, urlparse  # only S3 URIs need it; importing costs ~3 ms

    try:
        parsed = urlparse(uri)
    except ValueError:
        return None, [Problem(path, BAD_S3_URI_MESSAGE)]
    key = parsed.path.lstrip("/")
    if parsed.scheme != "s3" or not parsed.netloc or not key:
        return None, [Problem(path, BAD_S3_URI_MESSAGE)]
    location = {"Bucket": parsed.netloc, "Key": key}
    versions = parse_qs(parsed.query).get("versionId", [])
    if len(versions) == 1:
        location["Version"] = versions[0]
    return {"DefinitionS3Location": location}, []


def _s3_location(path: tuple, uri: dict):
    if not uri.get("Bucket") or not uri.get("Key"):
        return None, [Problem(path, MISSING_BUCKET_KEY_MESSAGE)]
    location = {"Bucket": uri["Bucket"], "Key": uri["Key"]}
    if "Version" in uri:
        location["Version"] = uri["Version"]
    return {"DefinitionS3Location": location}, []


# --------------------------------------------------------------------------- local files

FOLDER_KNOWN = "paths are relative to the template's folder"
FOLDER_UNKNOWN = ("the template's folder is not known, as for standard input or template text: paths are relative "
                  "to the current folder")

class DefinitionText(str):
    """A local definition file's text, JSON only once its `${...}` placeholders are substituted."""


STATE_MACHINE_KEYS = ("StartAt", "States")  # what makes a mapping an Amazon States Language definition
OUTSIDE = ("local definition file {uri!r} is outside the template's folder and the current folder{roots}; "
           "samtransform reads a definition only from a file inside one of them, or inside a folder given with "
           "--definitions-root (docs/safety.md)")


def load_local_definition(path: tuple, uri: str, context: Context) -> tuple[dict | None, list[Problem]]:
    """Read an ASL file named by a local DefinitionUri, relative to the template's folder.

    The file must be a regular file inside the template's folder or one of
    `context.definitions_roots`, at most READ_DEFINITION_BYTES, and hold a state machine
    (a mapping with StartAt and States). Messages name the file and at most the path of a
    key in it, never its content (docs/safety.md)."""
    if "\0" in uri:
        return None, [Problem(path, "DefinitionUri holds a NUL character, which no file name can")]
    files = context.files or WORKING_TREE
    file = os.path.join(context.base_dir, uri)
    # The template's folder and the current folder (a project's root, where `sam deploy` runs and a
    # template in infra/ names ../statemachine/x.asl.json), and the folders the user names.
    if not files.inside(file, (context.base_dir, os.getcwd(), *context.definitions_roots)):
        roots = f" or {', '.join(context.definitions_roots)}" if context.definitions_roots else ""
        return None, [Problem(path, OUTSIDE.format(uri=uri, roots=roots))]
    try:
        text = files.read_text(file, READ_DEFINITION_BYTES, "a definition file")
    except InvalidTemplateError as failure:  # the file itself: missing, not a file, too large, not UTF-8
        return None, [_unreadable(path, uri, error, context) for error in failure.errors]
    strict_json = file.lower().endswith(".json")
    file = files.name_of(file)  # from here on, the name errors inside the file are placed at
    try:
        if placeholders_break_json(text):
            try:
                shape = parse_document(neutral(text), file, strict_json=True)
                problem = _not_a_state_machine(uri, shape)
                return (None, [Problem(path, problem)]) if problem else (DefinitionText(text), [])
            except InvalidTemplateError:
                # Broken for another reason: for a *.json file the neutral text gives the
                # JSON parser's precise error, at the same line and column; other files
                # may still be YAML.
                if strict_json:
                    raise
        definition = parse_document(text, file, strict_json=strict_json)
    except InvalidTemplateError as failure:
        return None, [Problem(path, f"in local definition file {uri!r}: {error.message}",
                                     _origin_in(file, text, error)) for error in failure.errors]
    problem = _not_a_state_machine(uri, definition)
    if problem:
        return None, [Problem(path, problem)]
    return definition, []


def _unreadable(path: tuple, uri: str, error: Problem, context: Context) -> Problem:
    if error.message == "file not found":
        where = FOLDER_UNKNOWN if context.folder_unknown else FOLDER_KNOWN
        source = (context.files or WORKING_TREE).source
        return Problem(path, f"local definition file {uri!r} not found{f' in {source}' if source else ''} ({where})")
    if error.origin is not None and error.origin.line == 1 and error.origin.column == 1:
        return Problem(path, f"local definition file {uri!r} {error.message}")
    return Problem(path, f"in local definition file {uri!r}: {error.message}", error.origin)


def _origin_in(file: str, text: str, error: Problem):
    """Where in the definition file an error is: its own position, or the place of its path in the file."""
    if error.origin is not None or not error.path:
        return error.origin
    from ..io.locations import SourceMap  # positions are worked out only when something is wrong

    return Location(file, *SourceMap(text).position(error.path))


def _not_a_state_machine(uri: str, definition) -> str | None:
    """Why a definition file's content is no state machine definition; None when it is one."""
    if not isinstance(definition, dict):
        return (f"local definition file {uri!r} must hold a state machine definition: a mapping with "
                f"{' and '.join(STATE_MACHINE_KEYS)}")
    missing = [key for key in STATE_MACHINE_KEYS if key not in definition]
    if missing:
        return (f"local definition file {uri!r} is not a state machine definition: it has no "
                f"{' and no '.join(missing)}")
    return None


def _placeholder_warnings(path: tuple, uri: str, text: str, properties: dict) -> list[Problem]:
    """Placeholders inside strings with no substitution: CloudFormation leaves them as written."""
    names = unsubstituted(text, properties.get("DefinitionSubstitutions"))
    return [Problem(path + ("DefinitionUri",), (
        f"local definition file {uri!r} uses ${{{name}}}, which DefinitionSubstitutions does not define; "
        "the state machine gets the text '${" + name + "}' as written"), severity="warning") for name in names]


def _as_written(path: tuple, uri: str, text: str, user_substitutions) -> tuple[dict | None, list[Problem]]:
    """The file's own text as DefinitionString; CloudFormation fills in its placeholders."""
    missing = missing_substitutions(text, user_substitutions)
    if missing:
        names = ", ".join(repr(name) for name in missing)
        return None, [Problem(path + ("DefinitionUri",), (
            f"local definition file {uri!r} is JSON only once its placeholders are substituted, and "
            f"DefinitionSubstitutions has no {names}; Step Functions would reject the definition"))]
    placeholders = sum(len(match.group(0)) for match in PLACEHOLDER.finditer(text))
    if len(text) - placeholders > MAX_DEFINITION_BYTES:
        return None, [Problem(path + ("DefinitionUri",), f"local definition file {uri!r}: "
                                     + TOO_LARGE.format(limit=MAX_DEFINITION_BYTES))]
    properties: dict = {"DefinitionString": str(text)}
    if user_substitutions:
        properties["DefinitionSubstitutions"] = user_substitutions
    return properties, []


# --------------------------------------------------------------------------- inline definitions

def _inline(path: tuple, definition_path: tuple, definition: dict, user_substitutions, uri: str | None = None):
    if not isinstance(user_substitutions, dict):  # not a mapping: the schema reports it
        user_substitutions = None
    try:
        lines, found = definition_lines(definition)
    except NotJson as problem:
        if uri is not None and not problem.path:  # the whole file is too large once written: name it
            return None, [Problem(definition_path, f"local definition file {uri!r}: {problem.reason}")]
        return None, [Problem(definition_path + problem.path, problem.reason)]
    generated = {SUBSTITUTION_NAME.format(number): value for number, value in enumerate(found, start=1)}
    warnings = _collisions(path + ("DefinitionSubstitutions",), user_substitutions or {}, generated)
    properties: dict = {"DefinitionString": {"Fn::Join": ["\n", lines]}}
    if user_substitutions or generated:
        properties["DefinitionSubstitutions"] = {**(user_substitutions or {}), **generated}
    return properties, warnings


def _collisions(path: tuple, user: dict, generated: dict) -> list[Problem]:
    # A warning: it deploys, but the generated value replaces the user's, as in AWS SAM.
    return [
        Problem(path + (name,), f"{name!r} is also the name of a substitution generated from an "
                                       "intrinsic function in the definition, which replaces this value, as AWS "
                                       "SAM does; rename it", severity="warning")
        for name in user if name in generated
    ]
