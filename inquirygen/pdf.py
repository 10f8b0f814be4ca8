""".docx → PDF/A-2b (and .odt templates → .docx) through LibreOffice; the only place that starts it.

One LibreOffice process converts a whole batch, with a profile folder of its own (never the user's),
under a timeout, and it is always stopped afterwards. PDFs are written to a temporary folder, their
tagging completed there for PDF/UA (``accessible.py``), and moved into place only when all of that
succeeded, so a failure never leaves half a PDF behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
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


@dataclass(frozen=True)
class PdfConverter:
    """Converts .docx files to PDF/A with one LibreOffice process per call."""

    soffice: str = "soffice"
    timeout_seconds: float = 120.0

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

        Raises :class:`PdfError` naming what went wrong; no target is then half written.
        """
        if not documents:
            return []
        soffice = self.executable()
        with tempfile.TemporaryDirectory(prefix="inquirygen-pdf-") as work:
            work_dir = Path(work)
            inputs = work_dir / "in"
            outputs = work_dir / "out"
            inputs.mkdir()
            # Unique, simple names: LibreOffice names each PDF after its input.
            staged = []
            for index, document in enumerate(documents):
                copy = inputs / f"{index:05d}.docx"
                shutil.copyfile(document, copy)
                staged.append(copy)
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
            for pdf, target in produced:
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                shutil.copyfile(pdf, temporary)
                os.replace(temporary, target)
        return targets

    def template_docx(self, source: Path) -> bytes:
        """The .docx of an OpenDocument template (.odt), as LibreOffice saves it; raises :class:`PdfError`."""
        soffice = self.executable()
        with tempfile.TemporaryDirectory(prefix="inquirygen-odt-") as work:
            work_dir = Path(work)
            staged = work_dir / "in" / "template.odt"
            staged.parent.mkdir()
            shutil.copyfile(source, staged)
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
            # A session of its own, so that on a timeout the whole process group can be stopped.
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       start_new_session=True)
        except OSError as error:
            raise PdfError(_("LibreOffice could not be started ({reason}); install LibreOffice "
                             "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
                             "fonts-liberation2), or set pdf.soffice in inquirygen.yaml to where "
                             "soffice is").format(reason=error.strerror)) from None
        try:
            _output, errors = process.communicate(timeout=self.timeout_seconds)
        except subprocess.TimeoutExpired:
            _stop(process)
            # English says "seconds" for one second too, as it always has; German needs both forms.
            raise PdfError(ngettext(
                "LibreOffice did not finish within {seconds} seconds and was stopped; no PDF was "
                "written",
                "LibreOffice did not finish within {seconds} seconds and was stopped; no PDF was "
                "written", 1 if self.timeout_seconds == 1 else 2).format(
                    seconds=f"{self.timeout_seconds:g}")) from None
        except BaseException:
            _stop(process)
            raise
        if process.returncode != 0:
            detail = (errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [""])[0]
            if detail:
                raise PdfError(_("LibreOffice failed (exit code {code}) {detail}").format(
                    code=process.returncode, detail=detail))
            raise PdfError(_("LibreOffice failed (exit code {code})").format(code=process.returncode))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and everything it started, and close its pipes."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    try:
        process.communicate(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a killed group cannot hold its pipes
        process.kill()
        process.communicate()


def _complete_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(5)
            stream.seek(max(path.stat().st_size - 1024, 0))
            tail = stream.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail
