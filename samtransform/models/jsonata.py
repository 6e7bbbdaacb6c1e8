"""JSONata expressions as the Amazon States Language writes them: `"{% ... %}"` strings.

In a state whose query language is JSONata, a string that starts with "{%" and ends with
"%}" is a JSONata expression (the specification, https://states-language.net/spec.html#expressions);
any other string is a literal. The expression must parse as JSONata (https://docs.jsonata.org/),
and Step Functions provides no input document: an expression "MUST NOT reference $ or
unqualified field names at the top level" and "MUST NOT reference $$" (#jsonata-restrictions);
the state's input is `$states.input`.

Expressions are parsed, never evaluated, by jsonata-python (https://pypi.org/project/jsonata-python/,
Apache-2.0, a port of the JSONata reference implementation that passes its test suite).

- `string_problem(value)`: why a string of a JSONata state is a broken expression;
- `literal_problem(value)`: a literal that looks meant as an expression ("Order {% $id %}":
  the text is sent as written);
- `expression_problem(expression)`: why the text between the delimiters is not a JSONata
  expression Step Functions can evaluate.
"""

from __future__ import annotations

OPEN, CLOSE = "{%", "%}"
_LITERALS = frozenset({"true", "false", "null"})  # no step of a path: `$x.true` does not parse

_INPUT_HINT = "which Step Functions does not provide; use $states.input"


def is_expression(value) -> bool:
    """A JSONata string: `{% ... %}`, the delimiters first and last."""
    return isinstance(value, str) and len(value) >= 4 and value.startswith(OPEN) and value.endswith(CLOSE)


def string_problem(value: str) -> str | None:
    """Why a string of a JSONata state is a broken expression, or None (also for a literal)."""
    return expression_problem(value[2:-2]) if is_expression(value) else None


def literal_problem(value: str) -> str | None:
    """Text with `{%` and `%}` that is not an expression, so a literal sent as written: most
    likely meant as one ("Order {% $id %} shipped"), or None."""
    if is_expression(value):
        return None
    start = value.find(OPEN)
    if start != -1 and value.find(CLOSE, start + 2) != -1:
        return (f"{value!r} is not a JSONata expression, so Step Functions sends it as written: an expression "
                "is a whole string that starts with {% and ends with %}")
    return None


def expression_problem(expression: str) -> str | None:
    """Why `expression` (the text between `{%` and `%}`) is not a JSONata expression that
    Step Functions can evaluate, or None."""
    if _plain(expression):
        return None
    if expression not in _KNOWN:  # a template's definitions repeat the same expressions
        _KNOWN[expression] = _parse_problem(expression)
    return _KNOWN[expression]


_KNOWN: dict = {}


def _parse_problem(expression: str) -> str | None:
    # Imported here: jsonata-python costs about 24 ms to import (measured after samtransform's
    # own modules, median of 7 runs), and only definitions with JSONata pay for it.
    from jsonata import JException
    from jsonata.parser import Parser

    try:
        tree = Parser().parse(expression)
    except JException as failure:
        return f"the JSONata expression {expression.strip()!r} does not parse: {_reason(failure)}"
    except Exception:  # noqa: BLE001 - a fault of the parser (deep nesting): the expression is not judged
        return None
    return _restriction(tree)


def _plain(expression: str) -> bool:
    """`$states.input.order.id` and its kind, most expressions: variables and names that parse
    whatever follows, recognised without the parser."""
    names = expression.strip().split(".")
    if not names[0].startswith("$"):
        return False
    names[0] = names[0][1:]
    return all(name and (name[0].isascii() and (name[0].isalpha() or name[0] == "_"))
               and name.isascii() and name.replace("_", "a").isalnum() and name not in _LITERALS for name in names)


def _reason(failure) -> str:
    if failure.error == "S0213":  # the port words JSON literals as Python's True, False, None
        literal = {True: "true", False: "false", None: "null"}.get(failure.current, failure.current)
        return f"the literal value {literal} cannot be used as a step within a path expression"
    return str(failure)


# Nodes whose operands are evaluated where the node is (at the top level, if it is there).
_OPERANDS = {"binary": ("lhs", "rhs"), "condition": ("condition", "then", "_else"), "function": ("arguments",),
             "partial": ("arguments",), "block": ("expressions",), "bind": ("rhs",), "apply": ("lhs", "rhs")}


def _restriction(tree) -> str | None:
    if _uses_context(tree):
        return f"$$ in a JSONata expression is the input document, {_INPUT_HINT}"
    return _top_level_input(tree)


def _top_level_input(node) -> str | None:
    """A reference to the input document at the top level: `$`, `$.total` or `total`."""
    kind = getattr(node, "type", None)
    if kind == "variable" and node.value == "":
        return f"$ at the top level of a JSONata expression is the input document, {_INPUT_HINT}"
    if kind == "path" and node.steps:
        first = node.steps[0]
        if first.type == "name":
            return (f"{first.value!r} at the top level of a JSONata expression is a field of the input document, "
                    f"{_INPUT_HINT}.{first.value}")
        return _top_level_input(first)
    if kind == "unary" and node.value == "-":
        return _top_level_input(node.expression)
    if kind == "unary" and node.value == "[":
        return _first(_top_level_input(each) for each in node.expressions or ())
    if kind == "unary" and node.value == "{":
        return _first(_top_level_input(value) for _, value in node.lhs_object or ())
    for name in _OPERANDS.get(kind, ()):
        operand = getattr(node, name, None)
        children = operand if isinstance(operand, list) else (operand,)
        found = _first(_top_level_input(child) for child in children if child is not None)
        if found:
            return found
    return None


def _first(problems) -> str | None:
    return next((problem for problem in problems if problem), None)


def _uses_context(node) -> bool:
    """`$$` anywhere in the expression."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif hasattr(item, "type") and id(item) not in seen:
            seen.add(id(item))
            if item.type == "variable" and item.value == "$":
                return True
            stack.extend(value for value in vars(item).values() if isinstance(value, (list, tuple))
                         or hasattr(value, "type"))
    return False
