"""REST APIs that start state machines: the implicit `ServerlessRestApi` and explicit `AWS::Serverless::Api`s.

- `rest_apis.py`: the APIs that state machines' Api events feed, built in AWS SAM's order;
- `definition_body.py`: the OpenAPI body and its methods, edited in SAM's order so its
  deployment hash matches (py27_dict.py); `conditions.py`: Fn::If around paths and methods;
- `explicit_api.py`, `globals_api.py`: an explicit API's settings, and Globals.Api;
- `cors.py`, `gateway_responses.py`, `body_settings.py`: settings SAM writes into the body;
- `rest_api.py`: the RestApi, its hashed Deployment and its Stage;
- `tables.py`: the fixed texts SAM writes.
The event itself (its role, its route, its Auth) is `expansion/events/api.py`.
"""
