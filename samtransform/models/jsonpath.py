"""JSONPath as the Amazon States Language uses it: Paths and Reference Paths.

A Path is a string beginning with "$", in the syntax of Jayway's JsonPath; "$$" starts a
path into the Context Object, and "$name" one into the variable `name` (the specification,
https://states-language.net/spec.html#path, and its State Machine Variables section). A
Reference Path "can only identify a single node": no "..", "*", ",", ":" or functions such
as length() (#ref-paths; "Paths",
https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html).
The two sources differ on filters: the specification forbids "?" and "@" in a Reference
Path, the developer guide shows `$.jar[?(@.a >= 5)]` as one; a filter is accepted where it
can select (ItemsPath, SecondsPath, ...), never where a result is written (ResultPath).
Object fields may be named with a dot (`$.store.book`, with "\\" escaping a character:
`$.foo\\@bar`) or in brackets (`$['store']`, `$.abc.['def ghi']`).

`path_problem` says why a string is not a Path or a Reference Path (None when it is one).
It recognises the syntax only; filters are checked for balance, not parsed.
"""

from __future__ import annotations

# No regular expressions: compiling them would cost `check` a millisecond at start-up.
_OPENERS = {"[": "]", "(": ")"}
# Characters that are operators in a Reference Path's dotted name unless escaped.
_REFERENCE_OPERATORS = "@,:?*()"


def _plain(text: str) -> bool:
    """`$` or `$.a.b-c`: most paths, recognised at once, without the scanner."""
    if text == "$":
        return True
    if not text.startswith("$."):
        return False
    for name in text[2:].split("."):
        if not (name and (name[0].isalpha() or name[0] == "_") and name.replace("_", "a").replace("-", "a").isalnum()):
            return False
    return True


def _integer(text: str) -> bool:
    text = text.strip()
    return text[1:].isdigit() if text.startswith("-") else text.isdigit()


def _integers(text: str) -> bool:
    return "," in text and all(_integer(part) for part in text.split(","))


def _slice(text: str) -> bool:
    parts = text.split(":")
    return 2 <= len(parts) <= 3 and all(not part.strip() or _integer(part) for part in parts)


class _Invalid(Exception):
    """Why the text is not a path; raised by the scanner, caught by path_problem."""


def path_problem(text: str, *, reference: bool = False, result: bool = False) -> str | None:
    """Why `text` is not a Path (a Reference Path when `reference`; the ResultPath kind of
    Reference Path, which writes and so takes no filter, context object or variable, when
    `result`), or None when it is one."""
    key = (text, reference, result)
    if key not in _KNOWN:
        if _plain(text):
            _KNOWN[key] = None
        else:
            try:
                _Scanner(text, reference or result, result).path()
                _KNOWN[key] = None
            except _Invalid as invalid:
                _KNOWN[key] = str(invalid)
    return _KNOWN[key]


# Each path's answer, worked out once: a template's definitions repeat the same paths (a dictionary
# lookup is cheaper than even `_plain`).
_KNOWN: dict = {}


