""".docx → PDF/A-2b (and .odt templates → .docx) through LibreOffice; the only place that starts it.

The user's warm LibreOffice (``listener.py``) converts when it may (``pdf.listener_idle``); otherwise,
or when it fails, one LibreOffice process converts the whole batch, with a profile folder of its own
(never the user's), under a timeout, and it is always stopped afterwards. Either way the PDFs are
written to a temporary folder, their tagging completed there for PDF/UA (``accessible.py``), and moved
into place only when all of that succeeded, so a failure never leaves half a PDF behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import accessible
from .errors import PdfError, display_path
from .i18n import _, ngettext

# PDF/A-2b (archives of the German administration keep PDF/A-1 or -2), tagged for accessibility, with
# bookmarks: the template's paragraphs with an outline level (subject, questions) become headings and
# bookmarks. No "PDFUACompliance": LibreOffice 7.4 then writes pdfuaid into the XMP metadata without the
# extension schema PDF/A requires for it, and the file would no longer be PDF/A-2b; accessible.py
# writes the claim with its schema, after mending what LibreOffice tags wrongly.
PDFA_FILTER = ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
               '"UseTaggedPDF":{"type":"boolean","value":"true"},'
               '"ExportBookmarks":{"type":"boolean","value":"true"}}')
DOCX_FILTER = "docx:MS Word 2007 XML"  # an .odt template, read as the .docx LibreOffice would save
STOP_GRACE_SECONDS = 3.0  # between SIGTERM and SIGKILL: LibreOffice ends in well under a second
TAIL_BYTES = 8192  # of LibreOffice's standard error, for the message when it fails
DETAIL_CHARACTERS = 300  # of its last line, in that message


@dataclass(frozen=True)
class PdfConverter:
    """Converts .docx files to PDF/A with one LibreOffice process per call."""

    soffice: str = "soffice"
    timeout_seconds: float = 120.0
    listener_idle: float = 0.0  # seconds the warm LibreOffice waits for more; 0: none is used
    note: Callable[[str], None] | None = None  # told why the warm LibreOffice could not be used

    def executable(self) -> str:
        found = shutil.which(self.soffice)
        if found is None:
            raise PdfError(_("LibreOffice not found ('{program}'); install LibreOffice (Debian/Ubuntu: "
                             "apt-get install libreoffice-writer-nogui fonts-liberation2), or set "
                             "pdf.soffice in inquirygen.yaml to where soffice is").format(
                                 program=self.soffice))
        return found

    def convert(self, documents: list[Path], targets: list[Path]) -> list[Path]:
        """Write ``targets[i]`` as the PDF/A of ``documents[i]``; all of them, or none.

        Raises :class:`PdfError` naming what went wrong; no target is then half written, and the
        temporary folder and every process LibreOffice started are gone, also when the run is
        interrupted (Ctrl+C, SIGTERM).
        """
        if not documents:
            return []
        soffice = self.executable()
        with _work_folder("inquirygen-pdf-") as work_dir:
            inputs = work_dir / "in"
            outputs = work_dir / "out"
            # Unique, simple names: LibreOffice names each PDF after its input.
            staged = [inputs / f"{index:05d}.docx" for index in range(len(documents))]
            try:
                inputs.mkdir()
                for document, copy in zip(documents, staged, strict=True):
                    shutil.copyfile(document, copy)
            except OSError as error:
                raise PdfError(_("the letters could not be handed to LibreOffice in {folder} ({reason}); "
                                 "no PDF was written").format(folder=work_dir.parent,
                                                              reason=error.strerror)) from None
            if not self._warm(soffice, staged, outputs):
                self._run(soffice, work_dir / "profile", outputs, staged)
            produced = []
            for document, copy, target in zip(documents, staged, targets, strict=True):
                pdf = outputs / f"{copy.stem}.pdf"
                if not _complete_pdf(pdf):
                    raise PdfError(_("LibreOffice did not convert {document}").format(
                        document=display_path(document)))
                produced.append((pdf, target))
            for (pdf, _target), document in zip(produced, documents, strict=True):
                accessible.complete(pdf, document)
            _move_into_place(produced)
        return targets

    def _warm(self, soffice: str, staged: list[Path], outputs: Path) -> bool:
        """Whether the warm LibreOffice converted every letter, each PDF whole; if not, ``outputs``
        is gone (and ``note`` was told why, where that is worth saying)."""
        from . import listener

        if not listener.enabled(self.listener_idle):
            return False
        import threading

        pdfs = [outputs / f"{copy.stem}.pdf" for copy in staged]
        outputs.mkdir()
        # pikepdf, which accessible.py needs next, takes 50 ms and more to import: done meanwhile, while
        # this process only waits for LibreOffice.
        importing = threading.Thread(target=_import_pikepdf, daemon=True)
        importing.start()
        outcome = listener.WarmOffice(soffice, self.listener_idle, self.timeout_seconds).convert(
            list(zip(staged, pdfs, strict=True)), PDFA_FILTER)
        importing.join()
        if outcome.done and all(_complete_pdf(pdf) for pdf in pdfs):
            return True
        reason = outcome.note if not outcome.done else _("it wrote an incomplete PDF")
        if reason and self.note is not None:
            self.note(_("note: LibreOffice in the background could not be used ({reason}); LibreOffice "
                        "is started for this conversion").format(reason=reason))
        shutil.rmtree(outputs, ignore_errors=True)
        return False

    def template_docx(self, source: Path) -> bytes:
        """The .docx of an OpenDocument template (.odt), as LibreOffice saves it; raises :class:`PdfError`."""
        soffice = self.executable()
        with _work_folder("inquirygen-odt-") as work_dir:
            staged = work_dir / "in" / "template.odt"
            try:
                staged.parent.mkdir()
                shutil.copyfile(source, staged)
            except OSError as error:
                raise PdfError(_("the template {template} could not be handed to LibreOffice ({reason})"
                                 ).format(template=display_path(source), reason=error.strerror)) from None
            self._run(soffice, work_dir / "profile", work_dir / "out", [staged], DOCX_FILTER)
            converted = work_dir / "out" / "template.docx"
            if not converted.is_file():
                raise PdfError(_("LibreOffice did not convert the template {template}").format(
                    template=display_path(source)))
            return converted.read_bytes()

    def _run(self, soffice: str, profile: Path, outputs: Path, staged: list[Path],
             target_filter: str = PDFA_FILTER) -> None:
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target_filter,
                   "--outdir", str(outputs), *map(str, staged)]
        try:
            # A session of its own: a Ctrl+C in the terminal does not reach it (inquirygen stops it),
            # and the whole process group (oosplash, soffice.bin) can be stopped at once.
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, start_new_session=True)
        except OSError as error:
            raise PdfError(_("LibreOffice could not be started ({reason}); install LibreOffice "
                             "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
                             "fonts-liberation2), or set pdf.soffice in inquirygen.yaml to where "
                             "soffice is").format(reason=error.strerror)) from None
        try:
            errors = _wait(process, self.timeout_seconds)
        except subprocess.TimeoutExpired:
            # English says "seconds" for one second too, as it always has; German needs both forms.
            raise PdfError(ngettext(
                "LibreOffice did not finish within {seconds} seconds and was stopped; no PDF was "
                "written",
                "LibreOffice did not finish within {seconds} seconds and was stopped; no PDF was "
                "written", 1 if self.timeout_seconds == 1 else 2).format(
                    seconds=f"{self.timeout_seconds:g}")) from None
        finally:
            _stop(process)  # what it left running, whichever way this ends
        if process.returncode != 0:
            detail = _last_line(errors)
            if detail:
                raise PdfError(_("LibreOffice failed (exit code {code}) {detail}").format(
                    code=process.returncode, detail=detail))
            raise PdfError(_("LibreOffice failed (exit code {code})").format(code=process.returncode))


def _wait(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """Wait for ``process`` at most ``timeout`` seconds; the end of what it wrote to standard error.

    Its output is read as it comes (a full pipe would stall it) and only the last ``TAIL_BYTES``
    are kept, whatever it writes. Raises :class:`subprocess.TimeoutExpired`.
    """
    import selectors

    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    kept = b""
    with process.stderr as stream, selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise subprocess.TimeoutExpired(process.args, timeout)
            if selector.select(min(remaining, 0.5)):
                chunk = os.read(stream.fileno(), 65536)
                if not chunk:
                    selector.unregister(stream)
                kept = (kept + chunk)[-TAIL_BYTES:]
            elif process.poll() is not None:  # it ended; a child it left holds the pipe open
                return kept
        process.wait(max(deadline - time.monotonic(), 0))
    return kept


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice's whole process group: SIGTERM, then SIGKILL after ``STOP_GRACE_SECONDS``.

    LibreOffice starts soffice.bin from oosplash; both are in the group. Ctrl+C and SIGTERM are held
    meanwhile, so that a second one cannot leave the group running.
    """
    with _signals_held():
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):  # the group is gone (macOS: only zombies)
            pass
        else:
            deadline = time.monotonic() + STOP_GRACE_SECONDS
            while _group_running(process) and time.monotonic() < deadline:
                time.sleep(0.05)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_GRACE_SECONDS)


