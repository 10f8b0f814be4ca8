"""Speed and memory of inquirygen against the baselines of ../shared/design/performance.md, side by side.

    python benchmarks/run.py                  # prints a table of ratios
    python benchmarks/run.py --update-readme  # also writes the table into README.md
    python benchmarks/run.py --quick          # fewer repetitions and a 200-letter batch

Measures, each in one run so that the machine's noise hits both sides alike:

* cold ``inquirygen build`` of the example against a bare docxtpl script that renders the same template
  with the same, precomputed context (import docxtpl, load, render, save); pandoc with the template as
  reference doc when pandoc is installed. Both with an empty template cache and with a warm one, and
  with an empty cache for a template of the office's own (the shipped ones come compiled).
* a batch of letters in one ``inquirygen build`` process against the naive docxtpl loop
  (load + render + save per letter), as time per letter;
* peak memory (max RSS) of a 1,000-letter batch against a 10-letter batch; a 10,000-letter batch
  against the 1,000-letter one, per letter and in peak memory (linear batches), and that growth against
  the bare interpreter given the same names;
* an answer file of 500 questions (about 200 pages): time per page against the example's, and
  peak memory against the example's;
* PDF/A for 20 letters in one LibreOffice call against 20 single ``soffice`` calls, per letter;
* a single letter's ``build --pdf`` with the warm LibreOffice (inquirygen/listener.py) against one that
  starts LibreOffice, as a whole command and its PDF step alone (``--pdf-only``: just the PDF rows);
* the archive with 100,000 synthetic entries (benchmarks/archive_size.py): archiving one letter
  without the PDF step against archiving into 10 entries, listing the last 50, searching (median
  and slowest query), and the index's size against the size of the text it holds.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_size import archive_rows  # beside this script, not an installed package

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "2025-09-15.yaml"

BARE_DOCXTPL = textwrap.dedent("""
    import json, sys
    from docxtpl import DocxTemplate
    from markupsafe import Markup
    context = json.load(open(sys.argv[1], encoding="utf-8"))
    for answer in context["answers"]:
        answer["body"] = Markup(answer["body"])
    template = DocxTemplate(sys.argv[2])
    template.render(context, autoescape=True)
    template.save(sys.argv[3])
""")

NAIVE_LOOP = textwrap.dedent("""
    import json, sys
    from docxtpl import DocxTemplate
    from markupsafe import Markup
    contexts = json.load(open(sys.argv[1], encoding="utf-8"))
    for index, context in enumerate(contexts):
        for answer in context["answers"]:
            answer["body"] = Markup(answer["body"])
        template = DocxTemplate(sys.argv[2])
        template.render(context, autoescape=True)
        template.save(f"{sys.argv[3]}/{index}.docx")
""")


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one command (os.wait4 gives the child's rusage)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    error = process.stderr.read().decode() if process.stderr else ""
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{error}")
    return elapsed, usage.ru_maxrss


def bare_interpreter_peak(args: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Peak memory in bytes of an interpreter that is given ``args`` and does nothing.

    Read from the process itself (VmHWM, its own address space's peak): a child's ru_maxrss starts at
    what the forking parent held, which is more than such an interpreter ever uses.
    """
    script = ("print(next(line.split()[1] for line in open('/proc/self/status') "
              "if line.startswith('VmHWM')))")
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, env=env,
                            capture_output=True, text=True, check=True)
    return int(result.stdout) * 1024


def make_workspace(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "inquirygen.yaml", folder)
    shutil.copytree(ROOT / "answers", folder / "answers")
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


CONTEXTS = textwrap.dedent("""
    import json, sys
    from inquirygen.build import resolve_files
    from inquirygen.letter import build_letter
    from inquirygen.workspace import Workspace
    from inquirygen.writers.docx import TemplateLibrary
    from inquirygen.writers.docx.context import template_context
    from inquirygen.writers.docx.wordml import BlockWriter
    space = Workspace.discover()
    template = TemplateLibrary().load(space.template_path)
    contexts = []
    for _, letter, problems in resolve_files(space, [space.answers_dir / n for n in sys.argv[2:]]):
        assert letter is not None, problems
        contexts.append(template_context(build_letter(letter), BlockWriter(template)))
    json.dump(contexts, open(sys.argv[1], "w", encoding="utf-8"))
""")


