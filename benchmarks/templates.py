"""Deterministic benchmark templates: N realistic state machines, written as YAML text.

Each state machine has an inline definition of 15 to 30 states (tasks, choices, a
parallel and a map state, waits) with intrinsics, a role from managed policies and
policy templates, logging, tracing, tags, AutoPublishAlias, a LINEAR or CANARY
deployment preference with its own alarm, and two events (a schedule and an
EventBridge rule). Nothing is random: state machine i always looks the same.
"""

from __future__ import annotations

SHARED = """\
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/worker"
      Code:
        ZipFile: "def handler(event, context): return event"
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
  Outbox:
    Type: AWS::SQS::Queue
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /aws/vendedlogs/states/benchmark
      RetentionInDays: 7
"""

HEADER = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: samtransform benchmark, {count} state machines
Parameters:
  Stage:
    Type: String
    Default: prod
Resources:
"""


def _task(name: str, following: str, index: int) -> str:
    return f"""\
          {name}:
            Type: Task
            Resource: !GetAtt Worker.Arn
            Parameters:
              "orderId.$": "$.orderId"
              Table: !Ref Orders
              Stage: !Ref Stage
              Step: {index}
            ResultPath: "$.{name.lower()}"
            Retry:
              - ErrorEquals: [States.TaskFailed, Lambda.ServiceException]
                IntervalSeconds: 2
                MaxAttempts: 3
                BackoffRate: 2.0
            Catch:
              - ErrorEquals: [States.ALL]
                Next: Failed
            Next: {following}
"""


def _definition(machine: int) -> str:
    tasks = 10 + machine % 16  # 15 to 30 states in all
    names = [f"Step{index}" for index in range(tasks)]
    states = []
    for index, name in enumerate(names):
        following = names[index + 1] if index + 1 < tasks else "Route"
        states.append(_task(name, following, index))
    states.append("""\
          Route:
            Type: Choice
            Choices:
              - Variable: "$.priority"
                StringEquals: high
                Next: FanOut
              - Variable: "$.items"
                IsPresent: true
                Next: EachItem
            Default: Pause
          Pause:
            Type: Wait
            Seconds: 30
            Next: FanOut
          FanOut:
            Type: Parallel
            Branches:
              - StartAt: Notify
                States:
                  Notify:
                    Type: Task
                    Resource: arn:aws:states:::sqs:sendMessage
                    Parameters:
                      QueueUrl: !Ref Outbox
                      "MessageBody.$": "$"
                    End: true
              - StartAt: Audit
                States:
                  Audit:
                    Type: Pass
                    Result: {audited: true}
                    End: true
            Next: EachItem
          EachItem:
            Type: Map
            ItemsPath: "$.items"
            MaxConcurrency: 5
            ItemProcessor:
              ProcessorConfig: {Mode: INLINE}
              StartAt: Record
              States:
                Record:
                  Type: Task
                  Resource: arn:aws:states:::dynamodb:putItem
                  Parameters:
                    TableName: !Ref Orders
                    Item:
                      id: {"S.$": "$.id"}
                  End: true
            Next: Done
          Done:
            Type: Succeed
          Failed:
            Type: Fail
            Error: OrderFailed
            Cause: !Sub "An order failed in ${AWS::StackName}"
""")
    return f"""\
      Definition:
        Comment: !Sub "Order pipeline {machine} for ${{Stage}}"
        StartAt: Step0
        TimeoutSeconds: 3600
        States:
{"".join(states)}"""


def _state_machine(machine: int, events: bool) -> str:
    kind = "LINEAR" if machine % 2 == 0 else "CANARY"
    event_block = f"""\
      Events:
        Nightly:
          Type: Schedule
          Properties:
            Schedule: cron(0 {machine % 24} * * ? *)
            Input: '{{"mode": "nightly"}}'
        OrderPlaced:
          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [orders]
              detail-type: [OrderPlaced]
""" if events else ""
    return f"""\
  Machine{machine}:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: !Sub "${{AWS::StackName}}-machine-{machine}"
      Type: STANDARD
      AutoPublishAlias: live
      DeploymentPreference:
        Type: {kind}
        Percentage: 20
        Interval: 5
        Alarms:
          - !Ref Machine{machine}Failures
      Tracing:
        Enabled: true
      Logging:
        Level: ERROR
        IncludeExecutionData: false
        Destinations:
          - CloudWatchLogsLogGroup:
              LogGroupArn: !GetAtt Logs.Arn
      Tags:
        team: orders
        machine: "{machine}"
      Policies:
        - CloudWatchLogsFullAccess
        - LambdaInvokePolicy:
            FunctionName: !Ref Worker
        - DynamoDBCrudPolicy:
            TableName: !Ref Orders
        - SQSSendMessagePolicy:
            QueueName: !GetAtt Outbox.QueueName
{event_block}{_definition(machine)}\
  Machine{machine}Failures:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/States
      MetricName: ExecutionsFailed
      Dimensions:
        - Name: StateMachineArn
          Value: !Ref Machine{machine}
        - Name: Alias
          Value: live
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      TreatMissingData: notBreaching
"""


def template_text(count: int, events: bool = True) -> str:
    machines = "".join(_state_machine(machine, events) for machine in range(count))
    return HEADER.format(count=count) + SHARED + machines


def api_events_text(count: int) -> str:
    """One state machine started by `count` Api events, each its own path on the implicit REST API."""
    events = "".join(f"""\
        Get{event}:
          Type: Api
          Properties:
            Path: /orders/{event}
            Method: {("get", "post", "put", "delete")[event % 4]}
""" for event in range(count))
    return HEADER.format(count=1) + f"""\
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      AutoPublishAlias: live
      Role: !Sub "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/machine"
      Events:
{events}      Definition:
        StartAt: Done
        States:
          Done:
            Type: Succeed
"""
