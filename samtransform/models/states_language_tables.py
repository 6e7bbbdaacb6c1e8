"""Facts of the Amazon States Language that the models read, as data.

Sources (as of 2026-12):
- the Amazon States Language specification, https://states-language.net/spec.html: Paths
  and Reference Paths (#path, #ref-paths), Timestamps (#timestamps), the intrinsic functions
  and their arguments (#intrinsic-functions, Appendix B #appendix-b), Choice rules and their
  operators (#choice-state), retriers (#retrying-after-error), the Map state's
  MaxConcurrency and failure tolerance (#map-state), top-level fields (#toplevelfields);
- "Wait workflow state", https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
  (Seconds is an integer from 0 to 99999999; the timestamp profile);
- "Intrinsic functions for JSONPath states in Step Functions",
  https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html (at most 10
  intrinsic functions in one field);
- "Using Map state in Distributed mode",
  https://docs.aws.amazon.com/step-functions/latest/dg/concepts-asl-use-map-state-distributed.html
  and "Using Map state in Inline mode",
  https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html (which fields
  each mode has);
- AWS CDK's ProcessorConfig (ExecutionType is required with Mode DISTRIBUTED),
  https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.ProcessorConfig.html,
  and JitterType ("Values allowed in the retrier JitterStrategy field": FULL, NONE),
  https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.JitterType.html;
- "Error handling" in Workflow Studio (a retrier and a catcher may have a Comment),
  https://docs.aws.amazon.com/step-functions/latest/dg/workflow-studio-process-error.html.
"""

from __future__ import annotations

JSONPATH, JSONATA = "JSONPath", "JSONata"

# The top level of a definition, and what a Parallel branch or a Map processor has of it.
MACHINE_FIELDS = frozenset({"Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"})
SCOPE_FIELDS = frozenset({"Comment", "StartAt", "States"})

# --------------------------------------------------------------------------- Choice rules
# The JSON type an operator's value must have. "path": a Path, applied to the state's input.
STRING, NUMBER, BOOLEAN, TIMESTAMP, PATH = "string", "number", "boolean", "timestamp", "path"
TYPE_WORDS = {STRING: "a string", NUMBER: "a number", BOOLEAN: "true or false",
              TIMESTAMP: "an RFC 3339 timestamp", PATH: "a path"}

_RELATIONS = ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
_ORDERED = {"String": STRING, "Numeric": NUMBER, "Timestamp": TIMESTAMP}
CHOICE_OPERATORS = {
    **{kind + relation: operand for kind, operand in _ORDERED.items() for relation in _RELATIONS},
    **{kind + relation + "Path": PATH for kind in _ORDERED for relation in _RELATIONS},
    "StringMatches": STRING,
    "BooleanEquals": BOOLEAN, "BooleanEqualsPath": PATH,
    "IsNull": BOOLEAN, "IsPresent": BOOLEAN, "IsNumeric": BOOLEAN, "IsString": BOOLEAN, "IsBoolean": BOOLEAN,
    "IsTimestamp": BOOLEAN,
}
CHOICE_COMBINATORS = ("And", "Or", "Not")
# A JSONPath rule's other fields (Next only in the rules of Choices), and a JSONata rule's.
JSONPATH_RULE_FIELDS = frozenset({"Variable", "Next", "Assign", "Comment"})
JSONATA_RULE_FIELDS = frozenset({"Condition", "Next", "Assign", "Output", "Comment"})

# --------------------------------------------------------------------------- intrinsic functions
# Name -> (fewest, most) arguments; None: no upper bound. States.MathRandom's seed is optional.
INTRINSIC_FUNCTIONS = {
    "States.Format": (1, None),
    "States.StringToJson": (1, 1),
    "States.JsonToString": (1, 1),
    "States.Array": (0, None),
    "States.ArrayPartition": (2, 2),
    "States.ArrayContains": (2, 2),
    "States.ArrayRange": (3, 3),
    "States.ArrayGetItem": (2, 2),
    "States.ArrayLength": (1, 1),
    "States.ArrayUnique": (1, 1),
    "States.Base64Encode": (1, 1),
    "States.Base64Decode": (1, 1),
    "States.Hash": (2, 2),
    "States.JsonMerge": (3, 3),
    "States.MathRandom": (2, 3),
    "States.MathAdd": (2, 2),
    "States.StringSplit": (2, 2),
    "States.UUID": (0, 0),
}
INTRINSIC_FUNCTIONS_PER_FIELD = 10
HASH_ALGORITHMS = ("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512")

# --------------------------------------------------------------------------- paths
# JSONPath fields of a state that hold a Path (null allowed where marked) or a Reference Path.
PATH_FIELDS = {"InputPath": True, "OutputPath": True}  # field -> null allowed
REFERENCE_PATH_FIELDS = {"ResultPath": True, "ItemsPath": False, "TimeoutSecondsPath": False,
                         "HeartbeatSecondsPath": False, "SecondsPath": False, "TimestampPath": False,
                         "MaxConcurrencyPath": False, "ToleratedFailurePercentagePath": False,
                         "ToleratedFailureCountPath": False}
# A Fail state's ErrorPath and CausePath: a Reference Path or an intrinsic function.
PATH_OR_INTRINSIC_FIELDS = ("ErrorPath", "CausePath")
# Payload templates, whose fields ending in ".$" hold a Path or an intrinsic function, and
# where they sit below a state (Result is a literal: its ".$" fields are not processed).
PAYLOAD_TEMPLATES = (("Parameters",), ("ResultSelector",), ("ItemSelector",), ("Assign",), ("Credentials",),
                     ("ItemReader", "Parameters"), ("ResultWriter", "Parameters"), ("ItemBatcher", "BatchInput"))

# --------------------------------------------------------------------------- Retry and Catch
RETRIER_FIELDS = frozenset({"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                            "JitterStrategy", "Comment"})
CATCHER_FIELDS = frozenset({"ErrorEquals", "Next", "ResultPath", "Assign", "Output", "Comment"})
# Field -> (JSON type, least value): integers or numbers of at least that value.
INTEGER = "integer"
RETRIER_BOUNDS = {"IntervalSeconds": (INTEGER, 1), "MaxAttempts": (INTEGER, 0), "MaxDelaySeconds": (INTEGER, 1),
                  "BackoffRate": (NUMBER, 1.0)}
JITTER_STRATEGIES = ("FULL", "NONE")

# --------------------------------------------------------------------------- numbers of states
# Field -> (JSON type, least, most); most None: no bound documented.
STATE_BOUNDS = {
    "Task": {"TimeoutSeconds": (INTEGER, 1, None), "HeartbeatSeconds": (INTEGER, 1, None)},
    "Wait": {"Seconds": (INTEGER, 0, 99999999)},
    "Map": {"MaxConcurrency": (INTEGER, 0, None), "ToleratedFailurePercentage": (NUMBER, 0, 100),
            "ToleratedFailureCount": (INTEGER, 0, None)},
}

# --------------------------------------------------------------------------- Map modes
INLINE, DISTRIBUTED = "INLINE", "DISTRIBUTED"
MAP_MODES = (INLINE, DISTRIBUTED)
MAP_EXECUTION_TYPES = ("STANDARD", "EXPRESS")
# Fields only a Distributed Map has (the Distributed mode page lists them, the Inline one not).
DISTRIBUTED_ONLY_FIELDS = ("ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
                           "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath",
                           "Label")
