"""The files of a git revision: what `plan --previous REV` reads the template as last deployed from.

`--previous HEAD` (a branch, a tag, a commit, `HEAD~1`, anything `git rev-parse` reads as a
commit) takes the template's own path at that revision; `--previous REV:PATH`, in git's own
syntax, another path (relative to the repository's top, or to the current folder when it
starts with `./` or `../`, as git reads it). Every local file that template names is read
from the same revision: a definition file changed since is seen as changed.

Rules:
- git is a system tool: it runs without a shell, from the template's folder (where it finds
  the repository), with a timeout, its output read within io/reading.py's limits
  (core/limits.py: the part's own limit for a file, 64 KiB for anything else it says);
- it runs offline and writes nothing: only `git rev-parse` and `git cat-file`, which read;
  optional locks off (GIT_OPTIONAL_LOCKS=0), no prompt for credentials, no fetch of a missing
  object in a partial clone (`protocol.allow=never`, and GIT_NO_LAZY_FETCH for git 2.44 and
  later);
- a file is read in the revision's own tree, never from the disk: a symbolic link is
  followed by git inside that tree (`cat-file --follow-symlinks`), and one that leads out of
  the repository is refused. Which files a template may name is docs/safety.md's rule,
  applied to the revision's tree: inside the template's folder, the current folder or a
  `--definitions-root`, as paths in the repository;
- each failure is an error at a name, never a traceback: not a git repository, no git, an
  unknown revision, the template not in the revision (with the hint to name its old path),
  and, through the expansion, a definition file not in the revision.

Why a reader, and not a copy of the revision on disk. Checking the revision out into a
private temporary folder (`git archive REV | tar -x`, then the usual code on that folder)
would need no new way of reading, but it writes the whole tree to read two or three files:
measured on this machine (2 cores), `git archive | tar -x` plus removing the copy took
1.0 s for this project's repository (876 files) and 14.3 s for a repository of 20,000 files
(238 MB), against 9 to 10 ms for the four git calls that read the same template and
definition file here (median of 30). A copy of only the files the template names would need
to know them before the expansion reads them, and its messages would name temporary paths.
So the expansion reads through a source of files (io/file_sources.py), and this is one.
"""

from __future__ import annotations

import os

from ..core.limits import GIT_TIMEOUT_SECONDS, READ_GIT_MESSAGE_BYTES, READ_TEMPLATE_BYTES
from ..core.problems import InvalidTemplateError, Location, Problem
from .document import STDIN, Document
from .reading import ReadError, read_command, too_large
from .template_io import decode

# The environment git runs in: the user's, and these. C messages, so that what samtransform
# quotes is the same on every machine.
GIT_ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_LAZY_FETCH": "1", "LC_ALL": "C"}
GIT_OPTIONS = ("-c", "protocol.allow=never")

NO_FILE = "no file of that name, and "
NO_GIT = "git, which reads a revision, is not installed (no git on the PATH)"
NOT_A_REPOSITORY = "not a git revision: {folder} is in no git repository"
UNKNOWN_REVISION = "no revision {revision} in the git repository {top}"
NO_REVISION = "no revision before the colon: write one, as in HEAD:{path}"
GIT_FAILED = "git cannot read the repository: {message}"
TEMPLATE_NOT_IN_REVISION = ("file not found in {source}; if the template had another path there, name it as "
                            "{revision}:PATH")
PATH_UNKNOWN = ("the template's own path is not known (standard input, or text), nor then its path in {source}: "
                "name the file, as in {revision}:template.yaml")
OUTSIDE_REPOSITORY = "is outside the git repository {top}"
LINE_BREAK = "names a file git cannot be asked for: its name holds a line break"
OUT_OF_TREE = "is a symbolic link that leads out of the repository: samtransform reads only the revision's own files"
LOOP = "is a symbolic link that leads to itself"
NOT_FETCHED = ("is not in this clone (a partial clone leaves files on its remote), and samtransform does not fetch: "
               "fetch {revision} with git first")


class RevisionError(Exception):
    """A revision that cannot be read: `reason` says why, without the argument (the caller adds it)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class GitRevision:
    """The files of one commit of a git repository, read with git (a source, io/file_sources.py).

    `revision` is as the user wrote it (`HEAD~1`), `commit` the full ID it named when it was
    opened, `top` the repository's top folder on disk (its real path), `folder` where git runs.
    A path on disk under `top` is the path at the same place in the revision's tree.
    """

    __slots__ = ("revision", "commit", "top", "folder")

    def __init__(self, revision: str, commit: str, top: str, folder: str):
        self.revision, self.commit, self.top, self.folder = revision, commit, top, folder

    @property
    def source(self) -> str:
        return f"revision {self.revision} (commit {self.commit[:12]})"

    def path_in_tree(self, path: str) -> str | None:
        """Where `path` (a path on disk, not followed) is in the tree: '' for the top, None outside it."""
        relative = os.path.relpath(os.path.abspath(path), self.top)
        if relative == os.curdir:
            return ""
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return None
        return relative.replace(os.sep, "/")

    def name_of(self, path: str) -> str:
        """`REV:path/in/the/tree`, as git itself names it."""
        in_tree = self.path_in_tree(path)
        return os.fspath(path) if in_tree is None else f"{self.revision}:{in_tree}"

    def inside(self, path: str, folders) -> bool:
        """Whether `path` is in one of the folders, all as paths in the tree (a folder that holds the
        whole repository holds every file; one outside it, none)."""
        file = self.path_in_tree(path)
        if file is None:
            return False
        for folder in folders:
            real = os.path.realpath(folder)
            top = "" if self.top.startswith(real.rstrip(os.sep) + os.sep) else self.path_in_tree(real)
            if top == "" or (top is not None and (file == top or file.startswith(top + "/"))):
                return True
        return False

    def read_text(self, path: str, limit: int, part: str) -> str:
        """The text of the file at `path` in the revision, at most `limit` bytes; raises
        InvalidTemplateError at its name (`REV:path`), "file not found" when the revision has none."""
        name = self.name_of(path)
        in_tree = self.path_in_tree(path)
        if in_tree is None:
            raise _fail(name, OUTSIDE_REPOSITORY.format(top=self.top))
        if "\n" in in_tree or "\0" in in_tree:
            raise _fail(name, LINE_BREAK)
        # `--batch` with `--follow-symlinks` is the one way git follows a link inside the tree
        # (and says when it leads out); the header says the size before the content.
        request = f"{self.commit}:{in_tree}\n".encode("utf-8", "surrogateescape")
        try:
            status, out, err = _git(self.folder, "cat-file", "--batch", "--follow-symlinks", stdin=request,
                                    limit=limit + READ_GIT_MESSAGE_BYTES)
        except (OSError, ReadError) as error:
            # Longer than the limit and the header together: the file alone is longer than the limit.
            over = isinstance(error, ReadError) and error.reason == too_large(limit + READ_GIT_MESSAGE_BYTES)
            reason = too_large(limit) if over else _reason(error)
            raise _fail(name, reason) from None
        if status != 0:
            lazy = b"promisor remote" in err  # git was stopped from fetching the object (protocol.allow=never)
            raise _fail(name, NOT_FETCHED.format(revision=self.revision) if lazy else
                        GIT_FAILED.format(message=_first_line(err)))
        header, _, content = out.partition(b"\n")
        words = header.split(b" ")
        if len(words) == 3 and words[1] == b"blob":
            if int(words[2]) > limit:
                raise _fail(name, too_large(limit))
            return decode(content[:int(words[2])], name)
        if words[-1] == b"missing" or words[0] in (b"dangling", b"notdir"):
            raise _fail(name, "file not found")
        if len(words) == 3 and words[1] == b"tree":
            raise _fail(name, "is a folder, not a file")
        raise _fail(name, {b"symlink": OUT_OF_TREE, b"loop": LOOP}.get(words[0], "is not a file"))


def open_revision(revision: str, folder: str, folder_words: str | None = None) -> GitRevision:
    """The revision `revision` of the git repository that holds `folder` (described in messages as
    `folder_words`, by default the folder's path); raises RevisionError."""
    folder = folder or os.curdir
    status, out, err = _run(folder, "rev-parse", "--show-toplevel")
    if status != 0:
        message = _first_line(err)
        if "not a git repository" in message:
            raise RevisionError(NOT_A_REPOSITORY.format(folder=folder_words or folder))
        raise RevisionError(GIT_FAILED.format(message=message))
    top = os.path.realpath(os.fsdecode(out[:-1] if out.endswith(b"\n") else out))
    # --end-of-options: a revision that starts with '-' is a revision, never an option.
    status, out, _ = _run(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}")
    if status != 0:
        raise RevisionError(UNKNOWN_REVISION.format(revision=revision, top=top))
    return GitRevision(revision, out.decode("ascii").strip(), top, folder)


def read_previous(argument: str, template: str) -> Document:
    """`plan --previous ARGUMENT` for the template read from `template` (a path, or `-`).

    Standard input (`-`) and any existing path are read as files, as before revisions were
    read (an existing file wins: a file named `main` beside the template is that file); else
    the argument is a git revision, `REV` or `REV:PATH` (`read_at_revision`). Raises
    InvalidTemplateError at the argument's name.
    """
    if argument == STDIN or "\0" in argument or os.path.lexists(argument):
        return Document.read(argument)
    return read_at_revision(argument, None if template == STDIN else template, no_file=True)


def read_at_revision(argument: str, template: str | None, no_file: bool = False) -> Document:
    """The template `argument` names in git's terms (`REV`, the file `template` at REV; or
    `REV:PATH`), as a Document whose local files are read from that revision too (`files`).

    `template` is the path of the template being planned (None: not known, as for standard
    input); git runs from its folder. `no_file`: the argument was also tried as a file, which
    an error then says. Raises InvalidTemplateError at the argument's name, or at `REV:path`
    for a template the revision does not have.
    """
    revision, colon, path = argument.partition(":")
    folder = os.path.dirname(template) if template else ""
    try:
        if colon and not revision:
            raise RevisionError(NO_REVISION.format(path=path or "template.yaml"))
        files = open_revision(revision, folder or os.curdir,
                              f"the template's folder {folder}" if folder else "the current folder")
    except RevisionError as error:
        raise _fail(argument, (NO_FILE if no_file and not colon else "") + error.reason) from None
    if colon:
        # git's reading of REV:PATH: from the current folder for ./ and ../, else from the top.
        relative_to = os.getcwd() if path.startswith(("./", "../")) or path in (".", "..") else files.top
        in_tree = files.path_in_tree(os.path.join(relative_to, path))
    elif template is None:
        raise _fail(argument, PATH_UNKNOWN.format(source=files.source, revision=revision))
    else:
        # The template's folder with its links followed (as git's top is), its own name as it is.
        in_tree = files.path_in_tree(os.path.join(os.path.realpath(folder), os.path.basename(template)))
    if in_tree is None:
        raise _fail(argument, OUTSIDE_REPOSITORY.format(top=files.top))
    on_disk = os.path.join(files.top, *in_tree.split("/"))
    try:
        text = files.read_text(on_disk, READ_TEMPLATE_BYTES, "the previous template")
    except InvalidTemplateError as failure:
        if failure.errors[0].message == "file not found":
            raise _fail(files.name_of(on_disk), TEMPLATE_NOT_IN_REVISION.format(source=files.source,
                                                                                  revision=revision)) from None
        raise
    return Document(text, files.name_of(on_disk), os.path.dirname(on_disk), files)


def _run(folder: str, *arguments: str) -> tuple[int, bytes, bytes]:
    try:
        return _git(folder, *arguments)
    except FileNotFoundError as error:
        if error.filename is not None and os.path.basename(os.fsdecode(error.filename)) != "git":
            raise RevisionError(f"cannot run git in {folder}: {error.strerror}") from None
        raise RevisionError(NO_GIT) from None
    except (OSError, ReadError) as error:
        raise RevisionError(f"cannot run git in {folder}: {_reason(error)}") from None


def _git(folder: str, *arguments: str, stdin: bytes = b"",
         limit: int = READ_GIT_MESSAGE_BYTES) -> tuple[int, bytes, bytes]:
    return read_command(["git", *GIT_OPTIONS, *arguments], folder, limit, READ_GIT_MESSAGE_BYTES,
                        GIT_TIMEOUT_SECONDS, stdin, {**os.environ, **GIT_ENVIRONMENT})


def _reason(error: Exception) -> str:
    if isinstance(error, ReadError):
        return f"git {error.reason}" if error.reason.startswith("took") else f"what git printed {error.reason}"
    return error.strerror or str(error)


def _first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else "git gave no reason"


def _fail(name: str, message: str) -> InvalidTemplateError:
    return InvalidTemplateError([Problem((), message, Location(name, 1, 1))])
