"""inquirygen: answer letters to council and parliament inquiries, from YAML through a Word template.

The library is usable without the command line::

    from inquirygen import Workspace, build_files, check_files
    workspace = Workspace.discover()
    report = build_files(workspace, [workspace.find_answer_file("2025-09-15.yaml")])
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what __getattr__ below imports on first use, for type checkers
    from .build import build_files, check_files
    from .loader import load_answer_file
    from .workspace import Workspace

__version__ = "0.1.0"
__all__ = ["Workspace", "__version__", "build_files", "check_files", "load_answer_file"]


def __getattr__(name: str) -> object:
    # Imported on first use, so that `inquirygen --help` does not pay for pydantic and docxtpl.
    if name == "Workspace":
        from .workspace import Workspace
        return Workspace
    if name in ("build_files", "check_files"):
        from . import build
        return getattr(build, name)
    if name == "load_answer_file":
        from .loader import load_answer_file
        return load_answer_file
    raise AttributeError(name)