def template_contexts(workspace: Path, names: list[str], target: Path, env: dict) -> None:
    """The exact contexts inquirygen gives the template, for the docxtpl baselines.

    Computed in a child process: Linux hands a parent's peak memory down to the children it
    forks, so this process must stay small for their peak-memory figures to mean anything.
    """
    script = target.with_suffix(".py")
    script.write_text(CONTEXTS, encoding="utf-8")
    run([sys.executable, str(script), str(target), *names], workspace, env)


def make_batch(workspace: Path, count: int) -> list[str]:
    """``count`` answer files: the example with another subject and date each."""
    source = (workspace / "answers" / EXAMPLE).read_text(encoding="utf-8")
    folder = workspace / "answers" / f"batch{count}"
    folder.mkdir()
    names = []
    for index in range(count):
        day = 1 + index % 28
        text = source.replace("subject: Umgang mit Ausreisepflichtigen",
                              f"subject: Umgang mit Ausreisepflichtigen, Teil {index + 1}")
        text = text.replace("date: 2025-10-06", f"date: 2025-11-{day:02d}")
        name = f"batch{count}/{index:04d}.yaml"
        (workspace / "answers" / name).write_text(text, encoding="utf-8")
        names.append(name)
    return names


def median_pair(first, second, repeats: int) -> tuple[float, float]:
    """Medians of two commands run alternately, so that drift of the machine hits both."""
    a, b = [], []
    for _ in range(repeats):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--archive-only", action="store_true",
                        help="only the archive rows (benchmarks/archive_size.py), printed")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF rows, printed")
    options = parser.parse_args()
    repeats = 5 if options.quick else 15
    batch_size = 200 if options.quick else 1000

    with tempfile.TemporaryDirectory(prefix="inquirygen-bench-") as temporary:
        base = Path(temporary)
        workspace = make_workspace(base / "ws")
        if options.archive_only:
            print(format_table(archive_rows(workspace, base, 2_000 if options.quick else 100_000), 1))
            return 0
        # Measured as installed: pip writes every module's bytecode at install time. A checkout whose
        # bytecode is stale, in a shell with PYTHONDONTWRITEBYTECODE set, would compile the changed
        # modules anew at every start (some 50 ms) and measure the compiler, not inquirygen.
        compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "inquirygen"), quiet=1)
        # German, as clerks run it (the messages come from the compiled catalogue).
        env = {**os.environ, "INQUIRYGEN_CACHE_DIR": str(base / "cache"), "INQUIRYGEN_LANG": "de"}
        if options.pdf_only:
            names = make_batch(workspace, 5 if options.quick else 20)
            run([sys.executable, "-m", "inquirygen", "build", *[f"answers/{n}" for n in names], "-o",
                 str(base / "batch")], workspace, env)
            rows = warm_pdf_rows(workspace, env, repeats) + pdf_rows(workspace, base, names)
            print(format_table(rows, repeats))
            return 0
        python = sys.executable
        inquirygen = [python, "-m", "inquirygen"]
        contexts = base / "context.json"
        template_contexts(workspace, [EXAMPLE], base / "contexts-example.json", env)
        contexts.write_text(json.dumps(json.loads(
            (base / "contexts-example.json").read_text(encoding="utf-8"))[0]), encoding="utf-8")
        (base / "bare.py").write_text(BARE_DOCXTPL, encoding="utf-8")
        (base / "naive.py").write_text(NAIVE_LOOP, encoding="utf-8")
        template = workspace / "templates" / "answer_letter.docx"
        rows = []

        def ours_cold(clear_cache: bool):
            def measure():
                if clear_cache:
                    shutil.rmtree(base / "cache", ignore_errors=True)
                return run(inquirygen + ["build", EXAMPLE, "-o", str(base / "ours.docx")],
                           workspace, env)[0]
            return measure

        def bare():
            return run([python, str(base / "bare.py"), str(contexts), str(template),
                        str(base / "bare.docx")], workspace, env)[0]

        run(inquirygen + ["build", EXAMPLE, "-o", str(base / "warmup.docx")], workspace, env)
        run([python, str(base / "bare.py"), str(contexts), str(template), str(base / "w.docx")],
            workspace, env)
        cached, baseline = median_pair(ours_cold(False), bare, repeats)
        rows.append(("cold build of the example (template cache warm)", cached, baseline,
                     "bare docxtpl script", "≤ 1.0"))
        # What German costs over English: reading the compiled catalogue, once per run. Measured
        # in a process of its own many times over, since two cold builds differ by more in noise.
        german_cost = catalogue_seconds(env) - catalogue_seconds({**env, "INQUIRYGEN_LANG": "en"})
        rows.append(("German messages: catalogue read, once per run", german_cost,
                     cached, "the cold build of the example", "≤ 0.02"))
        uncached, baseline2 = median_pair(ours_cold(True), bare, repeats)
        rows.append(("cold build of the example (empty template cache)", uncached, baseline2,
                     "bare docxtpl script", "≤ 1.2"))
        # The shipped templates come compiled (inquirygen/templates/compiled/): a template of the
        # office's own is compiled on its first build. The same template with another zip comment is
        # such a template.
        own = make_workspace(base / "own")
        with zipfile.ZipFile(own / "templates" / "answer_letter.docx", "a") as package:
            package.comment = b"the office's own"

        def ours_own_template() -> float:
            shutil.rmtree(base / "cache-own", ignore_errors=True)
            return run(inquirygen + ["build", EXAMPLE, "-o", str(base / "own.docx")], own,
                       {**env, "INQUIRYGEN_CACHE_DIR": str(base / "cache-own")})[0]

        own_time, baseline3 = median_pair(ours_own_template, bare, repeats)
        rows.append(("cold build of the example, a template of the office's own (empty cache)",
                     own_time, baseline3, "bare docxtpl script", "(context)"))
        pandoc = shutil.which("pandoc")
        if pandoc:
            markdown = base / "letter.md"
            markdown.write_text((workspace / "answers" / EXAMPLE).read_text(encoding="utf-8"),
                                encoding="utf-8")
            cached2, pandoc_time = median_pair(
                ours_cold(False),
                lambda: run([pandoc, str(markdown), "--reference-doc", str(template), "-o",
                             str(base / "pandoc.docx")], workspace, env)[0], repeats)
            rows.append(("cold build of the example", cached2, pandoc_time,
                         "pandoc --reference-doc", "< 1"))

        names = make_batch(workspace, batch_size)
        template_contexts(workspace, names, base / "contexts.json", env)
        (base / "naive").mkdir()
        ours_batch, ours_rss = run(inquirygen + ["build", *[f"answers/{n}" for n in names], "-o",
                                                 str(base / "batch")], workspace, env)
        naive_batch, naive_rss = run([python, str(base / "naive.py"), str(base / "contexts.json"),
                                      str(template), str(base / "naive")], workspace, env)
        rows.append((f"batch of {batch_size} letters, time per letter", ours_batch / batch_size,
                     naive_batch / batch_size, "naive docxtpl loop", "≤ 0.8"))
        small = make_batch(workspace, 10)
        _, small_rss = run(inquirygen + ["build", *[f"answers/{n}" for n in small], "-o",
                                         str(base / "small")], workspace, env)
        rows.append((f"peak memory, {batch_size} letters against 10", ours_rss * 1024,
                     small_rss * 1024, "inquirygen, 10 letters", "≤ 1.3"))
        rows.append((f"peak memory of the naive docxtpl loop, {batch_size} letters", naive_rss * 1024,
                     ours_rss * 1024, "inquirygen, same batch", "(context)"))
        if not options.quick:  # linear batches: 10,000 letters against 1,000, per letter and in memory
            big = make_batch(workspace, 10_000)
            big_batch, big_rss = run(inquirygen + ["build", *[f"answers/{n}" for n in big], "-o",
                                                   str(base / "big")], workspace, env)
            rows.append(("batch of 10,000 letters against 1,000, time per letter", big_batch / 10_000,
                         ours_batch / batch_size, f"inquirygen, {batch_size} letters", "≤ 1.15"))
            rows.append(("peak memory, 10,000 letters against 1,000", big_rss * 1024, ours_rss * 1024,
                         f"inquirygen, {batch_size} letters", "≤ 1.3"))
            # What 9,000 more names on the command line cost the interpreter itself (its copies of
            # argv, some 1 KB a name): the part of the growth no program in Python can avoid.
            bare_big = bare_interpreter_peak([f"answers/{n}" for n in big], workspace, env)
            bare_small = bare_interpreter_peak([f"answers/{n}" for n in names], workspace, env)
            rows.append(("peak memory growth from 1,000 to 10,000 letters", (big_rss - ours_rss) * 1024,
                         bare_big - bare_small,
                         "the bare interpreter given the same names (python -c pass)", "(context)"))

        rows.extend(large_rows(workspace, base, env, cached))
        # Last, because they load inquirygen into this process (see template_contexts).
        rows.extend(warm_pdf_rows(workspace, env, repeats))
        rows.extend(pdf_rows(workspace, base, names[:5 if options.quick else 20]))
        rows.extend(archive_rows(workspace, base, 2_000 if options.quick else 100_000))

    table = format_table(rows, repeats)
    print(table)
    if options.update_readme:
        update_readme(table)
    return 0


