"""Writing `-o OUT`: the whole output or nothing, and never a byte of anything else.

Rules, in the order they are applied:
- OUT that is a file this run read (the template, a definition file, a parameters or config
  file, the file standard input is), by whatever path or link, is refused before anything is
  written: `io/reading.py` records every file a run reads;
- `-`, and standard output's own file (`/dev/stdout`, or the file standard output is
  redirected to), write to standard output;
- a folder is refused; other special files (a terminal, `/dev/null`, a named pipe, a socket)
  are written in place: opened for writing, never created, truncated or replaced (a named pipe
  waits for its reader, as the shell's `>` does), and an error while writing is an error;
- a regular file, new or existing, is written to a temporary file beside it and renamed over
  it, so OUT is whole or as it was. An existing OUT keeps its mode, and its owner and group
  (when they cannot be kept, as for another user's file in a folder anyone may write to, it is
  refused); an OUT that cannot be written (read-only) is refused. A symbolic link OUT writes
  the file it points to, and stays a link;
- the temporary file is removed on every way out: an error, Ctrl-C (SIGINT), SIGTERM and
  SIGHUP (their handlers raise `Terminated` while the file exists);
- the temporary file's name fits the folder's limit on names whatever OUT's length.
(Not `tempfile`: importing it costs several milliseconds of a ~60 ms run.)
"""

from __future__ import annotations

import os
import stat
import sys

from .reading import Reads, kind_of

STDOUT = "-"
NAME_MAX = 255  # bytes in a file name: Linux, the BSDs and macOS
_SIGNALS = ("SIGTERM", "SIGHUP")  # names: `signal` is imported only when a temporary file exists


