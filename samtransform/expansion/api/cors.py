"""Cors on a REST API that state machines feed -> an OPTIONS method on every path, answered by API Gateway.

Rules, as AWS SAM applies them:
- `Cors` is the allowed origin (a string or an intrinsic), or a mapping of `AllowOrigin`
  (default `'*'`), `AllowHeaders`, `AllowMethods`, `MaxAge` and `AllowCredentials`;
  another key, another type, or `AllowCredentials: true` with the origin `'*'` is SAM's
  error;
- each path (a path ending in `/` counts as the one without it) that has no `options`
  method gets one: a `mock` integration whose default response sets the
  `Access-Control-Allow-*` headers; without `AllowMethods`, the path's own methods plus
  OPTIONS (every method for `any`), upper case, sorted, in single quotes;
- with OpenAPI 3, the OPTIONS method loses `consumes` and `produces` and each response
  header is wrapped in `schema` (SAM's last step, openapi_3_options).
The values come as SAM holds them, for the Deployment's hash (globals_api.body_value).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import Problem
from ...core.intrinsics import is_intrinsic
from ...core.py27_dict import Py2Dict, py2_dict, rebuild
from . import tables
from .path_items import contents

FIELDS = ("AllowMethods", "AllowHeaders", "AllowOrigin", "MaxAge", "AllowCredentials")
WILDCARD = "'*'"
INVALID_VALUE = "Invalid value for 'Cors' property"
INVALID_KEY = "Invalid key '{key}' for 'Cors' property."
CREDENTIALS_WITH_WILDCARD = ("Unable to add Cors configuration because 'AllowCredentials' can not be true when "
                             "'AllowOrigin' is \"'*'\" or not set")
ORIGIN_REQUIRED = "Invalid input. Value for AllowedOrigins is required"
ALL_METHODS = ("OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")
HEADER_PREFIX = "method.response.header."


def settings(value) -> dict:
    """The five settings, SAM's defaults filled in (SAM's own strings, not the template's)."""
    given = {"AllowOrigin": value} if isinstance(value, str) or is_intrinsic(dict(value)) else dict(value.items())
    return {"AllowMethods": None, "AllowHeaders": None, "AllowOrigin": WILDCARD, "MaxAge": None,
            "AllowCredentials": False, **given}


def iter_errors(path: tuple, value) -> Iterator[Problem]:
    if not (isinstance(value, (str, dict))):
        yield Problem(path, INVALID_VALUE)
        return
    if isinstance(value, dict) and not is_intrinsic(value):
        unknown = [key for key in value if key not in FIELDS]
        if unknown:
            yield Problem(path + (unknown[0],), INVALID_KEY.format(key=unknown[0]))
            return
    chosen = settings(value)
    if chosen["AllowCredentials"] is True and chosen["AllowOrigin"] == WILDCARD:
        yield Problem(path, CREDENTIALS_WITH_WILDCARD)
    elif not chosen["AllowOrigin"]:
        yield Problem(path, ORIGIN_REQUIRED)


def add_cors(body: Py2Dict, value) -> Py2Dict:
    """An OPTIONS method on each path (a copy in, a copy out); `value` as SAM holds it
    (globals_api.body_value)."""
    chosen = settings(value)
    body = rebuild(body)
    seen = set()
    for path in list(body["paths"]):
        normalized = path.rstrip("/") if path != "/" else path
        if normalized in seen:
            continue
        seen.add(normalized)
        _add_options(body["paths"][path], chosen)
    return rebuild(body)


def _add_options(path_item, chosen: dict) -> None:
    methods = chosen["AllowMethods"]
    for item in contents(path_item):
        if "options" in item:
            continue
        if not methods:
            methods = "'" + _allowed_methods(item) + "'"
        item["options"] = _options_method(chosen, methods)


def _allowed_methods(path_item: dict) -> str:
    methods = list(path_item)
    names = ALL_METHODS if tables.ANY_METHOD in methods else methods + ["options"]
    return ",".join(sorted({name.upper() for name in names}))


def _options_method(chosen: dict, methods) -> Py2Dict:
    parameters = py2_dict((HEADER_PREFIX + "Access-Control-Allow-Origin", chosen["AllowOrigin"]))
    headers = py2_dict(("Access-Control-Allow-Origin", {"type": "string"}))
    optional = (("Access-Control-Allow-Headers", chosen["AllowHeaders"], "string", bool(chosen["AllowHeaders"])),
                ("Access-Control-Allow-Methods", methods, "string", bool(methods)),
                ("Access-Control-Max-Age", chosen["MaxAge"], "integer", chosen["MaxAge"] is not None),
                ("Access-Control-Allow-Credentials", "'true'", "string", chosen["AllowCredentials"] is True))
    for header, header_value, kind, wanted in optional:
        if wanted:
            parameters[HEADER_PREFIX + header] = header_value
            headers[header] = {"type": kind}
    default = py2_dict(("statusCode", "200"), ("responseParameters", parameters),
                       ("responseTemplates", {"application/json": "{}\n"}))
    integration = py2_dict(("type", "mock"), ("requestTemplates", {"application/json": '{\n  "statusCode" : 200\n}\n'}),
                           ("responses", py2_dict(("default", default))))
    response = py2_dict(("description", "Default response for CORS method"), ("headers", headers))
    return py2_dict(("summary", "CORS support"), ("consumes", ["application/json"]),
                    ("produces", ["application/json"]), (tables.INTEGRATION_KEY, integration),
                    ("responses", py2_dict(("200", response))))


def openapi_3_options(body: Py2Dict) -> None:
    """OpenAPI 3 has no consumes/produces, and wants each response header's type under `schema` (in place)."""
    for path, path_item in (body.get("paths") or {}).items():
        options = path_item.get("options") if isinstance(path_item, dict) else None
        if not isinstance(options, dict):
            continue
        for field in list(options):
            if field in ("produces", "consumes"):
                del options[field]
            elif field == "responses":
                headers = (options["responses"].get("200") or {}).get("headers")
                for header in list(headers or ()):
                    headers[header] = py2_dict(("schema", headers[header]))
