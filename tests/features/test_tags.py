"""expansion/tags.py: Tags and PropagateTags."""

from samtransform.expansion.tags import propagated_tags, resource_tags

CREATED_BY = {"Key": "stateMachine:createdBy", "Value": "SAM"}


def test_created_by_comes_first():
    assert resource_tags({"Tags": {"b": "1", "a": "2"}}) == [
        CREATED_BY, {"Key": "b", "Value": "1"}, {"Key": "a", "Value": "2"}]
    assert resource_tags({}) == [CREATED_BY]


def test_propagate_tags_replaces_the_list_with_the_users_tags():
    properties = {"Tags": {"a": "1"}, "PropagateTags": True}
    assert resource_tags(properties) == propagated_tags(properties) == [{"Key": "a", "Value": "1"}]


def test_propagate_tags_without_tags_changes_nothing():
    assert resource_tags({"PropagateTags": True}) == [CREATED_BY]
    assert propagated_tags({"PropagateTags": True}) is None