def catalogue_seconds(env: dict) -> float:
    """Median time to the first message in a fresh process: in German, gettext imported and the .mo read."""
    script = ("import time; t = time.perf_counter(); from inquirygen import i18n; i18n._('warning: '); "
              "print(time.perf_counter() - t)")
    return statistics.median(float(subprocess.run([sys.executable, "-c", script], env=env, check=True,
                                                  capture_output=True, text=True).stdout)
                             for _ in range(15))


def large_rows(workspace: Path, base: Path, env: dict, example_seconds: float) -> list[tuple]:
    """500 questions of two paragraphs each: does the time per page stay near the example's?"""
    import random

    import yaml

    rng = random.Random(3)
    words = [w for w in (workspace / "answers" / EXAMPLE).read_text(encoding="utf-8").split()
             if w.isalpha()]
    questions = [{"question": " ".join(rng.choices(words, k=15)) + "?",
                  "response": "\n\n".join(" ".join(rng.choices(words, k=rng.randint(60, 110)))
                                           for _ in range(2))} for _ in range(500)]
    answers = {"inquiry": {"date": "2025-09-15", "subject": "Große Anfrage"},
               "recipient": {"address": ["Fraktion"]},
               "letter": {"date": "2025-10-06", "signatory": {"name": "Erika Muster"}},
               "questions": questions}
    (workspace / "answers" / "gross.yaml").write_text(
        yaml.safe_dump(answers, allow_unicode=True, width=10**9), encoding="utf-8")
    seconds, rss = run([sys.executable, "-m", "inquirygen", "build", "gross.yaml", "-o",
                        str(base / "gross.docx")], workspace, env)
    _, example_rss = run([sys.executable, "-m", "inquirygen", "build", EXAMPLE, "-o",
                          str(base / "example.docx")], workspace, env)
    pages = _pages(base / "gross.docx", base)
    if pages is None:
        return []
    return [(f"500 questions ({pages} pages), time per page", seconds / pages, example_seconds / 2,
             "the example (2 pages), cold", "≤ 10"),
            (f"peak memory, 500 questions ({pages} pages) against the example", rss * 1024,
             example_rss * 1024, "the example", "(bounded)")]


