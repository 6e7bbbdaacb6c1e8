"""The API settings SAM writes into the OpenAPI body itself: OpenApiVersion, BinaryMediaTypes,
DisableExecuteApiEndpoint, and OpenAPI 3's last step.

Rules, as AWS SAM applies them:
- `OpenApiVersion` 3.x: `openapi: <version>` replaces `swagger: "2.0"` (before the
  integrations are added); a number (`3.0` unquoted in YAML) is its text on an API whose
  body SAM writes, and SAM's error on one with a definition of its own;
- `BinaryMediaTypes` also become `x-amazon-apigateway-binary-media-types`, `~1` read as `/`;
- `Models` become `definitions` under their names in lower case;
- `DisableExecuteApiEndpoint` becomes `x-amazon-apigateway-endpoint-configuration:
  {disableExecuteApiEndpoint: <value>}` at the top, or in each of `servers` with OpenAPI 3;
- last, with OpenAPI 3, security definitions move to `components.securitySchemes`, models
  to `components.schemas`, and the CORS methods lose `consumes`/`produces`
  (cors.openapi_3_options); SAM runs this step after Models too, so twice with Models.
Each edit copies the body where SAM does, for the Deployment's hash (py27_dict.py).
"""

from __future__ import annotations

import re

from ...core.py27_dict import Py2Dict, TemplateText, rebuild
from . import cors

OPENAPI_3 = "3."
ENDPOINT_EXTENSION = "x-amazon-apigateway-endpoint-configuration"
BINARY_MEDIA_TYPES = "x-amazon-apigateway-binary-media-types"


NOT_A_STRING = "Property 'OpenApiVersion' should be a string."


class ConvertedText(str):
    """An OpenApiVersion AWS SAM made text of with str(): a plain str in its Python 2.7 text (no u'')."""

    __slots__ = ()


def version_value(version, managed: bool):
    """OpenApiVersion as AWS SAM reads it: a number whose text is 3.x (`OpenApiVersion: 3.0` in YAML) is
    taken as that text on an API whose body SAM writes (its Globals step); any other number is
    its error (NOT_A_STRING, returned as the number)."""
    if isinstance(version, (int, float)) and not isinstance(version, bool) and managed:
        text = str(version)
        if re.fullmatch(r"3(\.\d)(\.\d)?", text):
            return ConvertedText(text)
    return version


def is_openapi_3(version) -> bool:
    return isinstance(version, str) and version.startswith(OPENAPI_3)


def open_api_version(body, version):
    """OpenApiVersion 3.x: SAM's Globals step writes `openapi` into the body and drops `swagger` (no copy)."""
    if is_openapi_3(version):
        body["openapi"] = str(version) if isinstance(version, ConvertedText) else TemplateText(version)
        if "swagger" in body:
            del body["swagger"]
    return body


def open_api_3_last_step(body, version):
    """OpenAPI 3 keeps security definitions in components.securitySchemes, and CORS headers under
    `schema`: SAM's last step, in place."""
    if "swagger" in body or not is_openapi_3(version):
        return body
    for source, target in (("securityDefinitions", "securitySchemes"), ("definitions", "schemas")):
        if body.get(source):
            components = body.get("components") or Py2Dict()
            components[target] = body[source]
            body["components"] = components
            del body[source]
    cors.openapi_3_options(body)
    return body


def disable_execute_api_endpoint(body, value):
    """The endpoint extension at the top of the body, or in each server with OpenAPI 3 (a copy in, a copy out)."""
    body = rebuild(body)
    if is_openapi_3(body.get("openapi")):
        servers = body.get("servers", [Py2Dict()])
        for server in servers:
            server.setdefault(ENDPOINT_EXTENSION, {})["disableExecuteApiEndpoint"] = value
        body["servers"] = servers
    else:
        body.setdefault(ENDPOINT_EXTENSION, {})["disableExecuteApiEndpoint"] = value
    return rebuild(body)


def models(body, given: Py2Dict, version):
    """Models into `definitions` under lower-case names (a copy in, a copy out); SAM then runs
    OpenAPI 3's last step already here, so with OpenAPI 3 it runs twice (CORS headers too)."""
    body = rebuild(body)
    definitions = body.get("definitions", Py2Dict()) or Py2Dict()
    for name, schema in given.items():
        definitions[TemplateText(name.lower())] = schema
    if definitions:
        body["definitions"] = definitions
    return open_api_3_last_step(rebuild(body), version)


def binary_media_types(body, media_types):
    """SAM writes BinaryMediaTypes into the body too, with `~1` read as `/` (a copy in, a copy out)."""
    if not media_types:
        return body
    body = rebuild(body)
    body[BINARY_MEDIA_TYPES] = [TemplateText(entry.replace("~1", "/"))
                                                      for entry in media_types]
    return rebuild(body)
