"""The pipeline: answer files → checked, resolved letters → the letter → .docx files, written atomically.

``check`` and ``build`` share every stage up to the writer, so ``check`` finds exactly what ``build``
would refuse. A file with errors produces no output at all, and an existing output is never clobbered by
a failed run: each .docx is written to a temporary file beside its target and renamed into place.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import NAME_MAX, remove_leftovers, write_atomically
from .errors import OutputRefusedError, PdfError, Problem, TemplateError, display_path
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
    from .writers.docx import DocxWriter



@dataclass
class RunReport:
    """What a run did: the files written and every problem found (errors and warnings).

    A batch on the command line keeps only the number of letters written (``keep_written``): it
    names each one as it is written.
    """

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed_files: list[Path] = field(default_factory=list)
    written_count: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def add(self, built: LetterBuilt, keep_written: bool = True) -> None:
        """One answer file's outcome."""
        self.problems += built.problems
        if built.target is None:
            self.failed_files.append(built.path)
            return
        self.written_count += 1
        if keep_written:
            self.written.append(built.target)


@frozen
class LetterBuilt:
    """What building one answer file did: the .docx written (``None``: not built) and the problems
    not named before in the run."""

    path: Path
    target: Path | None
    problems: list[Problem]


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


def build_files(workspace: Workspace, files: Collection[Path], output: OutputTarget | None = None,
                strict: bool = False, final: bool = False) -> RunReport:
    """Build each answer file into a .docx (see :func:`build_each`); what the run did."""
    report = RunReport()
    for built in build_each(workspace, files, output, strict, final):
        report.add(built)
    return report


def build_each(workspace: Workspace, files: Collection[Path], output: OutputTarget | None = None,
               strict: bool = False, final: bool = False) -> Iterator[LetterBuilt]:
    """Build each answer file into a .docx, saying what each did as soon as it is done; each template
    is read and compiled once for all of them.

    ``output`` is the target file for a single input, or a folder. Before anything is written (when
    called, not when first iterated), raises :class:`OutputRefusedError` when a letter could not be
    written where it would go. While building, raises :class:`OutputError` when a file cannot be
    written, and :class:`TemplateError` when the template of a single letter cannot be used; in a
    batch, a template's error is reported once at the template and the letters in other templates
    are still built. Nothing is kept per letter, so a batch of any size runs in the same memory.
    """
    from .writers.docx import DocxWriter

    many = len(files) > 1
    folders = check_outputs(workspace, files, output, many)
    templates = TemplateLibrary(workspace.pdf_converter)
    writer = DocxWriter(templates)
    for folder in folders:
        remove_leftovers(folder)
    return _built(workspace, files, output, many, strict, final, templates, writer)


def _built(workspace: Workspace, files: Collection[Path], output: OutputTarget | None, many: bool,
           strict: bool, final: bool, templates: TemplateLibrary, writer: DocxWriter
           ) -> Iterator[LetterBuilt]:
    # A set of what was named: the same template problem is named once in a batch of thousands.
    seen: set[Problem] = set()
    for path, resolved, problems in resolve_files(workspace, files, strict, final, templates=templates):
        new = [problem for problem in dict.fromkeys(problems) if problem not in seen]
        seen.update(new)
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
                    new.append(problem)
        target = output_path(workspace, path, output, many)
        if data is None:
            if target.exists():  # kept on purpose, but it is not this letter: say so
                new.append(Problem(
                    path, None, None, _("{target} was not replaced and still holds the letter of an "
                                        "earlier build").format(target=display_path(target)),
                    severity="warning", code="stale-output"))
            yield LetterBuilt(path, None, new)
            continue
        write_atomically(target, data, tidy=False)
        record_build(target, data, path)
        yield LetterBuilt(path, target, new)


def check_outputs(workspace: Workspace, files: Collection[Path], output: OutputTarget | None,
                  many: bool) -> set[Path]:
    """The folders the letters go to; refuses (before anything is written) a letter that would
    overwrite an input, is not a .docx, or would share its file with another letter of the run.

    What it holds to compare is let go when it returns: a batch keeps nothing of it per letter.
    """
    inputs = _inputs(workspace, files)
    taken: dict[str, str] = {}  # texts, not paths: 10,000 paths held at once would be some 4 MB
    folders: set[Path] = set()
    for path in files:
        target = output_path(workspace, path, output, many=many)
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
                                       "written").format(first=display_path(Path(taken[resolved])),
                                                         second=display_path(path),
                                                         target=display_path(target)))
        taken[resolved] = str(path)
        folders.add(target.parent)
    return folders


def _inputs(workspace: Workspace, files: Collection[Path]) -> dict[str, str]:
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


def promote(problems: list[Problem], strict: bool, final: bool) -> list[Problem]:
    """Warnings that count as errors: all under ``strict``; under ``final`` what must not go out
    (unanswered questions, placeholders, an empty signatory … : ``FINAL_CODES``)."""
    from .resolve.plausibility import FINAL_CODES

    return [p.as_error() if not p.is_error and (strict or (final and p.code in FINAL_CODES)) else p
            for p in problems]
