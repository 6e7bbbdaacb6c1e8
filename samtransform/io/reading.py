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
  it is a file (`samtransform expand - < t.yaml -o t.yaml`);
- what a command prints is read here too (`read_command`: git, asked for a file at a
  revision): within a byte limit for its output and one for its errors, within a timeout,
  without a shell; a command that prints more or runs longer is killed, and no command
  outlives the call that started it.
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
        raise ReadError(too_large(limit))
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
            raise ReadError(too_large(limit))
        want = min(_CHUNK, limit + 1 - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def too_large(limit: int) -> str:
    """Why a file larger than `limit` bytes is not read, without the file's name."""
    return f"is larger than {limit:,} bytes, the most samtransform reads for it"



def read_command(argv: list[str], folder: str, limit: int, message_limit: int, timeout: float,
                 stdin: bytes = b"", env: dict | None = None) -> tuple[int, bytes, bytes]:
    """Run `argv` (a program and its arguments, no shell) in `folder` with `stdin` as its input:
    its exit status, its standard output (at most `limit` bytes) and its standard error (at
    most `message_limit`).

    Raises OSError when it cannot be started (FileNotFoundError: no such program), and
    ReadError when it prints more than that or is not done within `timeout` seconds. Either
    way it is killed, as it is on every other way out (Ctrl-C included), and waited for.
    """
    # Only a git revision runs a command; subprocess (with the threading it imports) costs
    # about 10 ms to import, which every other run is spared.
    import subprocess
    import threading
    import time

    deadline = time.monotonic() + timeout
    process = subprocess.Popen(argv, cwd=folder, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    read: dict = {}
    # One thread per pipe: a command that fills one pipe while samtransform waits on another
    # would otherwise wait for ever; these threads only ever block on their own pipe.
    workers = [threading.Thread(target=_drain, args=(process, process.stdout, limit, "out", read), daemon=True),
               threading.Thread(target=_drain, args=(process, process.stderr, message_limit, "err", read),
                                daemon=True),
               threading.Thread(target=_feed, args=(process.stdin, stdin), daemon=True)]
    try:
        for worker in workers:
            worker.start()
        try:
            process.wait(max(deadline - time.monotonic(), 0))
            for worker in workers:  # what is left in the pipes, unless a child of it holds them open
                worker.join(max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            pass
        if any(worker.is_alive() for worker in workers) or process.returncode is None:
            raise ReadError(f"took more than {timeout:g} seconds")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            stream.close()
    if "over" in read:
        raise ReadError(too_large(limit if read["over"] == "out" else message_limit))
    return process.returncode, read["out"], read["err"]


def _drain(process, stream, limit: int, key: str, read: dict) -> None:
    chunks, total = [], 0
    while True:
        chunk = os.read(stream.fileno(), _CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            read.setdefault("over", key)
            process.kill()  # it has said more than is read: there is nothing to wait for
            break
        chunks.append(chunk)
    read[key] = b"".join(chunks)


def _feed(stream, data: bytes) -> None:
    try:
        if data:
            stream.write(data)
        stream.close()
    except OSError:  # it stopped reading (it ended, or was killed): its status and errors say why
        pass
