"""Every file samtransform reads is read here: within a byte limit, never hung, and remembered.

Rules:
- a file is read to at most its limit (samtransform.core.limits), counted while reading: the size
  the file system reports is 0 for /dev/zero and the like; one byte more is an error that
  names the limit;
- templates, definition files, parameters files and config files must be regular files: a
  named pipe, a device, a socket or a folder is refused. Files are opened with O_NONBLOCK,
  so opening a named pipe never waits for a writer. Standard input (`-`) may be a pipe;
- each file read is recorded, by device and inode with the part it plays, in every `Reads`
  being recorded (the command line records one per run), so that `-o` can refuse to
  overwrite anything the run read (output_file.py); standard input is recorded too when
  it is a file (`samtransform expand - < t.yaml -o t.yaml`).
"""

from __future__ import annotations

import os
import stat
import sys

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20
_recorders: list = []


class ReadError(Exception):
    """A file that cannot be read: `reason` says why, without the file's name (the caller adds it)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Reads:
    """The files a run reads, as (device, inode) -> (the part each plays, the name it was read by).

        with Reads() as reads:
            ...  # every file read_file opens meanwhile is in reads.files
    """

    def __init__(self):
        self.files: dict[tuple[int, int], tuple[str, str]] = {}

    def __enter__(self) -> Reads:
        _recorders.append(self)
        return self

    def __exit__(self, *exception) -> None:
        _recorders.remove(self)

    def part_of(self, info: os.stat_result) -> tuple[str, str] | None:
        """The part the file `info` describes played in this run, and its name; None if it was not read."""
        return self.files.get((info.st_dev, info.st_ino))


def _record(info: os.stat_result, part: str, name: str) -> None:
    for recorder in _recorders:
        recorder.files.setdefault((info.st_dev, info.st_ino), (part, name))


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_file(path: str | os.PathLike, limit: int, part: str) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Raises FileNotFoundError and other OSErrors as the system does, and ReadError for a file
    that is not a regular file or is larger than `limit`. `part` names what the file is to this
    run ("the template", "a definition file", ...), for `Reads`.
    """
    name = os.fspath(path)
    if "\0" in name:
        raise ReadError("names no file: a file name cannot hold a NUL character")
    descriptor = os.open(name, _OPEN_FLAGS)
    try:
        info = os.fstat(descriptor)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise ReadError(f"is {kind}, not a file" if kind != "not a regular file" else "is not a regular file")
        _record(info, part, name)
        return _read_at_most(descriptor, limit, info.st_size)
    finally:
        os.close(descriptor)


def read_stdin(limit: int, part: str) -> bytes:
    """Standard input, at most `limit` bytes; recorded as the file it is, when it is one."""
    stream = sys.stdin
    if stream is None:
        raise ReadError("standard input is closed")
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # no descriptor (a test's stand-in): nothing to record
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        _record(info, part, "<stdin>")
    reader = getattr(stream, "buffer", stream)
    data = reader.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        raise ReadError(_too_large(limit))
    return data


def _read_at_most(descriptor: int, limit: int, reported: int) -> bytes:
    # The reported size is only a hint for the first read (one allocation for a regular
    # file); what counts is what is read.
    chunks, total = [], 0
    want = min(max(reported, 0) + 1, limit + 1)
    while True:
        chunk = os.read(descriptor, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise ReadError(_too_large(limit))
        want = min(_CHUNK, limit + 1 - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(limit: int) -> str:
    return f"is larger than {limit:,} bytes, the most samtransform reads for it"
