"""Write inquirygen/templates/compiled/: each shipped template compiled, as the template cache keeps it.

A template is cleaned (docxtpl's clean-up of Word's split runs), checked and its printed values found
once per version of its bytes; the cache (``inquirygen/cache.py``) keeps the result. The shipped
templates come with theirs, so that the first build of a new workspace needs neither docxtpl nor
python-docx. Run ``python tools/compile_templates.py`` after ``tools/make_template.py`` and after
changing how templates are compiled; ``tests/test_cold_start.py`` fails while these files are stale.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "inquirygen" / "templates" / "compiled"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    shutil.rmtree(TARGET, ignore_errors=True)  # compiled afresh, not read from here
    with tempfile.TemporaryDirectory(prefix="inquirygen-compile-") as folder:
        os.environ["INQUIRYGEN_CACHE_DIR"] = folder
        from inquirygen.writers.docx.template import TemplateLibrary

        for template in sorted((ROOT / "inquirygen" / "templates").glob("*.docx")):
            TemplateLibrary().files(template)
        TARGET.mkdir()
        for entry in sorted(Path(folder).glob("template-*.json")):
            shutil.copyfile(entry, TARGET / entry.name)
            print(f"wrote {(TARGET / entry.name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
