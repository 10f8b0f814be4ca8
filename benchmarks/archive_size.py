"""The archive at size: archive, list and search in 100,000 synthetic entries against 10; index size."""

from __future__ import annotations

import itertools
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [["Deeskalation"], ["Schulungen", "Mitarbeiter"], ["Rückführung"], ["Kreises"],
           ["Eigensicherung", "Dienstleister"], ["Hilfsfrist"], ["Radwegenetz"],
           ["Einbürgerungsanträge"], ["Bezirksregierung"], ["Stellen"], ["Schutz der Kinder"],
           ["Verwalt*"]]


class _NoPdf:
    """The archive's PDF step left out: LibreOffice is measured on its own (pdf_rows)."""

    def convert(self, documents: list[Path], targets: list[Path]) -> list[Path]:
        for target in targets:
            target.write_bytes(b"%PDF-1.7\n%%EOF\n")
        return targets


def fill_index(root: Path, count: int) -> int:
    """``count`` synthetic letters written into the archive's index the way the archive writes them.

    Text like an office's: the words of all example answers and a long tail of rarer words, drawn with
    Zipf's law (a few words are everywhere, most are rare). Returns the bytes of text the index holds.
    """
    sys.path.insert(0, str(ROOT))
    from inquirygen.archive import Entry, Manifest, _create_tables, _index_entry

    rng = random.Random(1)
    corpus = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "answers").rglob("*.*")))
    real = sorted({w.strip(".,:;()?!»«*") for w in corpus.split()} - {""})
    syllables = ["an", "be", "dienst", "er", "fahr", "ge", "hal", "kreis", "lung", "meldung", "nach",
                 "ord", "recht", "schaft", "stel", "ter", "ung", "ver", "wal", "zu"]
    tail = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 5))) for _ in range(30_000)})
    vocabulary = real + tail
    rng.shuffle(vocabulary)
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(vocabulary))))
    root.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(root / "index.sqlite")
    _create_tables(connection)
    text_bytes = 0
    previous = None
    with connection:
        for number in range(count):
            items = []
            for position in range(rng.randint(2, 6)):
                question = " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(8, 20)))
                response = " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(40, 160)))
                items.append({"label": f"{position + 1}.", "question": question + "?",
                              "response": response + "."})
                text_bytes += len(question.encode()) + len(response.encode()) + 2
            year = 2015 + number % 11
            folder = root / str(year) / f"{year}-0{1 + number % 9}-1{number % 10}_letter-{number}"
            manifest = Manifest.from_dict({
                "format": 2, "id": folder.name, "version": 1, "archived_at": "2025-01-01T00:00:00Z",
                "tool": {"name": "inquirygen", "version": "0"}, "files": {}, "source": "",
                "inquiry": {"date": "2025-01-01", "subject": rng.choice(vocabulary),
                            "questioner": f"Fraktion {number % 7}", "reference": None, "kind": None},
                "letter": {"date": folder.name[:10], "title": "", "file_ref": None, "signatory": "",
                           "office": "", "recipient": []},
                "template": {"name": "", "sha256": ""}, "snippets": {}, "questions": items,
                "supersedes": None, "chain": {"sequence": number + 1, "previous": previous}})
            data = manifest.to_json().encode()
            _index_entry(connection, Entry(folder.name, folder, manifest), data)
            previous = __import__("hashlib").sha256(data).hexdigest()
    connection.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
    connection.commit()
    connection.execute("VACUUM")
    connection.close()
    return text_bytes


def archive_rows(workspace: Path, base: Path, count: int) -> list[tuple]:
    """Archiving the examples into an archive of ``count`` synthetic entries and into one of 10;
    listing the last 50; searching; the index's size against its text."""
    sys.path.insert(0, str(ROOT))
    from inquirygen.archive import Archive, archive_letter
    from inquirygen.workspace import Workspace

    letters = sorted((workspace / "answers").glob("*.yaml"))
    timings: dict[int, list[float]] = {}
    text_bytes = 0
    for size in (10, count):
        copy = base / f"archive-workspace-{size}"
        shutil.copytree(workspace, copy, ignore=shutil.ignore_patterns("archive", "out"))
        written = fill_index(copy / "archive", size)
        if size == count:
            text_bytes = written
        ws = Workspace.discover(copy)
        archive_letter(ws, copy / "answers" / letters[0].name, _NoPdf())  # imports and caches warm
        times = []
        for letter in letters[1:]:
            started = time.perf_counter()
            archive_letter(ws, copy / "answers" / letter.name, _NoPdf())
            times.append(time.perf_counter() - started)
        timings[size] = times
    archive = Archive(base / f"archive-workspace-{count}" / "archive")
    listing = []
    for _ in range(20):
        started = time.perf_counter()
        archive.listed(50)
        listing.append(time.perf_counter() - started)
    searching = []
    for _ in range(5):
        for words in QUERIES:
            started = time.perf_counter()
            archive.search(words)
            searching.append(time.perf_counter() - started)
    size = (archive.root / "index.sqlite").stat().st_size
    median_archive = statistics.median(timings[count])
    return [
        (f"archive one letter (no PDF) into {count:,} entries", median_archive, 0.3,
         "aim: 0.3 s", "≤ 1"),
        (f"archive one letter (no PDF), {count:,} entries against 10", median_archive,
         statistics.median(timings[10]), "the same into 10 entries", "≈ 1"),
        (f"archive list, the last 50 of {count:,}", statistics.median(listing), 0.050, "aim: 50 ms", "≤ 1"),
        (f"archive search over {count:,} letters, per query (median)", statistics.median(searching),
         0.020, "aim: 20 ms", "≤ 1"),
        (f"archive search over {count:,} letters, slowest query", max(searching), 0.050,
         "aim: 50 ms", "≤ 1"),
        (f"index size against the text of {count:,} letters", size, text_bytes, "text size", "≤ 2"),
    ]
