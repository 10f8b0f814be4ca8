"""Every example builds to the same .docx, member for member and byte for byte, as recorded.

The digests cover each zip member's name, timestamp and uncompressed bytes, so they hold on any zlib.
After an intended change of the output, regenerate them with:
    INQUIRYGEN_REGENERATE_GOLDEN=1 python -m pytest tests/test_identical_output.py
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

from .conftest import ROOT

DIGESTS = ROOT / "tests" / "golden" / "docx-digests.json"


def docx_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            digest.update(f"{info.filename}\0{info.date_time}\0{info.compress_type}\0".encode())
            digest.update(hashlib.sha256(archive.read(info)).digest())
    return digest.hexdigest()


def test_every_example_builds_to_the_recorded_bytes(example_workspace, cli):
    names = sorted(str(path.relative_to(example_workspace))
                   for path in (example_workspace / "answers").glob("*.yaml"))
    result = cli("build", *names, cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    built = {path.name: docx_digest(path) for path in sorted((example_workspace / "out").glob("*.docx"))}
    assert len(built) == len(list((ROOT / "answers").glob("*.yaml")))
    if os.environ.get("INQUIRYGEN_REGENERATE_GOLDEN"):
        DIGESTS.write_text(json.dumps(built, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert built == json.loads(DIGESTS.read_text(encoding="utf-8"))
