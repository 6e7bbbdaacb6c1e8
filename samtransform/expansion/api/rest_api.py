"""A REST API's CloudFormation: `AWS::ApiGateway::RestApi`, a Deployment named by its body's hash, a Stage.

Rules, as AWS SAM applies them, from the API's SAM properties:
- the Deployment is `<Api>Deployment<h>`, where h is the first 10 characters of the
  SHA-1 of the body's Python 2.7 text (py27_dict.render), followed by `||<OpenApiVersion>`
  when that is set, and by the FunctionNames of the functions whose Api events it serves
  (features/events/function_api.py), so a changed body makes a new Deployment and
  CloudFormation deploys it; its Description carries all 40 characters; without OpenApiVersion its
  `StageName` is `Stage` (API Gateway's extra stage);
- the Stage is `<Api><StageName>Stage`; a StageName that is not letters and digits
  gives `<Api>Stage<SHA-1 of the name, 10 characters>`, an intrinsic `<Api>Stage`;
- without EndpointConfiguration, in partitions without EDGE endpoints (aws-cn,
  aws-us-gov, aws-iso*, aws-eusc) the RestApi is REGIONAL; an EndpointConfiguration
  becomes `{Types: [<Type>]}` (with `VpcEndpointIds`, from either spelling, and
  `IpAddressType`) and `Parameters: {endpointConfigurationTypes: <Type>}`;
- the API's Condition, DeletionPolicy and UpdateReplacePolicy go on all three; its
  Tags on the Stage, and with PropagateTags on the RestApi too.
"""

from __future__ import annotations

import hashlib

from ...core.intrinsics import is_intrinsic, ref
from ...core.logical_ids import deployment_id, stage_id
from ...core.py27_dict import plain, render
from ..tags import tag_list
from . import tables

HASH_DELIMITER = "||"
# SAM property -> RestApi property, copied when the value is truthy (SAM's test) ...
REST_API_IF_SET = (("FailOnWarnings", "FailOnWarnings"), ("Name", "Name"), ("Description", "Description"),
                   ("Mode", "Mode"), ("ApiKeySourceType", "ApiKeySourceType"), ("Policy", "Policy"),
                   ("SecurityPolicy", "SecurityPolicy"), ("EndpointAccessMode", "EndpointAccessMode"))
# ... or whenever it is given.
REST_API_IF_GIVEN = ("BinaryMediaTypes", "MinimumCompressionSize")
STAGE_IF_GIVEN = ("CacheClusterEnabled", "CacheClusterSize", "Variables", "MethodSettings", "AccessLogSetting",
                  "CanarySetting", "TracingEnabled")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def deployment_hash(body, open_api_version=None, function_names: str = "") -> str:
    """The 40-character SHA-1 SAM takes over the body's Python 2.7 text (and OpenApiVersion, and the
    functions' names)."""
    text = render(body)
    if open_api_version:
        text += HASH_DELIMITER + str(open_api_version)
    if function_names:
        text += HASH_DELIMITER + function_names
    return sha1(text)


def has_edge_endpoints(partition: str) -> bool:
    return not (partition in tables.NO_EDGE_PARTITIONS or partition.startswith(tables.NO_EDGE_PARTITION_PREFIX))


def endpoint_configuration(value, partition: str) -> tuple[dict | None, dict | None]:
    """(EndpointConfiguration, Parameters) of the RestApi."""
    if not value:
        if has_edge_endpoints(partition):
            return None, None
        value = "REGIONAL"
    if isinstance(value, dict) and "Type" in value and not is_intrinsic(value):
        configuration = {"Types": [value["Type"]]}
        vpc_endpoints = value.get("VPCEndpointIds") or value.get("VpcEndpointIds")
        if "VPCEndpointIds" in value or "VpcEndpointIds" in value:
            configuration["VpcEndpointIds"] = vpc_endpoints
        if "IpAddressType" in value:
            configuration["IpAddressType"] = value["IpAddressType"]
        return configuration, {"endpointConfigurationTypes": value["Type"]}
    return {"Types": [value]}, {"endpointConfigurationTypes": value}


def build(api_id: str, body, properties: dict, attributes: dict, passthrough: dict, partition: str,
          in_s3: bool = False, function_names: str = "") -> dict:
    """RestApi, Deployment and Stage; `attributes` go on the RestApi, `passthrough` on the other two.

    `body` is the OpenAPI body, or with `in_s3` the BodyS3Location (which SAM hashes instead).
    """
    open_api_version = properties.get("OpenApiVersion")
    digest = deployment_hash(body, open_api_version, function_names)
    deployment_logical_id = deployment_id(api_id, digest)
    tags = tag_list(properties["Tags"]) if properties.get("Tags") is not None else None
    rest_api: dict = {"BodyS3Location" if in_s3 else "Body": plain(body)}
    for key in REST_API_IF_GIVEN:
        if properties.get(key) is not None:
            rest_api[key] = properties[key]
    configuration, parameters = endpoint_configuration(properties.get("EndpointConfiguration"), partition)
    if configuration:
        rest_api["EndpointConfiguration"] = configuration
        rest_api["Parameters"] = parameters
    for source, target in REST_API_IF_SET:
        if properties.get(source):
            rest_api[target] = properties[source]
    propagate = properties.get("PropagateTags") is True and bool(properties.get("Tags"))
    if propagate:
        rest_api["Tags"] = tags
    deployment: dict = {"Description": tables.DEPLOYMENT_DESCRIPTION.format(digest=digest), "RestApiId": ref(api_id)}
    if not open_api_version:
        deployment["StageName"] = tables.DEPLOYMENT_STAGE_NAME
    stage: dict = {"DeploymentId": ref(deployment_logical_id), "RestApiId": ref(api_id),
                   "StageName": properties["StageName"]}
    for key in STAGE_IF_GIVEN:
        if properties.get(key) is not None:
            stage[key] = properties[key]
    if tags is not None:
        stage["Tags"] = tags
    return {
        api_id: {"Type": "AWS::ApiGateway::RestApi", **attributes, "Properties": rest_api},
        deployment_logical_id: {"Type": "AWS::ApiGateway::Deployment", **passthrough, "Properties": deployment},
        stage_id(api_id, properties["StageName"]): {"Type": "AWS::ApiGateway::Stage", **passthrough,
                                                    "Properties": stage},
    }
