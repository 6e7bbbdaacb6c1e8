"""expansion/globals_section.py: Globals.StateMachine."""

from samtransform.expansion.globals_section import apply, state_machine_globals

RESOURCE = {"Type": "AWS::Serverless::StateMachine", "Properties": {"Definition": {"a": 1}}}


def test_no_globals_is_a_noop():
    assert state_machine_globals({"Resources": {}}) == ({}, [])
    assert apply("M", RESOURCE, {}) == (RESOURCE, [])


def test_global_value_merges_and_local_wins():
    merged, _ = apply("M", RESOURCE, {"PropagateTags": True})
    assert merged["Properties"]["PropagateTags"] is True
    local = {**RESOURCE, "Properties": {**RESOURCE["Properties"], "PropagateTags": False}}
    assert apply("M", local, {"PropagateTags": True})[0]["Properties"]["PropagateTags"] is False
    assert "PropagateTags" not in RESOURCE["Properties"]


def test_ignore_globals():
    ignored, _ = apply("M", {**RESOURCE, "IgnoreGlobals": "*"}, {"PropagateTags": True})
    assert "PropagateTags" not in ignored["Properties"]
    merged, _ = apply("M", {**RESOURCE, "IgnoreGlobals": ["PropagateTags"]}, {"PropagateTags": True})
    assert "PropagateTags" not in merged["Properties"]
    _, errors = apply("M", {**RESOURCE, "IgnoreGlobals": ["Tracing"]}, {"PropagateTags": True})
    assert errors[0].message == "Resource M has invalid resource attribute 'IgnoreGlobals' on item 'Tracing'."


def test_invalid_sections():
    assert state_machine_globals({"Globals": []})[1][0].message.endswith("It must be a non-empty dictionary")
    assert "'Tags' is not a supported property" in state_machine_globals(
        {"Globals": {"StateMachine": {"Tags": {}}}})[1][0].message
