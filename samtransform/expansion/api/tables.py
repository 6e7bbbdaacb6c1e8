"""What AWS SAM writes into a REST API for a state machine: fixed texts and names, no logic."""

from ...core.logical_ids import IMPLICIT_API_ID

# The implicit API's ID is named with every other generated ID (logical_ids.py).
__all__ = ["IMPLICIT_API_ID"]

IMPLICIT_API_CONDITION = "ServerlessRestApiCondition"
IMPLICIT_STAGE_NAME = "Prod"
# SAM's implicit HTTP API, which its plugin adds and removes again: the table history counts.
IMPLICIT_HTTP_API_ID = "ServerlessHttpApi"
DEPLOYMENT_STAGE_NAME = "Stage"  # the extra stage a Deployment makes when OpenApiVersion is not set
API_PRINCIPAL = "apigateway.amazonaws.com"

SWAGGER_VERSION = "2.0"
INFO_VERSION = "1.0"
ANY_METHOD = "x-amazon-apigateway-any-method"
INTEGRATION_KEY = "x-amazon-apigateway-integration"
START_EXECUTION_URI = "arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution"
# (status code, the integration's statusCode, the method response's description)
RESPONSES = (("200", "OK"), ("400", "Bad Request"))

# The request template: the request body becomes the execution input. {arn} is a
# ${...} reference to the state machine or alias; the text is SAM's, byte for byte.
REQUEST_TEMPLATE = '{{"input": "$util.escapeJavaScript($input.json(\'$\'))", "stateMachineArn": "${{{arn}}}"}}'
# With UnescapeMappingTemplate: escapeJavaScript also escapes single quotes, which JSON
# does not allow; this variant turns them back (not valid JSON itself, so not json.dumps).
REQUEST_TEMPLATE_UNESCAPED = ('{{"input": "$util.escapeJavaScript($input.json(\'$\')).replaceAll("\\\\\'","\'")", '
                              '"stateMachineArn": "${{{arn}}}"}}')
DEPLOYMENT_DESCRIPTION = "RestApi deployment id: {digest}"

# Partitions where API Gateway has no EDGE endpoints, so SAM makes the API REGIONAL.
NO_EDGE_PARTITIONS = ("aws-cn", "aws-us-gov", "aws-eusc")
NO_EDGE_PARTITION_PREFIX = "aws-iso"

# Method security, for an event's Auth.
IAM_AUTHORIZER = "AWS_IAM"
IAM_SECURITY_DEFINITION = (("x-amazon-apigateway-authtype", "awsSigv4"), ("type", "apiKey"),
                           ("name", "Authorization"), ("in", "header"))
API_KEY = "api_key"
API_KEY_FALSE = "api_key_false"  # an event's ApiKeyRequired: false, against the API's default
API_KEY_SECURITY_DEFINITION = (("type", "apiKey"), ("name", "x-api-key"), ("in", "header"))

# A function's Api event (features/events/function_api.py).
STREAM_TRANSFER_MODE = "RESPONSE_STREAM"
VALIDATORS_KEY = "x-amazon-apigateway-request-validators"
VALIDATOR_KEY = "x-amazon-apigateway-request-validator"
# (ValidateBody, ValidateParameters) -> the request validator's name.
VALIDATOR_NAMES = {(True, True): "body-and-params", (True, False): "body-only", (False, True): "params-only",
                   (False, False): "no-validation"}
