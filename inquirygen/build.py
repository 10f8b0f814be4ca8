"""The pipeline: answer files → checked, resolved letters → the letter → .docx files, written atomically.

``check`` and ``build`` share every stage up to the writer, so ``check`` finds exactly what ``build``
would refuse. A file with errors produces no output at all, and an existing output is never clobbered by
a failed run: each .docx is written to a temporary file beside its target and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError, OutputRefusedError, PdfError, Problem, TemplateError, display_path
from .frozen import frozen
from .i18n import _
from .letter import build_letter
from .loader import LoadedAnswers, load_answer_file
from .model import ResolvedLetter
from .resolve import LetterResolver
from .sent import record_build, record_pdf
from .workspace import Workspace
from .writers.docx.template import TemplateLibrary

if TYPE_CHECKING:
    from .pdf import PdfConverter

NAME_MAX = 255  # bytes of one file or folder name on the usual file systems (ext4, APFS)
NAME_ROOM = 200  # bytes of a letter's name kept in the name of its temporary file


@dataclass
class RunReport:
    """What a run did: the files written and every problem found (errors and warnings)."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed_files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def resolve_files(workspace: Workspace, files: Iterable[Path], strict: bool = False,
                  final: bool = False, templates: TemplateLibrary | None = None
                  ) -> Iterable[tuple[Path, ResolvedLetter | None, list[Problem]]]:
    """Load, validate and resolve each file in turn; yields the letter or ``None`` with its problems.

    Under ``strict``, warnings are errors; under ``final``, unanswered questions are. Snippets and
    templates are read once for all files.
    """
    resolver = LetterResolver(workspace, templates or TemplateLibrary(workspace.pdf_converter))
    for path in files:
        _loaded, letter, problems = resolve_file(resolver, path, strict, final)
        yield path, letter, problems


def resolve_file(resolver: LetterResolver, path: Path, strict: bool = False, final: bool = False
                 ) -> tuple[LoadedAnswers | None, ResolvedLetter | None, list[Problem]]:
    """One file through loading and resolving: what was read, the letter (or ``None``), problems."""
    problems: list[Problem] = []
    loaded = load_answer_file(path, problems)
    letter = resolver.resolve(loaded, problems) if loaded is not None else None
    problems = promote(problems, strict, final)
    problems.sort(key=lambda p: (str(p.path) != str(path), str(p.path), p.line or 0, p.column or 0))
    if any(p.is_error for p in problems):
        letter = None
    return loaded, letter, problems


def check_files(workspace: Workspace, files: Iterable[Path], strict: bool = False,
                final: bool = False, templates: TemplateLibrary | None = None) -> RunReport:
    """Every problem of ``files`` without writing anything."""
    report = RunReport()
    for path, letter, problems in resolve_files(workspace, files, strict, final, templates):
        report.problems.extend(problems)
        if letter is None:
            report.failed_files.append(path)
    return report


@frozen
class OutputTarget:
    """Where ``-o`` says to write: a file, or a folder (named with a trailing slash, or existing)."""

    path: Path
    folder: bool = False

    @classmethod
    def parse(cls, given: str | None) -> OutputTarget | None:
        if given is None:
            return None
        path = Path(given)
        try:
            folder = path.is_dir()
        except OSError:  # a name too long to exist: refused by planned_outputs
            folder = False
        return cls(path, folder=given.endswith(("/", os.sep)) or folder)


def build_files(workspace: Workspace, files: list[Path], output: OutputTarget | None = None,
                strict: bool = False, progress: Callable[[Path], None] | None = None,
                final: bool = False) -> RunReport:
    """Build each answer file into a .docx; each template is read and compiled once for all of them.

    ``output`` is the target file for a single input, or a folder. Raises :class:`OutputError` when a
    file cannot be written, and :class:`TemplateError` when the template of a single letter cannot be
    used; in a batch, a template's error is reported once at the template and the letters in other
    templates are still built.
    """
    from .writers.docx import DocxWriter

    report = RunReport()
    many = len(files) > 1
    targets = planned_outputs(workspace, files, output, many)
    templates = TemplateLibrary(workspace.pdf_converter)
    writer = DocxWriter(templates)
    for folder in {target.parent for target in targets.values()}:
        remove_leftovers(folder)
    seen: set[Problem] = set()
    for path, resolved, problems in resolve_files(workspace, files, strict, final, templates=templates):
        # A set beside the list: the same template problem is named once, and a batch of thousands of
        # letters with warnings is not searched letter by letter (quadratic).
        for problem in problems:
            if problem not in seen:
                seen.add(problem)
                report.problems.append(problem)
        data = None
        if resolved is not None:
            try:
                data = writer.write(build_letter(resolved))
            except TemplateError as error:
                if not many:
                    raise
                problem = error.as_problem(resolved.template or workspace.template_path)
                if problem not in seen:
                    seen.add(problem)
                    report.problems.append(problem)
        if data is not None:
            target = targets[path]
            write_atomically(target, data, tidy=False)
            record_build(target, data, path)
            report.written.append(target)
        else:
            report.failed_files.append(path)
            if targets[path].exists():  # kept on purpose, but it is not this letter: say so
                report.problems.append(Problem(
                    path, None, None, _("{target} was not replaced and still holds the letter of an "
                                        "earlier build").format(target=display_path(targets[path])),
                    severity="warning", code="stale-output"))
        if progress is not None:
            progress(path)
    return report


