"""REST APIs that start state machines: the implicit `ServerlessRestApi` built from Api events.

- `tables.py`: the fixed texts SAM writes (integration, responses, templates, names);
- `definition_body.py`: the OpenAPI body, edited in AWS SAM's order so its deployment hash matches;
- `implicit_api.py`: `ServerlessRestApi`, gathered from every state machine's Api events;
- `rest_api.py`: the RestApi, its hashed Deployment and its Stage.
The event itself (its role, its route) is `features/events/api.py`.
"""
