"""expansion/events/schedule_v2.py: EventBridge Scheduler schedules."""

from samtransform.expansion.events import schedule_v2, start_target

TARGET = start_target("M", {"PermissionsBoundary": "arn:state-machine-boundary"}, None, {}, None)


def _build(**properties):
    return schedule_v2.build("ME", {"ScheduleExpression": "rate(1 hour)", **properties}, TARGET)


def _errors(**properties):
    return [error.message for error in schedule_v2.iter_errors(("P",), "ME", properties)]


def test_the_name_defaults_to_the_logical_id_and_omit_name_drops_it():
    assert _build()["ME"]["Properties"]["Name"] == "ME"
    assert _build(Name="n")["ME"]["Properties"]["Name"] == "n"
    assert "Name" not in _build(OmitName=True)["ME"]["Properties"]
    assert _build(OmitName=False)["ME"]["Properties"]["Name"] == "ME"


def test_an_empty_flexible_time_window_is_the_default_as_in_sam():
    assert _build()["ME"]["Properties"]["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert _build(FlexibleTimeWindow={})["ME"]["Properties"]["FlexibleTimeWindow"] == {"Mode": "OFF"}


def test_the_role_takes_the_events_boundary_not_the_state_machines():
    assert "PermissionsBoundary" not in _build()["MERole"]["Properties"]
    assert _build(PermissionsBoundary="arn:b")["MERole"]["Properties"]["PermissionsBoundary"] == "arn:b"


def test_a_dead_letter_queue_is_made_before_the_role_which_may_send_to_it():
    generated = _build(DeadLetterConfig={"Type": "SQS"})
    assert list(generated) == ["ME", "MEQueue", "MERole"]
    policies = generated["MERole"]["Properties"]["Policies"]
    assert [policy["PolicyName"] for policy in policies] == ["MEStartExecutionPolicy", "MESQSPolicy"]
    assert policies[1]["PolicyDocument"]["Statement"][0]["Resource"] == {"Fn::GetAtt": ["MEQueue", "Arn"]}
    given = _build(DeadLetterConfig={"Arn": "arn:q"})
    assert given["MERole"]["Properties"]["Policies"][1]["PolicyDocument"]["Statement"][0]["Resource"] == "arn:q"


def test_a_given_role_arn_generates_no_role():
    assert list(_build(RoleArn="arn:r")) == ["ME"]


def test_name_with_omit_name_is_an_error():
    assert _errors(OmitName=True, Name="n") == ["Name cannot be set when OmitName is True"]
    assert _errors(OmitName=False, Name="n") == []


def test_a_default_name_longer_than_a_schedule_name_may_be_is_an_error():
    long_id = "M" * 65
    assert list(schedule_v2.iter_errors(("P",), "M" * 64, {})) == []
    assert len(list(schedule_v2.iter_errors(("P",), long_id, {}))) == 1
    assert list(schedule_v2.iter_errors(("P",), long_id, {"OmitName": True})) == []
    assert list(schedule_v2.iter_errors(("P",), long_id, {"Name": "short"})) == []
