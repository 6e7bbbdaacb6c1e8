"""A small command-line parser for samtransform's subcommands.

Not argparse: importing argparse and building its parsers cost about a tenth of a run on
a small template (it asks the terminal for its width at every option). This does what
the commands need: subcommands, positionals, `--flag`, `--option value`,
`--option=value`, options taking several values (up to the next option), `--` and `-`
(standard input), and generated help.
"""

from __future__ import annotations


class UsageError(Exception):
    """Bad command-line arguments; the CLI prints it and exits 2."""


class Option:
    def __init__(self, *names: str, dest: str, help: str, value: str | None = None,  # noqa: A002
                 choices: tuple = (), default=None, several: bool = False):
        self.names, self.dest, self.help = names, dest, help
        self.value = value  # metavar, or None for a flag
        self.choices, self.default, self.several = choices, default, several


class Positional:
    def __init__(self, dest: str, help: str, several: bool = False):  # noqa: A002
        self.dest, self.help, self.several = dest, help, several


class Command:
    def __init__(self, name: str, help: str, positionals: list, options: list):  # noqa: A002
        self.name, self.help, self.positionals, self.options = name, help, positionals, options
        self._by_name = {name: option for option in options for name in option.names}

    def usage(self, program: str) -> str:
        lines = [f"usage: {program} {self.name} "
                 + " ".join(f"[{p.dest.upper()}{' ...' if p.several else ''}]" for p in self.positionals)
                 + " [options]", "", self.help, "", "options:"]
        for option in self.options:
            names = ", ".join(option.names) + (f" {option.value}" if option.value else "")
            lines.append(f"  {names:<38} {option.help}")
        return "\n".join(lines) + "\n"

    def parse(self, arguments: list[str]) -> dict:
        values = {option.dest: ([] if option.several else option.default) for option in self.options}
        positionals: list[str] = []
        index = 0
        while index < len(arguments):
            argument = arguments[index]
            index += 1
            if argument == "--":
                positionals.extend(arguments[index:])
                break
            if argument.startswith("-") and argument != "-":
                index = self._option(argument, arguments, index, values)
            else:
                positionals.append(argument)
        self._positionals(positionals, values)
        return values

    def _option(self, argument: str, arguments: list[str], index: int, values: dict) -> int:
        name, attached = (argument.split("=", 1) + [None])[:2] if argument.startswith("--") else (argument, None)
        option = self._by_name.get(name)
        if option is None:
            raise UsageError(f"unrecognized argument {argument!r} for {self.name}")
        if option.value is None:
            if attached is not None:
                raise UsageError(f"{name} takes no value")
            values[option.dest] = True
            return index
        taken = [attached] if attached is not None else []
        while index < len(arguments) and (not taken or option.several) and not _is_option(arguments[index]):
            taken.append(arguments[index])
            index += 1
        if not taken:
            raise UsageError(f"{name} needs a value ({option.value})")
        for value in taken:
            if option.choices and value not in option.choices:
                raise UsageError(f"{name}: {value!r} is not one of {', '.join(option.choices)}")
        if option.several:
            values[option.dest].extend(taken)
        else:
            values[option.dest] = taken[0]
        return index

    def _positionals(self, given: list[str], values: dict) -> None:
        for positional in self.positionals:
            if positional.several:
                values[positional.dest] = given
                given = []
            else:
                values[positional.dest] = given.pop(0) if given else None
        if given:
            raise UsageError(f"unexpected argument {given[0]!r} for {self.name}")


def _is_option(argument: str) -> bool:
    return argument.startswith("-") and argument != "-"