class _Scanner:
    def __init__(self, text: str, reference: bool, result: bool):
        self.text, self.reference, self.result, self.at = text, reference, result, 0

    def path(self) -> None:
        text = self.text
        if not text.startswith("$"):
            raise _Invalid("a path starts with $")
        if text.startswith("$$"):
            if self.result:
                raise _Invalid("a result cannot be written into the context object ($$)")
            self.at = 2
        else:
            self.at = 1
            variable = self._identifier()
            if variable and self.result:
                raise _Invalid(f"a result cannot be written into the variable ${variable}; use Assign to set "
                               "variables")
        while self.at < len(text):
            self._segment()

    def _identifier(self) -> str:
        start = self.at
        while self.at < len(self.text) and (self.text[self.at].isalnum() or self.text[self.at] == "_"):
            if self.at == start and self.text[self.at].isdigit():
                break
            self.at += 1
        return self.text[start:self.at]

    def _segment(self) -> None:
        text, at = self.text, self.at
        if text.startswith("..", at):
            if self.reference:
                raise _Invalid("'..' selects every match below, but a reference path must identify a single node")
            self.at += 2
            if self.at == len(text):
                raise _Invalid("a path cannot end with '..'")
            self._after_dot()
        elif text[at] == ".":
            self.at += 1
            if self.at == len(text):
                raise _Invalid("a path cannot end with '.'")
            self._after_dot()
        elif text[at] == "[":
            self._bracket()
        else:
            raise _Invalid(f"unexpected {text[at]!r} at character {at + 1}: a step starts with '.' or '['")

    def _after_dot(self) -> None:
        char = self.text[self.at]
        if char == "[":
            self._bracket()
        elif char == "*":
            if self.reference:
                raise _Invalid("'*' selects every field, but a reference path must identify a single node")
            self.at += 1
        elif char == ".":
            raise _Invalid(f"empty name at character {self.at + 1}")
        else:
            self._name()

    def _name(self) -> None:
        text, start = self.text, self.at
        while self.at < len(text) and text[self.at] not in ".[":
            char = text[self.at]
            if char == "\\":
                if self.at + 1 == len(text):
                    raise _Invalid("a path cannot end with an escaping backslash")
                self.at += 2
                continue
            if char == "]":
                raise _Invalid(f"']' at character {self.at + 1} closes nothing that is open")
            if self.reference and char in _REFERENCE_OPERATORS:
                if char in "()":
                    raise _Invalid("functions such as length() are not allowed in a reference path")
                raise _Invalid(f"{char!r} (at character {self.at + 1}) is an operator, not allowed in a reference "
                               "path; escape it with a backslash if it is part of the name")
            if char == "(":  # a function, such as length() or concat('x', $.y)
                self.at = self._closing(self.at)
                if self.at < len(text):
                    raise _Invalid(f"a function call ends a path, but {text[self.at:]!r} follows it")
                return
            self.at += 1
        if self.at == start:
            raise _Invalid(f"empty name at character {start + 1}")

    def _closing(self, at: int) -> int:
        """The index after the bracket or parenthesis opened at `at`, quotes and nesting minded."""
        text, stack, index = self.text, [_OPENERS[self.text[at]]], at + 1
        while index < len(text):
            char = text[index]
            if char in "'\"":
                end = text.find(char, index + 1)
                while end != -1 and text[end - 1] == "\\":
                    end = text.find(char, end + 1)
                if end == -1:
                    raise _Invalid(f"the quote at character {index + 1} is never closed")
                index = end
            elif char in _OPENERS:
                stack.append(_OPENERS[char])
            elif char in ")]":
                if char != stack.pop():
                    raise _Invalid(f"{char!r} at character {index + 1} closes nothing that is open")
                if not stack:
                    return index + 1
            index += 1
        raise _Invalid(f"{text[at]!r} at character {at + 1} is never closed")

    def _bracket(self) -> None:
        start = self.at
        end = self._closing(start)
        self.at = end
        content = self.text[start + 1:end - 1].strip()
        if not content:
            raise _Invalid(f"empty brackets at character {start + 1}")
        if content.startswith("?"):
            self._filter(content, start)
        elif content == "*":
            if self.reference:
                raise _Invalid("[*] selects every element, but a reference path must identify a single node")
        elif content[0] in "'\"":
            self._quoted_names(content, start)
        elif _integer(content):
            return
        elif _integers(content) or _slice(content):
            if self.reference:
                raise _Invalid(f"[{content}] selects several elements, but a reference path must identify a single "
                               "node")
        elif content.startswith("(") and not self.reference:
            return  # a script expression, such as [(@.length-1)]
        else:
            raise _Invalid(f"[{content}] is not an index, a slice, a quoted name, * or a filter")

    def _filter(self, content: str, start: int) -> None:
        if self.result:
            raise _Invalid("a filter selects nodes, but ResultPath must name the single node to write")
        if not (content[1:].lstrip().startswith("(") and content.endswith(")")):
            raise _Invalid(f"a filter is written [?(...)], not [{content}]")

    def _quoted_names(self, content: str, start: int) -> None:
        names, index = 0, 0
        while index < len(content):
            quote = content[index]
            if quote not in "'\"":
                raise _Invalid(f"[{content}] is not an index, a slice, a quoted name, * or a filter")
            end = content.find(quote, index + 1)
            while end != -1 and content[end - 1] == "\\":
                end = content.find(quote, end + 1)
            names += 1
            index = end + 1
            rest = content[index:].lstrip()
            if not rest:
                break
            if not rest.startswith(","):
                raise _Invalid(f"[{content}] is not an index, a slice, a quoted name, * or a filter")
            index = len(content) - len(rest[1:].lstrip())
        if names > 1 and self.reference:
            raise _Invalid(f"[{content}] selects several fields, but a reference path must identify a single node")
