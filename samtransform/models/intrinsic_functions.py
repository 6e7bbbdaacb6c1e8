"""Intrinsic functions of JSONPath states: `States.Format('Hello {}', $.name)`.

The call syntax is the specification's (https://states-language.net/spec.html#intrinsic-functions):
a name of letters, digits, "." and "_", then "(", arguments separated by commas, ")". An
argument is a string in apostrophes (where \\', \\{, \\} and \\\\ are the escapes), a number,
null, a Path, or another intrinsic function. The functions and how many arguments each
takes are Appendix B's (`INTRINSIC_FUNCTIONS`); `States.Format` needs one argument per "{}"
of its template, and `States.Hash` one of five algorithms. The developer guide allows at most
10 intrinsic functions in one field
(https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html).

`call_problems(text)` lists why `text` is not a well-formed call of known functions
([] when it is one).
"""

from __future__ import annotations

from collections import namedtuple

from .jsonpath import path_problem
from ..core.suggestions import did_you_mean
from .states_language_tables import HASH_ALGORITHMS, INTRINSIC_FUNCTIONS, INTRINSIC_FUNCTIONS_PER_FIELD

# No regular expressions: compiling them would cost `check` a millisecond at start-up.
_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._")
_NUMBER_CHARACTERS = frozenset("0123456789.eE+-")
_ESCAPABLE = "'{}\\"


def _placeholders(template: str) -> int:
    """The "{}" of a States.Format template, escaped ones ("\\{") left out."""
    count, index = 0, 0
    while index < len(template) - 1:
        if template[index] == "\\":
            index += 2
            continue
        if template.startswith("{}", index):
            count += 1
            index += 2
            continue
        index += 1
    return count


def _run(text: str, at: int, characters: frozenset) -> int:
    """The index after the characters of `characters` that start at `at`."""
    while at < len(text) and text[at] in characters:
        at += 1
    return at


def _number_end(text: str, at: int) -> int:
    """The index after the JSON-style number at `at`, or `at` when there is none."""
    end = _run(text, at, _NUMBER_CHARACTERS)
    try:
        float(text[at:end])
    except ValueError:
        return at
    return end


class Call(namedtuple("Call", "name arguments at")):
    """A call: its name, its arguments (Call, or ("string", text), ("number", text), ("null",),
    ("path", text)) and where it starts in the text."""

    __slots__ = ()


class _Invalid(Exception):
    pass


def call_problems(text: str) -> list[str]:
    """Why `text` is not a well-formed call of known intrinsic functions with the right
    arguments; [] when it is one."""
    if text not in _KNOWN:  # a template's definitions repeat the same calls: each is judged once
        _KNOWN[text] = tuple(_call_text_problems(text))
    return list(_KNOWN[text])


_KNOWN: dict = {}


def _call_text_problems(text: str) -> list[str]:
    try:
        call = _Parser(text).whole()
    except _Invalid as invalid:
        return [f"{text!r} is not an intrinsic function call: {invalid}"]
    problems: list[str] = []
    calls = list(_calls(call))
    if len(calls) > INTRINSIC_FUNCTIONS_PER_FIELD:
        problems.append(f"{len(calls)} intrinsic functions in one field; Step Functions allows at most "
                        f"{INTRINSIC_FUNCTIONS_PER_FIELD}")
    for each in calls:
        problems.extend(_call_problems(each))
    return problems


def _calls(call: Call):
    yield call
    for argument in call.arguments:
        if isinstance(argument, Call):
            yield from _calls(argument)


def _call_problems(call: Call) -> list[str]:
    if call.name not in INTRINSIC_FUNCTIONS:
        suggestion = _did_you_mean(call.name)
        hint = f"; did you mean {suggestion}?" if suggestion else ""
        return [f"{call.name} is not an intrinsic function{hint}"]
    fewest, most = INTRINSIC_FUNCTIONS[call.name]
    count = len(call.arguments)
    if count < fewest or (most is not None and count > most):
        return [f"{call.name} takes {_argument_count(fewest, most)}, not {count}"]
    if call.name == "States.Format" and call.arguments[0][0] == "string":
        wanted = _placeholders(call.arguments[0][1])
        if wanted != count - 1:
            follow = "1 value follows" if count == 2 else f"{count - 1} values follow"
            return [f"States.Format's template has {wanted} {{}} but {follow} it; there must be one value for "
                    "each {}"]
    if call.name == "States.Hash" and call.arguments[1][0] == "string" and call.arguments[1][1] not in HASH_ALGORITHMS:
        return [f"States.Hash has no algorithm {call.arguments[1][1]!r} (it has {', '.join(HASH_ALGORITHMS)})"]
    return []


