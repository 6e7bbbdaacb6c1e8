"""A REST API's CloudFormation: `AWS::ApiGateway::RestApi`, a Deployment named by its body's hash, a Stage.

Rules, as AWS SAM applies them:
- the Deployment is `<Api>Deployment<h>`, where h is the first 10 characters of the
  SHA-1 of the body's Python 2.7 text (py27_dict.render), so a changed body makes a new
  Deployment and CloudFormation deploys it; its Description carries all 40 characters
  and its `StageName` is `Stage`;
- the Stage is `<Api><StageName>Stage`, pointing at that Deployment;
- in partitions without EDGE endpoints (aws-cn, aws-us-gov, aws-iso*, aws-eusc) the
  RestApi is REGIONAL: `EndpointConfiguration: {Types: [REGIONAL]}` and
  `Parameters: {endpointConfigurationTypes: REGIONAL}`;
- the API's Condition, DeletionPolicy and UpdateReplacePolicy go on all three; its
  tags go on the RestApi and the Stage.
"""

from __future__ import annotations

import hashlib

from ...intrinsics import ref
from ...py27_dict import plain, render
from . import tables


def deployment_hash(body) -> str:
    """The 40-character SHA-1 SAM takes over the body's Python 2.7 text."""
    return hashlib.sha1(render(body).encode("utf-8")).hexdigest()


def has_edge_endpoints(partition: str) -> bool:
    return not (partition in tables.NO_EDGE_PARTITIONS or partition.startswith(tables.NO_EDGE_PARTITION_PREFIX))


def build(api_id: str, body, stage_name: str, attributes: dict, tags: list | None, partition: str) -> dict:
    digest = deployment_hash(body)
    deployment_id = f"{api_id}Deployment{digest[:tables.HASH_LENGTH]}"
    properties: dict = {"Body": plain(body)}
    if not has_edge_endpoints(partition):
        properties["EndpointConfiguration"] = {"Types": ["REGIONAL"]}
        properties["Parameters"] = {"endpointConfigurationTypes": "REGIONAL"}
    if tags:
        properties["Tags"] = tags
    stage = {"DeploymentId": ref(deployment_id), "RestApiId": ref(api_id), "StageName": stage_name}
    if tags:
        stage["Tags"] = tags
    return {
        api_id: {"Type": "AWS::ApiGateway::RestApi", **attributes, "Properties": properties},
        deployment_id: {"Type": "AWS::ApiGateway::Deployment", **attributes, "Properties": {
            "Description": tables.DEPLOYMENT_DESCRIPTION.format(digest=digest),
            "RestApiId": ref(api_id),
            "StageName": tables.DEPLOYMENT_STAGE_NAME,
        }},
        f"{api_id}{stage_name}Stage": {"Type": "AWS::ApiGateway::Stage", **attributes, "Properties": stage},
    }
