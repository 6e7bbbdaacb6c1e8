"""Pure models of AWS: each checks plain values against AWS's own definition of them.

A model is a function that takes plain values (a string, a state's mapping) and yields
`(relative_path, message)` pairs, jsonschema-style: the path goes from the value it was
given to the fault, the message says what is wrong in the user's words. Models know
nothing of templates, files, lines or rule IDs; the rules layer (`samtransform.rules`)
turns their pairs into findings. A model imports only the standard library, declared
dependencies and the core modules (errors, context, intrinsics, ...), never an upper layer.

- `states_language`: one state's values (paths, JSONata, intrinsic functions, Choice rules,
  Map, Retry and Catch, Wait) and fields written at the wrong level of a definition; it
  calls the models below, each of which also stands alone;
- `definition_fields`: top-level fields written among the states;
  `jsonpath`, `jsonata`, `intrinsic_functions`, `choice_rules`, `timestamps`;
- `states_language_tables`: the facts they read.
"""
