"""The workspace: ``inquirygen.yaml`` found from the current folder upwards, with a default for every key."""

from __future__ import annotations

import errno
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputNotFoundError, Problem, ProblemsFound, WorkspaceError, display_path
from .frozen import frozen
from .i18n import _
from .loader import validate_document
from .settings import OfficeSettings, WorkspaceConfig
from .yamlfile import YamlDocument, read_yaml_file

if TYPE_CHECKING:
    from .pdf import PdfConverter
    from .snippets import SnippetLibrary

CONFIG_NAME = "inquirygen.yaml"
# Shipped templates that are not letters: the Landtag's print form has no address, salutation,
# closing or signature.
SHIPPED_TEMPLATE_FORMS = {"landtag_drucksache": "print"}
PACKAGED_TEMPLATES = Path(__file__).parent / "templates"


# The shipped templates' first page: the return address in 7 pt over the address column (80 mm), and
# room for five letterhead lines of 14 pt between the header's top and 45 mm.
RETURN_ADDRESS_SIZE_PT = 7.0
RETURN_ADDRESS_WIDTH_MM = 80.0
LETTERHEAD_LINES = 5


@frozen
class Workspace:
    """A folder of answers, snippets and templates, and the configuration that applies to it."""

    root: Path
    config: WorkspaceConfig
    config_path: Path | None = None
    config_document: YamlDocument | None = None  # for the line of a setting in messages

    @classmethod
    def discover(cls, start: Path | None = None) -> Workspace:
        """The workspace of ``start`` (default: the current folder), like git finds ``.git``.

        Without an ``inquirygen.yaml`` anywhere above, ``start`` itself is the workspace and every
        setting has its default. Raises :class:`ProblemsFound` when the configuration has errors.
        """
        start = (start or Path.cwd()).resolve()
        config = _config_above(start)
        return cls.load(config) if config is not None else cls(start, WorkspaceConfig())

    @classmethod
    def of_answer_files(cls, names: Sequence[str]) -> tuple[Workspace, AnswerFiles]:
        """The workspace the named answer files belong to, and the files, each once.

        A file named by its path belongs to the workspace of the ``inquirygen.yaml`` above it,
        wherever the command runs (so its snippets, template and settings are the ones it was
        written for); a bare name is looked for in the current workspace's answers folder. Raises
        :class:`WorkspaceError` for files of two workspaces in one run.
        """
        here = cls.discover()
        others: dict[Path, Workspace] = {}  # each other workspace read once, for a whole batch
        configs: dict[Path, Path | None] = {}  # each folder looked up once: a batch is mostly one folder
        roots: dict[Path, Workspace] = {}
        seen: set[str] = set()
        found = bytearray(len(names))
        for index, name in enumerate(names):
            candidate, given = here.answer_candidate(name)
            path = given.resolve()
            if str(path) in seen:
                continue  # named twice (or as a name and as a path): built once
            seen.add(str(path))
            found[index] = candidate + 1
            if candidate != 0:  # a bare name found in the answers folder
                roots.setdefault(here.root, here)
                continue
            if path.parent not in configs:
                configs[path.parent] = _config_above(path.parent)
            config = configs[path.parent]
            if config is not None and config.parent != here.root:
                if config not in others:
                    others[config] = cls.load(config)
                workspace = others[config]
            elif config is None and not here.contains(path):
                # A loose file with no inquirygen.yaml above it: the defaults of its own folder,
                # whichever folder the command runs in.
                workspace = others.setdefault(path.parent, cls(path.parent, WorkspaceConfig()))
            else:  # what find_answer_file gives for a name that is a file: the file itself
                workspace = here
            roots.setdefault(workspace.root, workspace)
        if len(roots) > 1:
            first, *rest = roots
            folders = _folder_name(first)
            for root in rest:
                folders = _("{folders} and {folder}").format(folders=folders, folder=_folder_name(root))
            raise WorkspaceError(_("the answer files belong to different workspaces ({folders}); run "
                                   "the command once for each").format(folders=folders))
        return next(iter(roots.values()), here), AnswerFiles(here, names, bytes(found))

    def require_own_folder(self) -> None:
        """Raise :class:`WorkspaceError` when there is no workspace here to speak of: neither an
        inquirygen.yaml here or above, nor an answers folder (a check would check nothing)."""
        if self.config_path is None and not self.answers_dir.is_dir():
            if display_path(self.root) == ".":
                message = _("no workspace here: no {config} in this folder or above it, and no answers "
                            "folder; go to the folder of your answers (cd), name an answer file, or "
                            "create a workspace with 'inquirygen init FOLDER'")
            else:
                message = _("no workspace here: no {config} in {folder} or above it, and no answers "
                            "folder; go to the folder of your answers (cd), name an answer file, or "
                            "create a workspace with 'inquirygen init FOLDER'")
            raise WorkspaceError(message.format(config=CONFIG_NAME, folder=display_path(self.root)))

    @classmethod
    def load(cls, config_path: Path) -> Workspace:
        """Read one configuration file; raises :class:`ProblemsFound` with every problem in it."""
        problems: list[Problem] = []
        document = read_yaml_file(config_path, problems)
        config = None
        if document is not None:
            if document.data is None:
                config = WorkspaceConfig()  # an empty file means "all defaults"
            else:
                config = validate_document(document, WorkspaceConfig, problems, what="configuration")
            if config is not None:
                _check_phrases(document, config, problems)
                _check_paths(document, config, config_path.parent.resolve(), problems)
        if problems or config is None:
            raise ProblemsFound(problems)
        return cls(config_path.parent.resolve(), config, config_path.resolve(), document)

    def path(self, relative: str) -> Path:
        return (self.root / relative).resolve()

    def contains(self, path: Path) -> bool:
        """Whether ``path`` (after following links) lies inside the workspace folder."""
        return path.resolve().is_relative_to(self.root)

    @property
    def answers_dir(self) -> Path:
        return self.path(self.config.paths.answers)

    @property
    def snippets_dir(self) -> Path:
        return self.path(self.config.paths.snippets)

    @property
    def output_dir(self) -> Path:
        return self.path(self.config.paths.output)

    @property
    def archive_dir(self) -> Path:
        return self.path(self.config.paths.archive)

    def snippet_library(self) -> SnippetLibrary:
        """The snippets of this workspace (files linking outside it are refused)."""
        from .snippets import SnippetLibrary

        return SnippetLibrary(self.snippets_dir, self.root)

    def pdf_converter(self) -> PdfConverter:
        from .pdf import PdfConverter

        settings = self.config.pdf
        return PdfConverter(settings.soffice, settings.timeout, settings.listener_idle)

    @property
    def template_path(self) -> Path:
        """The configured template, or the one shipped with inquirygen when the workspace has none."""
        configured = self.path(self.config.paths.template)
        if configured.is_file():
            return configured
        packaged = PACKAGED_TEMPLATES / Path(self.config.paths.template).name
        return packaged if packaged.is_file() else configured

    def form_of(self, template: Path) -> str:
        """"letter", or "print" for the Landtag's print form (``template_forms`` in inquirygen.yaml)."""
        configured = self.config.template_forms.get(template.stem)
        return configured or SHIPPED_TEMPLATE_FORMS.get(template.stem, "letter")

    def office_for(self, template: Path) -> OfficeSettings:
        """The office as inquirygen.yaml describes it for letters in ``template``."""
        return self.config.template_offices.get(template.stem, self.config.office)

    def named_template(self, name: str) -> Path | None:
        """The template ``letter.template`` names: in the workspace's templates folder (.docx, else an
        OpenDocument .odt), else shipped."""
        files = [name] if name.endswith((".docx", ".odt")) else [f"{name}.docx", f"{name}.odt"]
        if "/" in name or "\\" in name:
            return None
        for folder in (self.path(self.config.paths.templates), PACKAGED_TEMPLATES):
            for file in files:
                candidate = folder / file
                if candidate.is_file() and (folder == PACKAGED_TEMPLATES or self.contains(candidate)):
                    return candidate.resolve()
        return None

    def template_names(self) -> list[str]:
        names: set[str] = set()
        for folder in (self.path(self.config.paths.templates), PACKAGED_TEMPLATES):
            if folder.is_dir():
                names.update(p.stem for p in (*folder.glob("*.docx"), *folder.glob("*.odt")))
        return sorted(names)

    def find_answer_file(self, name: str) -> Path:
        """The answer file the user named: as given, or in the workspace's answers folder.

        Raises :class:`InputNotFoundError` naming the places looked in.
        """
        return self.answer_candidate(name)[1].resolve()

    def answer_candidates(self, name: str) -> list[Path]:
        """Where the answer file ``name`` may be, in the order looked: as given, then in the answers
        folder, each also with ``.yaml`` added to a name without an ending."""
        given = Path(name)
        candidates = [given]
        if not given.is_absolute() and len(given.parts) == 1:
            candidates.append(self.answers_dir / given)
            if not given.suffix:
                candidates += [Path(f"{name}.yaml"), self.answers_dir / f"{name}.yaml"]
        return candidates

    def answer_candidate(self, name: str) -> tuple[int, Path]:
        """Which of :meth:`answer_candidates` is the file, and that candidate; raises
        :class:`InputNotFoundError` naming the places looked in."""
        candidates = self.answer_candidates(name)
        for index, candidate in enumerate(candidates):
            if _is_file(candidate, name):
                return index, candidate
        looked = ", ".join(dict.fromkeys(
            _("the current folder") if str(c.parent) == "." else display_path(c.parent) + "/"
            for c in candidates))
        raise InputNotFoundError(_("answer file '{name}' not found (looked in {places})").format(
            name=name, places=looked))

    def all_answer_files(self) -> list[Path]:
        # Listed, not globbed: a folder that may not be read is then said, not taken for empty.
        if not self.answers_dir.is_dir():
            return []
        return sorted(path for path in self.answers_dir.iterdir()
                      if path.name.endswith(".yaml") and path.is_file())

    def layout_warnings(self) -> list[Problem]:
        """Office settings that the shipped templates' first page cannot hold: a return address that
        wraps (7 pt in the 80 mm above the address) and a letterhead that reaches the address field."""
        from .textwidth import line_width_mm

        if self.config_document is None:
            return []
        found: list[Problem] = []
        offices = [(("office",), self.config.office),
                   *((("template_offices", name), office)
                     for name, office in self.config.template_offices.items())]
        for path, office in offices:
            if len(office.letterhead) > LETTERHEAD_LINES:
                found.append(self.config_document.problem(
                    (*path, "letterhead"), _("the letterhead has {count} lines; the shipped templates "
                                             "hold {limit} above the address field").format(
                        count=len(office.letterhead), limit=LETTERHEAD_LINES),
                    hint=_("put the rest into the footer, or make the style 'Briefkopf' smaller in the "
                           "template"), key=True, severity="warning", code="layout"))
            width = line_width_mm(office.return_address, RETURN_ADDRESS_SIZE_PT)
            if width > RETURN_ADDRESS_WIDTH_MM:
                found.append(self.config_document.problem(
                    (*path, "return_address"), _("the return address is too long for its line above "
                                                 "the address (about {width} mm, {limit} mm fit) and "
                                                 "wraps").format(
                        width=f"{width:.0f}", limit=f"{RETURN_ADDRESS_WIDTH_MM:.0f}"),
                    hint=_("leave out what the post does not need (the street, when a post box is "
                           "given)"), severity="warning", code="layout"))
        return found


class AnswerFiles:
    """The answer files a command named, each once, in order: made into paths one at a time, as a
    batch reads them.

    A batch of 10,000 letters keeps no path per file while it runs (issue 16, memory of large batches):
    only the names it was given (the command line's own strings) and, per name, a byte saying which
    of the places looked in held the file, or that the name repeats an earlier one.
    """

    def __init__(self, here: Workspace, names: Sequence[str], found: bytes):
        self._here = here
        self._names = names
        self._found = found  # per name: 1 + the index in answer_candidates, or 0 for a repetition

    def __iter__(self) -> Iterator[Path]:
        for name, found in zip(self._names, self._found, strict=True):
            if found:
                yield self._here.answer_candidates(name)[found - 1].resolve()

    def __len__(self) -> int:
        return len(self._found) - self._found.count(0)

    def __contains__(self, item: object) -> bool:
        return any(path == item for path in self)

    def __repr__(self) -> str:
        return f"AnswerFiles({list(self)!r})"


def _folder_name(folder: Path) -> str:
    shown = display_path(folder)
    return _("this folder") if shown == "." else shown


def _config_above(folder: Path) -> Path | None:
    """The ``inquirygen.yaml`` in ``folder`` or the nearest folder above it."""
    for candidate in (folder / CONFIG_NAME, *(parent / CONFIG_NAME for parent in folder.parents)):
        if candidate.is_file():
            return candidate
    return None


