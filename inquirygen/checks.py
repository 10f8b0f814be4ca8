"""Check a whole workspace at once: every answer file, every snippet, every template, in one run."""

from __future__ import annotations

from pathlib import Path

from .build import RunReport, check_files, promote
from .errors import Problem
from .i18n import _
from .snippets import check_snippet_body, snippet_usage
from .workspace import Workspace


def check_workspace(workspace: Workspace, strict: bool = False, final: bool = False) -> RunReport:
    """All problems of the workspace; snippets no answer uses are warnings ("unused-snippet")."""
    from .writers.docx.checks import check_template
    from .writers.docx.template import TemplateLibrary

    answer_files = workspace.all_answer_files()
    # Each template read once, for the answers and its own checks.
    templates = TemplateLibrary(workspace.pdf_converter)
    report = check_files(workspace, answer_files, strict, final, templates)
    seen = set(report.problems)
    library = workspace.snippet_library()
    snippet_paths = [library.path_of(name) for name in library.names()]
    usage = snippet_usage(answer_files + snippet_paths)
    extra: list[Problem] = []
    for name, path in zip(library.names(), snippet_paths, strict=True):
        snippet, problems = library.get(name)
        extra.extend(problems)
        if snippet is not None:
            extra.extend(check_snippet_body(snippet))
        used_elsewhere = {file for file in usage.get(name, {}) if file != path}
        if not used_elsewhere:
            call = '{{ snippet("' + name + '") }}'
            extra.append(Problem(path, None, None,
                                 _("snippet '{name}' is not used by any answer").format(name=name),
                                 hint=_("delete it, or use it with {call}").format(call=call),
                                 severity="warning", code="unused-snippet"))
    for template in template_files(workspace):
        extra.extend(check_template(template, templates))
    extra.extend(workspace.layout_warnings())
    for problem in promote(extra, strict, final):
        if problem not in seen:  # a snippet used by an answer was already reported there
            seen.add(problem)
            report.problems.append(problem)
            if problem.is_error and problem.path not in report.failed_files:
                report.failed_files.append(problem.path)
    return report


def template_files(workspace: Workspace) -> list[Path]:
    """The workspace's templates: the configured default and everything in its templates folder."""
    found = {workspace.template_path.resolve()}
    folder = workspace.path(workspace.config.paths.templates)
    if folder.is_dir():
        found.update(p.resolve() for p in (*folder.glob("*.docx"), *folder.glob("*.odt"))
                     if not p.name.startswith(("~$", ".~lock")))
    return sorted(found)
