"""expansion/events: what every event shares: targets, errors across events, and generated IDs."""

from samtransform.expansion.events import build, iter_errors, start_target

ATTRIBUTES = {"Condition": "IsProd", "DeletionPolicy": "Delete"}
OWNERS = {"M": "the state machine itself", "MRole": "the state machine's role"}


def _events(**events):
    return {"Events": events}


def _schedule(**properties):
    return {"Type": "Schedule", "Properties": {"Schedule": "rate(1 hour)", **properties}}


def _messages(properties, owners=OWNERS):
    return [error.message for error in iter_errors(("P",), "M", properties, owners)]


def test_events_target_the_state_machine_without_use_alias_as_event_target():
    target = start_target("M", {"AutoPublishAlias": "live"}, "live", {}, None)
    assert (target.arn, target.alias_name) == ({"Ref": "M"}, None)


def test_use_alias_as_event_target_targets_the_alias_and_keeps_the_users_alias_name():
    properties = {"AutoPublishAlias": {"Ref": "AliasName"}, "UseAliasAsEventTarget": True}
    target = start_target("M", properties, "green", {}, None)
    assert (target.arn, target.alias_name) == ({"Ref": "MAliasgreen"}, {"Ref": "AliasName"})


def test_an_api_event_generates_its_role_beside_the_other_events():
    messages = _messages(_events(Orders={"Type": "Api", "Properties": {"Path": "/", "Method": "get"}},
                                 OrdersRole=_schedule()))
    assert messages == ["event 'OrdersRole' and event 'Orders' would both generate a resource with id "
                        "[MOrdersRole]; rename one of them"]
    target = start_target("M", {}, None, ATTRIBUTES, None)
    resources = build("M", _events(Orders={"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}), target)
    assert list(resources) == ["MOrdersRole"]
    role = resources["MOrdersRole"]
    assert role["Condition"] == "IsProd"
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": ["apigateway.amazonaws.com"]}


def test_a_generated_id_the_state_machine_already_generates_is_an_error():
    assert _messages(_events(Role=_schedule())) == [
        "event 'Role' and the state machine's role would both generate a resource with id [MRole]; rename one of them"]


def test_a_generated_id_another_event_generates_is_an_error():
    messages = _messages(_events(A=_schedule(), ARole=_schedule()))
    assert messages == ["event 'ARole' and event 'A' would both generate a resource with id [MARole]; "
                        "rename one of them"]


def test_events_naming_the_same_queue_share_it_as_in_sam():
    dead_letter = {"DeadLetterConfig": {"Type": "SQS", "QueueLogicalId": "Failures"}}
    assert _messages(_events(A=_schedule(**dead_letter), B=_schedule(**dead_letter))) == []


def test_a_queue_named_after_the_state_machine_is_an_error():
    messages = _messages(_events(A=_schedule(DeadLetterConfig={"Type": "SQS", "QueueLogicalId": "M"})))
    assert messages == ["event 'A' and the state machine itself would both generate a resource with id [M]; "
                        "rename one of them"]


def test_an_over_long_generated_id_is_an_error():
    assert "longer than CloudFormation's 255 characters" in _messages(_events(**{"E" * 251: _schedule()}))[0]


def test_no_events_generate_nothing():
    target = start_target("M", {}, None, {}, None)
    assert _messages({}) == [] and build("M", {}, target) == {}
    assert build("M", {"Events": {}}, target) == {}


def test_event_resources_carry_the_state_machines_attributes_and_propagated_tags():
    tags = [{"Key": "team", "Value": "a"}]
    properties = _events(A=_schedule(DeadLetterConfig={"Type": "SQS"}))
    generated = build("M", properties, start_target("M", properties, None, ATTRIBUTES, tags))
    assert list(generated) == ["MA", "MARole", "MAQueue", "MAQueuePolicy"]
    assert all(resource["Condition"] == "IsProd" and resource["DeletionPolicy"] == "Delete"
               for resource in generated.values())
    assert generated["MARole"]["Properties"]["Tags"] == generated["MAQueue"]["Properties"]["Tags"] == tags
    assert "Tags" not in generated["MA"]["Properties"]


def test_build_does_not_modify_its_input():
    properties = _events(A=_schedule(Target={"Id": "t"}, RetryPolicy={"MaximumRetryAttempts": 1}))
    before = repr(properties)
    build("M", properties, start_target("M", properties, None, {}, None))
    assert repr(properties) == before


def test_generated_names_every_resource_events_make():
    from samtransform.core.logical_ids import generated

    def generated_ids(logical_id, properties):
        return [made.logical_id for made in generated(logical_id, {"Role": "arn", **properties}, None)][1:]

    properties = {"Events": {
        "Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "DeadLetterConfig": {"Type": "SQS"}}},
        "Given": {"Type": "ScheduleV2", "Properties": {"ScheduleExpression": "rate(1 day)", "RoleArn": "arn"}},
        "Broken": {"Type": "Schedule", "Properties": "not a mapping"},
        "Odd": {"Type": ["Schedule"], "Properties": {}},
        "OddQueue": {"Type": "Schedule", "Properties": {"DeadLetterConfig": {"Type": "SQS", "QueueLogicalId": ["x"]}}},
    }}
    assert generated_ids("M", properties) == [
        "MNightly", "MNightlyRole", "MNightlyQueuePolicy", "MNightlyQueue", "MGiven", "MBroken", "MBrokenRole",
        "MOdd", "MOddRole", "MOddQueue", "MOddQueueRole", "MOddQueueQueuePolicy"]
    assert generated_ids("M", {}) == []