def _pages(docx: Path, base: Path) -> int | None:
    """Pages of a letter as LibreOffice lays it out (None without LibreOffice)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    subprocess.run([soffice, f"-env:UserInstallation={(base / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(base), str(docx)],
                   capture_output=True, timeout=600, check=True)
    pdf = (base / f"{docx.stem}.pdf").read_bytes()
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count (\d+)", pdf, re.DOTALL)
    return max(int(c) for c in counts) if counts else None


def pdf_rows(workspace: Path, base: Path, names: list[str]) -> list[tuple]:
    """One LibreOffice process for the batch against one process per letter."""
    sys.path.insert(0, str(ROOT))
    from inquirygen.pdf import PdfConverter

    converter = PdfConverter()
    if shutil.which(converter.soffice) is None:
        return []
    from inquirygen import accessible

    documents = sorted((base / "batch").glob("*.docx"))[:len(names)]
    targets = [base / "pdf" / f"{d.stem}.pdf" for d in documents]
    completing: list[float] = []
    complete = accessible.complete

    def timed(pdf: Path, source: Path) -> bool:  # the tagging step (pikepdf) on its own
        started = time.perf_counter()
        try:
            return complete(pdf, source)
        finally:
            completing.append(time.perf_counter() - started)

    accessible.complete = timed  # type: ignore[assignment]
    started = time.perf_counter()
    try:
        converter.convert(documents, targets)
    finally:
        accessible.complete = complete  # type: ignore[assignment]
    batch = (time.perf_counter() - started) / len(documents)
    started = time.perf_counter()
    for document, target in zip(documents, targets, strict=True):
        converter.convert([document], [target])
    single = (time.perf_counter() - started) / len(documents)
    return [(f"PDF/A of {len(documents)} letters in one call, time per letter", batch, single,
             "one soffice call per letter", "≤ 0.15"),
            ("PDF/UA tagging of each PDF (pikepdf), time per letter",
             statistics.median(completing), batch, "the PDF/A conversion per letter in a batch", "≤ 0.2")]


def warm_pdf_rows(workspace: Path, env: dict, repeats: int) -> list[tuple]:
    """A single letter's ``build --pdf`` through the warm LibreOffice against one that starts it."""
    import signal

    sys.path.insert(0, str(ROOT))
    from inquirygen import listener

    soffice = shutil.which("soffice")
    if soffice is None or listener.uno_python(soffice) is None:
        return []
    runtime = Path(tempfile.mkdtemp(prefix="igrun-", dir="/tmp"))  # 0700, and short: a socket's path
    warm_env = {**env, "XDG_RUNTIME_DIR": str(runtime)}
    warm_env.pop(listener.SWITCH, None)
    cold_env = {**env, listener.SWITCH: "off"}
    building = [sys.executable, "-m", "inquirygen", "build", EXAMPLE]
    folder = runtime / "inquirygen" / listener.listener_folder(soffice).name  # as the commands find it
    try:
        run([*building, "--pdf"], workspace, warm_env)  # starts the listener: not measured
        if listener.read_state(folder) is None:
            return []  # no uno after all: nothing warm to measure
        warm, cold = median_pair(lambda: run([*building, "--pdf"], workspace, warm_env)[0],
                                 lambda: run([*building, "--pdf"], workspace, cold_env)[0], repeats)
        plain = statistics.median(run(building, workspace, env)[0] for _ in range(repeats))
    finally:
        state = listener.read_state(folder)
        if state is not None:
            os.kill(state.pid, signal.SIGTERM)  # it stops its LibreOffice and removes its files
            deadline = time.monotonic() + 20
            while listener.read_state(folder) is not None and time.monotonic() < deadline:
                time.sleep(0.1)
        shutil.rmtree(runtime, ignore_errors=True)
    return [("build --pdf of one letter, LibreOffice warm", warm, cold, "build --pdf starting LibreOffice",
             "0.4 s itself (not a ratio)"),
            ("its PDF step alone (build --pdf less build), LibreOffice warm", warm - plain, cold - plain,
             "the PDF step starting LibreOffice", "0.4 s itself (not a ratio)")]


def _shown(value: float, label: str) -> str:
    if "memory" in label or "size" in label:
        return f"{value / 2**20:.1f} MiB"
    return f"{value * 1000:.1f} ms"


def format_table(rows, repeats: int) -> str:
    lines = [
        (f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python "
         f"{sys.version.split()[0]}; medians of {repeats} alternating runs for the cold builds."),
        "",
        "| measure | inquirygen | baseline | against | ratio | aim |",
        "|---|---|---|---|---|---|",
    ]
    for label, ours, theirs, against, aim in rows:
        ratio = f"{ours / theirs:.2f}" if theirs else "–"
        lines.append(f"| {label} | {_shown(ours, label)} | {_shown(theirs, label)} | {against} | "
                     f"{ratio} | {aim} |")
    return "\n".join(lines)


def update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    marker = "<!-- benchmark-table -->"
    head = text.split(marker)[0]
    readme.write_text(f"{head}{marker}\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