def planned_outputs(workspace: Workspace, files: list[Path], output: OutputTarget | None,
                    many: bool) -> dict[Path, Path]:
    """Where each answer file's letter goes, refused before anything is written when a letter would
    overwrite an input, is not a .docx, or would share its file with another letter of the run."""
    targets = {path: output_path(workspace, path, output, many=many) for path in files}
    # Keyed by the resolved path's text, and no Path kept but the targets: a batch of 10,000 letters
    # would otherwise hold three more Path objects per letter (issue 16, memory of large batches).
    inputs = _inputs(workspace, files)
    taken: dict[str, Path] = {}
    for path, target in targets.items():
        too_long = next((part for part in str(target).split(os.sep) if len(os.fsencode(part)) > NAME_MAX),
                        None)
        if too_long is not None:
            raise OutputRefusedError(_("cannot write {target}: a name in it is {count} bytes long, longer "
                                       "than file systems allow ({limit}); nothing was written").format(
                                           target=display_path(target), count=len(os.fsencode(too_long)),
                                           limit=NAME_MAX))
        if target.suffix.lower() != ".docx":
            raise OutputRefusedError(_("-o {target}: a letter is written as .docx; name a file ending in "
                                       ".docx, or a folder ending in /").format(
                                           target=display_path(target)))
        resolved = str(target.resolve())
        if resolved in inputs:
            raise OutputRefusedError(inputs[resolved].format(target=display_path(target),
                                                             path=display_path(Path(resolved))))
        if resolved in taken:
            raise OutputRefusedError(_("{first} and {second} would both be written to {target}; build them "
                                       "one at a time with -o, or rename one of them; nothing was "
                                       "written").format(first=display_path(taken[resolved]),
                                                         second=display_path(path),
                                                         target=display_path(target)))
        taken[resolved] = path
    return targets


def _inputs(workspace: Workspace, files: list[Path]) -> dict[str, str]:
    """The files a run reads (their resolved paths), which no output may replace, each with the
    message that refuses it."""
    inputs: dict[str, str] = {}
    template = _("-o {target} would overwrite the template {path}; nothing was written")
    for folder, message in ((workspace.path(workspace.config.paths.templates), template),
                            (workspace.snippets_dir,
                             _("-o {target} would overwrite the snippet {path}; nothing was written"))):
        if folder.is_dir():
            inputs.update((str(candidate.resolve()), message) for candidate in folder.iterdir())
    inputs[str(workspace.template_path.resolve())] = template
    if workspace.config_path is not None:
        inputs[str(workspace.config_path.resolve())] = _(
            "-o {target} would overwrite the configuration {path}; nothing was written")
    inputs.update((str(path.resolve()), _("-o {target} would overwrite the answer file {path}; nothing was "
                                     "written")) for path in files)
    return inputs


def write_pdfs(workspace: Workspace, documents: list[Path],
               note: Callable[[str], None] | None = None) -> list[Path]:
    """A PDF/A beside each built .docx, all in one LibreOffice run; raises :class:`PdfError`.

    ``note`` is told when the user's warm LibreOffice could not be used (``listener.py``).

    When the conversion fails, the PDFs of an earlier build beside the new .docx files are removed:
    they show the letter as it was, and would be sent or archived for the one just built.
    """
    targets = [path.with_suffix(".pdf") for path in documents]
    try:
        written = _with_note(workspace.pdf_converter(), note).convert(documents, targets)
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM: the older PDFs would be as wrong
        for target in targets:
            target.unlink(missing_ok=True)
        raise
    except PdfError as error:
        stale = [target for target in targets if target.exists()]
        for target in stale:
            target.unlink(missing_ok=True)
        if not stale:
            raise
        raise PdfError(_("{error} (the older PDF beside the new letter was removed: {paths})").format(
            error=error, paths=", ".join(display_path(target) for target in stale))) from None
    for document, pdf in zip(documents, targets, strict=True):
        record_pdf(document, pdf)
    return written


def _with_note(converter: PdfConverter, note: Callable[[str], None] | None) -> PdfConverter:
    """The workspace's converter telling ``note`` why the warm LibreOffice was not used (a stand-in
    of the tests, which is no :class:`PdfConverter`, as it is)."""
    import dataclasses

    from .pdf import PdfConverter

    return dataclasses.replace(converter, note=note) if isinstance(converter, PdfConverter) else converter


def output_path(workspace: Workspace, source: Path, output: OutputTarget | None, many: bool) -> Path:
    """``out/<name>.docx`` by default; ``-o`` names the file, or the folder when building many."""
    name = f"{source.stem}.docx"
    if output is None:
        return workspace.output_dir / name
    if many or output.folder:
        return output.path / name
    return output.path


def write_atomically(target: Path, data: bytes, tidy: bool = True) -> None:
    """Write through a temporary file and rename, so a reader never sees half a file.

    The temporary file carries the writer's process id; what a killed writer left is removed here
    (``tidy``), or once per folder by a caller writing many files (``remove_leftovers``), since looking
    for them lists the whole folder.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if tidy:
            import glob

            _remove_leftovers(target.parent, f".{glob.escape(short_name(target.name))}.*.tmp")
        handle, temporary = tempfile.mkstemp(prefix=f".{short_name(target.name)}.{os.getpid()}.",
                                             suffix=".tmp", dir=target.parent)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(_("cannot write {path}: {blocker} is a file, not a folder").format(
            path=display_path(target), blocker=display_path(_first_file(target.parent)))) from None
    except OSError as error:
        raise OutputError(_("cannot write {path}: {reason}").format(
            path=display_path(target), reason=error.strerror)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644 & ~_UMASK)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(_("cannot write {path}: {reason}").format(
            path=display_path(target), reason=error.strerror)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def short_name(name: str) -> str:
    """A file's name cut to ``NAME_ROOM`` bytes, for the temporary file written beside it: with the
    process id and the ending added it stays within what file systems allow."""
    return os.fsencode(name)[:NAME_ROOM].decode("utf-8", "ignore")


def remove_leftovers(folder: Path) -> None:
    """The temporary files that killed writers left in ``folder`` (one listing for a whole batch)."""
    if folder.is_dir():
        _remove_leftovers(folder, ".*.tmp")


def _remove_leftovers(folder: Path, pattern: str) -> None:
    for leftover in folder.glob(pattern):
        # .<name>.<pid>.<random>.tmp: the pid is the second field from the end but one.
        parts = leftover.name.rsplit(".", 3)
        pid = parts[1] if len(parts) == 4 else ""
        if pid.isdigit() and not process_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Whether a process with this id still runs (so its temporary files are still in use)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _first_file(folder: Path) -> Path:
    """The part of ``folder`` that exists as a file and so blocks making the folder."""
    for parent in (*reversed(folder.parents), folder):
        if parent.exists() and not parent.is_dir():
            return parent
    return folder


def _read_umask() -> int:
    current = os.umask(0)  # the only way to read it is to set it
    os.umask(current)
    return current


# Read once: tempfile creates files 0600, and a letter should get the usual permissions.
_UMASK = _read_umask()


def promote(problems: list[Problem], strict: bool, final: bool) -> list[Problem]:
    """Warnings that count as errors: all under ``strict``; under ``final`` what must not go out
    (unanswered questions, placeholders, an empty signatory … : ``FINAL_CODES``)."""
    from .resolve.plausibility import FINAL_CODES

    return [p.as_error() if not p.is_error and (strict or (final and p.code in FINAL_CODES)) else p
            for p in problems]


@frozen
class TemplateCleaning:
    """What ``clean_template`` did: changes accepted, comments removed, where the original is kept."""

    changes: int
    comments: int
    original: Path | None


def clean_template(path: Path) -> TemplateCleaning:
    """Accept the tracked changes of the template at ``path`` and remove its comments, in place.

    The original is kept in the folder ``vorher`` beside it before the template is replaced (there,
    ``check`` does not take it for a template of the workspace); a template without either is left
    untouched. Raises :class:`TemplateError` for an OpenDocument
    template (LibreOffice accepts changes there) and for a file that is no Word document.
    """
    from .writers.docx.clean import clean_package
    from .writers.docx.package import main_document_part, read_members

    shown = display_path(path)
    if path.suffix.lower() not in (".docx", ".dotx"):
        raise TemplateError(_("template '{template}': only Word templates (.docx, .dotx) can be "
                              "cleaned here; accept the changes in LibreOffice (Edit → Track Changes "
                              "→ Accept All) and delete the comments there").format(template=shown))
    raw, members = read_members(path)
    cleaned = clean_package(members, main_document_part(dict(members), shown))
    if not cleaned.changes and not cleaned.comments:
        return TemplateCleaning(0, 0, None)
    original = path.parent / "vorher" / path.name
    number = 2
    while original.exists():
        original = path.parent / "vorher" / f"{path.stem}-{number}{path.suffix}"
        number += 1
    write_atomically(original, raw)
    write_atomically(path, cleaned.data)
    return TemplateCleaning(cleaned.changes, cleaned.comments, original)
