"""GatewayResponses on a REST API that state machines feed -> `x-amazon-apigateway-gateway-responses`.

Rules, as AWS SAM applies them:
- each response type (`DEFAULT_4XX`, `UNAUTHORIZED`, ...) takes `ResponseParameters`
  (`Headers`, `Paths`, `QueryStrings`, each a mapping), `ResponseTemplates` and
  `StatusCode` (digits; written as a string);
- parameters become `gatewayresponse.header.<name>`, `gatewayresponse.path.<name>`,
  `gatewayresponse.querystring.<name>`, in that order; `responseTemplates` is `{}`
  when not given;
- SAM's errors: an intrinsic function or a non-mapping for a response, an unknown key,
  an unknown parameter kind, a StatusCode that is not 1 to 3 digits.
The values come as SAM holds them, for the Deployment's hash (globals_api.body_value).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.problems import TransformError
from ...core.intrinsics import is_intrinsic
from ...core.py27_dict import Py2Dict, TemplateText, py2_dict, rebuild

BODY_KEY = "x-amazon-apigateway-gateway-responses"
KEYS = ("ResponseParameters", "ResponseTemplates", "StatusCode")
PARAMETER_PREFIXES = (("Headers", "header."), ("Paths", "path."), ("QueryStrings", "querystring."))
PREFIX = "gatewayresponse."
INTRINSIC = ("Unable to set GatewayResponses attribute because intrinsic functions are not supported for this "
             "field.")
NOT_A_RESPONSE = ("Invalid property type '{kind}' for GatewayResponses. Expected an object of type "
                  "'GatewayResponse'.")
UNKNOWN_KEY = "Invalid property '{key}' in 'GatewayResponses' property '{response}'."
NOT_A_MAP = "Property '{where}' should be a map."
UNKNOWN_PARAMETER = "Invalid gateway response parameter '{key}'"
NOT_NUMERIC = "Property 'StatusCode' must be numeric"


def iter_errors(path: tuple, responses) -> Iterator[TransformError]:
    """SAM's errors, the first one only (SAM stops there)."""
    error = _first_error(path, responses)
    if error:
        yield error


def _first_error(path: tuple, responses) -> TransformError | None:
    if not isinstance(responses, dict) or is_intrinsic(responses):
        return TransformError(path, NOT_A_MAP.format(where="GatewayResponses"))
    for name, response in responses.items():
        if is_intrinsic(response):
            return TransformError(path + (name,), INTRINSIC)
        if not isinstance(response, dict):
            return TransformError(path + (name,), NOT_A_RESPONSE.format(kind=type(response).__name__))
        unknown = [key for key in response if key not in KEYS]
        if unknown:
            return TransformError(path + (name, unknown[0]), UNKNOWN_KEY.format(key=unknown[0], response=name))
    for name, response in responses.items():
        parameters = response.get("ResponseParameters")
        if parameters and not isinstance(parameters, dict):
            return TransformError(path + (name, "ResponseParameters"),
                                  NOT_A_MAP.format(where=f"GatewayResponses.{name}.ResponseParameters"))
        for key in parameters or ():
            if key not in dict(PARAMETER_PREFIXES):
                return TransformError(path + (name, "ResponseParameters", key), UNKNOWN_PARAMETER.format(key=key))
        status = response.get("StatusCode")
        if status and not re.fullmatch(r"[0-9]{1,3}", str(status)):
            return TransformError(path + (name, "StatusCode"), NOT_NUMERIC)
        for kind, _ in PARAMETER_PREFIXES:
            if parameters and kind in parameters and not isinstance(parameters[kind], dict):
                return TransformError(path + (name, "ResponseParameters", kind),
                                      NOT_A_MAP.format(where=f"ResponseParameters.{kind}"))
    return None


def add_gateway_responses(body: Py2Dict, responses: Py2Dict) -> Py2Dict:
    """The responses into the body (a copy in, a copy out), in SAM's Python 2.7 orders; `responses`
    as SAM holds them (globals_api.body_value)."""
    ordered = Py2Dict()  # SAM first collects them into a fresh table, in the given table's order
    for name, response in responses.items():
        ordered[name] = response
    body = rebuild(body)
    section = body.get(BODY_KEY) or Py2Dict()
    for name, response in ordered.items():
        section[name] = _response(response)
    if section:
        body[BODY_KEY] = section
    return rebuild(body)


def _response(response) -> Py2Dict:
    parameters = response.get("ResponseParameters") or Py2Dict()
    prefixed = Py2Dict()
    for kind, prefix in PARAMETER_PREFIXES:
        for key, value in (parameters.get(kind) or {}).items():
            prefixed[TemplateText(PREFIX + prefix + key)] = value
    result = py2_dict(("responseParameters", prefixed), ("responseTemplates", response.get("ResponseTemplates")
                                                                             or Py2Dict()))
    status = response.get("StatusCode")
    if status is not None and str(status):
        result["statusCode"] = str(status)
    return result