class OutputError(Exception):
    """OUT is refused, or could not be written; nothing else was changed. The CLI prints it and exits 2."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while the output was being written (the temporary file is gone)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def write_output(target: str, chunks, reads: Reads | None, to_stdout) -> None:
    """Write the text `chunks` to `target` by the rules above; `to_stdout(chunks)` writes to standard output.

    Raises OutputError (OUT refused, or a write error) and Terminated."""
    if target == STDOUT:
        to_stdout(chunks)
        return
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as problem:
        raise OutputError(f"cannot write {target}: {_reason(problem)}") from None
    if info is not None:
        _refuse_an_input(target, info, reads)
        if _is_stdout(info):
            to_stdout(chunks)
            return
        kind = kind_of(info.st_mode)
        if kind == "a folder":
            raise OutputError(f"-o {target} is a folder; name a file to write the expansion to")
        if kind is not None:
            _write_in_place(target, chunks)
            return
    _replace(os.path.realpath(target), target, info, chunks)


def _refuse_an_input(target: str, info: os.stat_result, reads: Reads | None) -> None:
    read = reads.part_of(info) if reads is not None else None
    if read is not None:
        part, name = read
        shown = "" if name in (target, "<stdin>") else f" ({name})"
        raise OutputError(f"-o {target} is {part}{shown}; samtransform never overwrites its input: write the "
                          "expansion to another file")


def _is_stdout(info: os.stat_result) -> bool:
    try:
        mine = os.fstat(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # closed, or a stand-in without a descriptor
        return False
    return (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino)


def replace_file(path: str, data: bytes, original: bytes) -> None:
    """Replace a file this run read, on purpose (`adopt` edits its template), by `data`: through a
    temporary file and a rename as for OUT, keeping the file's owner and mode (or refusing), and
    refusing when the file no longer holds `original` (someone changed it meanwhile). A symbolic
    link writes the file it points to. Raises OutputError and Terminated."""
    real = os.path.realpath(path)
    try:
        info = os.stat(real)
    except OSError as problem:
        raise OutputError(f"cannot write {path}: {_reason(problem)}") from None

    def unchanged() -> None:
        with open(real, "rb") as handle:
            if handle.read() != original:
                raise OutputError(f"cannot write {path}: {path} changed on disk meanwhile")

    # Durable: the user's own template, which nothing can make again, is on disk before it is replaced.
    _swap(real, path, info, lambda handle: handle.write(data), durable=True, before_rename=unchanged)


def _write_in_place(target: str, chunks) -> None:
    try:
        descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8"))
    except OSError as problem:
        raise OutputError(f"cannot write {target}: {_reason(problem)}") from None


def _replace(real: str, target: str, info: os.stat_result | None, chunks) -> None:
    if info is not None and (not os.access(real, os.W_OK) or not info.st_mode & 0o222):
        raise OutputError(f"-o {target} is read-only (mode {stat.S_IMODE(info.st_mode):04o}); samtransform does not "
                          "overwrite a file it may not write")
    _swap(real, target, info, lambda handle: handle.writelines(chunk.encode("utf-8") for chunk in chunks))


def _swap(real: str, target: str, info: os.stat_result | None, write, *, durable: bool = False,
          before_rename=None) -> None:
    """Write a temporary file beside `real` with `write(handle)` (a binary file), with the owner and
    mode of `info` (the file it replaces, if any), then rename it over `real`; on any way out but the
    rename the temporary file is removed. `durable`: on disk before the rename; `before_rename()`:
    called last, it may raise OutputError to leave `real` as it is. `target` is how errors name it."""
    folder, name = os.path.split(real)
    temporary, descriptor = _temporary(folder, name, target)
    with _removed_on_exit(temporary):
        try:
            if info is not None:
                _keep_owner_and_mode(descriptor, info, target)
            with os.fdopen(descriptor, "wb") as handle:
                descriptor = None
                write(handle)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            if before_rename is not None:
                before_rename()
            os.replace(temporary, real)
        except OSError as problem:
            raise OutputError(f"cannot write {target}: {_reason(problem)}") from None
        finally:
            if descriptor is not None:
                os.close(descriptor)


def _temporary(folder: str, name: str, target: str) -> tuple[str, int]:
    for attempt in range(100):
        suffix = f".{os.getpid()}.{attempt}.tmp"
        stem = name
        while len(os.fsencode("." + stem + suffix)) > NAME_MAX:  # cut by characters: the name stays text
            stem = stem[:-1]
        temporary = os.path.join(folder, "." + stem + suffix)
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                                      0o666)
        except FileExistsError:
            continue
        except OSError as problem:
            raise OutputError(f"cannot write {target}: {_reason(problem)}") from None
    raise OutputError(f"cannot write {target}: no free temporary name beside it")


def _keep_owner_and_mode(descriptor: int, info: os.stat_result, target: str) -> None:
    mine = os.fstat(descriptor)
    if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.fchown(descriptor, info.st_uid, info.st_gid)
        except OSError:
            raise OutputError(f"-o {target} belongs to user {info.st_uid} and group {info.st_gid}, which the new file "
                              "could not keep; samtransform does not change who owns a file: write the expansion "
                              "to another file") from None
    os.fchmod(descriptor, stat.S_IMODE(info.st_mode))  # after chown, which may clear set-ID bits


class _removed_on_exit:
    """The temporary file is removed if the block ends other than by its rename; SIGTERM and SIGHUP
    raise `Terminated` inside it, so they end it that way too."""

    def __init__(self, temporary: str):
        self.temporary = temporary
        self.previous: dict = {}

    def __enter__(self):
        import signal  # about 1 ms of start-up, paid only by a run that writes -o

        for signum in (getattr(signal, name) for name in _SIGNALS if hasattr(signal, name)):
            try:
                self.previous[signum] = signal.signal(signum, _terminate)
            except ValueError:  # not the main thread: signals cannot be caught here
                break

    def __exit__(self, kind, problem, trace) -> None:
        try:
            if kind is not None and os.path.lexists(self.temporary):
                os.unlink(self.temporary)
        finally:
            for signum, handler in self.previous.items():
                _restore(signum, handler)


def _restore(signum, handler) -> None:
    import signal  # imported by __enter__ already

    signal.signal(signum, handler)


def _terminate(signum, frame):
    raise Terminated(signum)


def _reason(problem: Exception) -> str:
    return getattr(problem, "strerror", None) or str(problem)