def _check_phrases(document: YamlDocument, config: WorkspaceConfig, problems: list[Problem]) -> None:
    """Each phrase of the workspace must be valid Jinja that uses only what phrases are given."""
    from .phrases import check_phrases

    problems += check_phrases(document, ("phrases",), config.phrases.model_dump(
        exclude_unset=True))
    for group in ("template_phrases", "kind_phrases"):
        for name, overrides in getattr(config, group).items():
            problems += check_phrases(document, (group, name), overrides.model_dump(exclude_none=True))


def _check_paths(document: YamlDocument, config: WorkspaceConfig, root: Path,
                 problems: list[Problem]) -> None:
    """Configured folders and files stay inside the workspace: no '..', absolute paths or links out."""
    for name, value in config.paths.model_dump().items():
        if not (root / value).resolve().is_relative_to(root):
            problems.append(document.problem(
                ("paths", name), _("'{path}' lies outside the workspace {workspace}").format(
                    path=value, workspace=display_path(root)),
                hint=_("keep the workspace's files below the folder of inquirygen.yaml; a file "
                       "elsewhere can be named on the command line instead (e.g. build -o)")))


def _is_file(path: Path, name: str) -> bool:
    """Whether ``path`` is a file; a name too long for any file system is said as such."""
    try:
        return path.is_file()
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        raise InputNotFoundError(_("answer file '{name}' cannot exist: the name is longer than file "
                                   "systems allow").format(name=name)) from None