def _did_you_mean(name: str) -> str | None:
    """The known function closest to `name`, told by what follows "States." (which all share)."""
    prefix = "States."
    short = name[len(prefix):] if name.lower().startswith(prefix.lower()) else name
    found = did_you_mean(short, [known[len(prefix):] for known in INTRINSIC_FUNCTIONS])
    return prefix + found if found else None


def _argument_count(fewest: int, most: int | None) -> str:
    def plural(number: int) -> str:
        return f"{number} argument{'' if number == 1 else 's'}"
    if most is None:
        return f"at least {plural(fewest)}"
    if fewest == most:
        return "no arguments" if most == 0 else plural(most)
    return f"{fewest} or {plural(most)}" if most == fewest + 1 else f"{fewest} to {plural(most)}"


class _Parser:
    def __init__(self, text: str):
        self.text, self.at = text, 0

    def whole(self) -> Call:
        self._space()
        call = self._call()
        self._space()
        if self.at != len(self.text):
            raise _Invalid(f"unexpected {self.text[self.at:]!r} after the call")
        return call

    def _space(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def _call(self) -> Call:
        start = self.at
        self.at = _run(self.text, start, _NAME_CHARACTERS)
        name = self.text[start:self.at]
        if not name:
            raise _Invalid(f"a function name is expected at character {self.at + 1}")
        if not self.text.startswith("(", self.at):
            raise _Invalid(f"'(' is expected after {name}")
        self.at += 1
        arguments: list = []
        self._space()
        if self.text.startswith(")", self.at):
            self.at += 1
            return Call(name, tuple(arguments), start)
        while True:
            self._space()
            arguments.append(self._argument())
            self._space()
            if self.text.startswith(",", self.at):
                self.at += 1
            elif self.text.startswith(")", self.at):
                self.at += 1
                return Call(name, tuple(arguments), start)
            elif self.at == len(self.text):
                raise _Invalid(f"the '(' of {name} is never closed")
            else:
                raise _Invalid(f"',' or ')' is expected at character {self.at + 1}")

    def _argument(self):
        text, at = self.text, self.at
        if at == len(text):
            raise _Invalid("an argument is expected at the end")
        char = text[at]
        if char == "'":
            return self._string()
        if char == "$":
            return self._path()
        if text.startswith("null", at) and _run(text, at + 4, _NAME_CHARACTERS) == at + 4:
            self.at += 4
            return ("null",)
        end = _number_end(text, at)
        if end > at and (end == len(text) or text[end] not in _NAME_CHARACTERS | {"("}):
            self.at = end
            return ("number", text[at:end])
        if char in _NAME_CHARACTERS:
            return self._call()
        raise _Invalid(f"{char!r} at character {at + 1} starts no argument (a 'string', a number, null, a path or "
                       "a function)")

    def _string(self):
        text, start = self.text, self.at
        index, value = start + 1, []
        while index < len(text):
            char = text[index]
            if char == "\\":
                if index + 1 == len(text) or text[index + 1] not in _ESCAPABLE:
                    escaped = text[index:index + 2]
                    raise _Invalid(f"{escaped!r} at character {index + 1} is not an escape: only \\', \\{{, \\}} and "
                                   "\\\\ are")
                value.append(text[index:index + 2])
                index += 2
                continue
            if char == "'":
                self.at = index + 1
                return ("string", "".join(value))
            value.append(char)
            index += 1
        raise _Invalid(f"the string at character {start + 1} is never closed")

    def _path(self):
        """A path runs to the next "," or ")" outside brackets, parentheses and quotes."""
        text, start, depth, index = self.text, self.at, 0, self.at
        while index < len(text):
            char = text[index]
            if char in "'\"":
                end = text.find(char, index + 1)
                index = len(text) if end == -1 else end
            elif char in "[(":
                depth += 1
            elif char in "])":
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0:
                break
            index += 1
        path = text[start:index].rstrip()
        self.at = start + len(path)
        problem = path_problem(path)
        if problem:
            raise _Invalid(f"{path!r} is not a path: {problem}")
        return ("path", path)