def _group_running(process: subprocess.Popen[bytes]) -> bool:
    """Whether a process of LibreOffice's group still runs (zombies do not count: in a container
    whose first process does not reap orphans, they stay until it ends)."""
    process.poll()
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: the group exists while any process of it does
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                fields = entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # ended meanwhile
            if fields[2] == str(process.pid) and fields[0] not in ("Z", "X"):
                return True
    return False


def _last_line(errors: bytes) -> str:
    """The last line LibreOffice wrote to standard error, at most ``DETAIL_CHARACTERS`` of it."""
    lines = errors.decode("utf-8", "replace").strip().splitlines()
    line = lines[-1].strip() if lines else ""
    return line if len(line) <= DETAIL_CHARACTERS else line[:DETAIL_CHARACTERS - 1] + "…"


def _move_into_place(produced: list[tuple[Path, Path]]) -> None:
    """Each finished PDF copied beside its target, then all renamed into place: a full disk or a
    read-only folder leaves the targets as they were."""
    from .atomic import short_name

    temporaries: list[Path] = []
    target = produced[0][1]
    try:
        for pdf, target in produced:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporaries.append(target.with_name(f".{short_name(target.name)}.{os.getpid()}.tmp"))
            shutil.copyfile(pdf, temporaries[-1])
        for temporary, (_pdf, target) in zip(temporaries, produced, strict=True):
            os.replace(temporary, target)
    except BaseException as error:
        with _signals_held():
            for temporary in temporaries:
                temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise PdfError(_("cannot write {path}: {reason}; no PDF was written").format(
                path=display_path(target), reason=error.strerror)) from None
        raise


@contextlib.contextmanager
def _work_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder, removed whichever way the block ends (signals are held meanwhile)."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=prefix))
    except OSError as error:
        raise PdfError(_("no temporary folder for LibreOffice could be made in {folder} ({reason}); "
                         "no PDF was written").format(folder=tempfile.gettempdir(),
                                                      reason=error.strerror)) from None
    try:
        yield folder
    finally:
        with _signals_held():
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl+C, SIGTERM and SIGHUP delivered only after the block: cleanup is not cut short."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: nothing to hold
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _import_pikepdf() -> None:
    with contextlib.suppress(ImportError):  # accessible.complete says what to install
        import pikepdf  # noqa: F401


def _complete_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(5)
            stream.seek(max(path.stat().st_size - 1024, 0))
            tail = stream.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail
