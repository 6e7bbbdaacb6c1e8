"""REST APIs that start state machines: the implicit `ServerlessRestApi` and explicit `AWS::Serverless::Api`s,
with the methods of the functions that share them (docs/rest-apis.md).

- `rest_apis.py`: the APIs that state machines' Api events feed, built in AWS SAM's order;
  `validation.py`: what is wrong with them, checked in four phases before any is built;
- `definition_body.py`: the OpenAPI body and its methods, edited in SAM's order so its
  deployment hash matches (py27_dict.py); `conditions.py`: Fn::If around paths and methods;
- `explicit_api.py`, `globals_api.py`: an explicit API's settings, and Globals.Api;
- `cors.py`, `gateway_responses.py`, `body_settings.py`: settings SAM writes into the body;
- `auth.py`, `authorizers.py`, `resource_policy.py`, `usage_plan.py`: Auth and its parts;
- `references.py`: `!Ref <Api>.Stage` and the like, resolved in the output;
- `rest_api.py`: the RestApi, its hashed Deployment and its Stage;
- `tables.py`: the fixed texts SAM writes.
The event itself (its role, its route, its Auth) is `features/events/api.py`; a function's
event (its method and its Lambda permission) `features/events/function_api.py`.
"""
