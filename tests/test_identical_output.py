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
from .test_golden import EXAMPLES, WORKSPACES, copy_workspace

DIGESTS = ROOT / "tests" / "golden" / "docx-digests.json"


def docx_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            digest.update(f"{info.filename}\0{info.date_time}\0{info.compress_type}\0".encode())
            digest.update(hashlib.sha256(archive.read(info)).digest())
    return digest.hexdigest()


def test_every_example_builds_to_the_recorded_bytes(tmp_path, cli):
    built = {}
    for space in WORKSPACES:
        workspace = copy_workspace(space, tmp_path / (space or "root"))
        names = sorted(str(path.relative_to(workspace))
                       for path in (workspace / "answers").glob("*.yaml"))
        result = cli("build", *names, cwd=workspace)
        assert result.exit_code == 0, result.stderr
        prefix = f"{space}/" if space else ""
        built.update({prefix + path.name: docx_digest(path)
                      for path in sorted((workspace / "out").glob("*.docx"))})
    assert len(built) == len(EXAMPLES)
    if os.environ.get("INQUIRYGEN_REGENERATE_GOLDEN"):
        DIGESTS.write_text(json.dumps(built, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert built == json.loads(DIGESTS.read_text(encoding="utf-8"))
