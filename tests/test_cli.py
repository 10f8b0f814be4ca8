"""The command layer: every command has help, and errors reach their exit codes through the report."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from inquirygen import errors
from inquirygen.cli import main
from inquirygen.cli.group import ReportingGroup
from inquirygen.errors import EXIT_ENVIRONMENT, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, InquirygenError

from .conftest import ROOT


def all_commands(group: click.Group, path: tuple[str, ...] = ()
                 ) -> list[tuple[tuple[str, ...], click.Command]]:
    """Every command and subcommand below ``group``, with the words that call it."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found += all_commands(command, (*path, name))
    return found


def test_every_command_and_subcommand_has_help(cli, data_workspace):
    commands = all_commands(main)
    assert len(commands) == 28  # 11 commands, 3 groups, 5 snippets, 8 archive, 1 template subcommands
    for path, command in commands:
        name = " ".join(path)
        assert command.help and command.help.strip(), f"'{name}' has no help text"
        result = cli(*path, "--help", cwd=data_workspace)
        assert result.exit_code == 0, name
        assert result.stdout.startswith(f"Usage: inquirygen {name} "), result.stdout
        assert command.help.splitlines()[0].split(":")[0] in " ".join(result.stdout.split()), name
        for parameter in command.params:
            if isinstance(parameter, click.Option) and "--help" not in parameter.opts:
                assert parameter.help, f"option {parameter.opts[0]} of '{name}' has no help text"


def test_command_modules_stay_thin():
    for path in sorted((ROOT / "inquirygen" / "cli").glob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 300, f"{path.name} has {lines} lines"


# -- the report layer maps errors to exit codes, once --------------------------------------------


def reporting_cli(body) -> click.Group:
    """A group like ``inquirygen``: one command and one subgroup command, both running ``body``."""

    @click.group(cls=ReportingGroup)
    def group() -> None:
        """A group."""

    @group.command()
    def run():
        """Run the body."""
        return body()

    @group.group()
    def sub() -> None:
        """A subgroup."""

    @sub.command("run")
    def sub_run():
        """Run the body in a subgroup."""
        return body()

    return group


def invoke(group: click.Group, *args: str):
    return CliRunner().invoke(group, list(args), prog_name="inquirygen", catch_exceptions=False)


def every_error_class() -> list[type[InquirygenError]]:
    found, todo = [], [InquirygenError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return sorted((c for c in found if c is not errors.ProblemsFound), key=lambda c: c.__name__)


@pytest.mark.parametrize("code", [EXIT_PROBLEMS, EXIT_USAGE, EXIT_ENVIRONMENT])
@pytest.mark.parametrize("where", [["run"], ["sub", "run"]])
def test_an_error_of_each_exit_code_reaches_it_without_a_traceback(code, where):
    error_class = type("SomeError", (InquirygenError,), {"exit_code": code})

    def body():
        raise error_class("the disk is full")

    result = invoke(reporting_cli(body), *where)
    assert result.exit_code == code
    assert result.stderr == "Error: the disk is full\n"
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_every_error_class_of_inquirygen_reaches_its_documented_exit_code():
    seen = set()
    for error_class in every_error_class():
        def body(error_class=error_class):
            raise error_class(f"{error_class.__name__} happened")

        result = invoke(reporting_cli(body), "run")
        assert result.exit_code == error_class.exit_code, error_class
        assert result.stderr == f"Error: {error_class.__name__} happened\n"
        seen.add(result.exit_code)
    assert seen == {EXIT_PROBLEMS, EXIT_USAGE, EXIT_ENVIRONMENT}
    assert errors.OutputError.exit_code == errors.PdfError.exit_code == errors.ArchiveError.exit_code \
        == EXIT_ENVIRONMENT
    assert errors.InputNotFoundError.exit_code == EXIT_USAGE


def test_problems_found_prints_every_problem_located_then_fails_once():
    problems = [errors.Problem(Path("b.yaml"), 3, 1, "second"),
                errors.Problem(Path("a.yaml"), 12, 5, "first", hint="do this"),
                errors.Problem(Path("a.yaml"), 14, 1, "only a warning", severity="warning")]

    def body():
        raise errors.ProblemsFound(problems)

    result = invoke(reporting_cli(body), "sub", "run")
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stderr == ("a.yaml:12:5: first\n"
                             "    hint: do this\n"
                             "a.yaml:14:1: warning: only a warning\n"
                             "b.yaml:3:1: second\n"
                             "Error: 2 problems found\n")
    assert result.stdout == ""


@pytest.mark.parametrize(("returned", "code"), [(None, EXIT_OK), (EXIT_OK, EXIT_OK),
                                                 (EXIT_PROBLEMS, EXIT_PROBLEMS)])
def test_what_a_command_returns_is_its_exit_code(returned, code):
    result = invoke(reporting_cli(lambda: returned), "run")
    assert result.exit_code == code
    assert result.output == ""


@pytest.mark.parametrize(("interrupt", "code"), [(KeyboardInterrupt(), 130),
                                                   (errors.Interrupted(15), 143),
                                                   (errors.Interrupted(1), 129)])
def test_ctrl_c_and_sigterm_end_a_command_with_the_shells_exit_code(interrupt, code):
    def body():
        raise interrupt

    result = invoke(reporting_cli(body), "run")
    assert result.exit_code == code
    assert result.stderr == "Error: interrupted; nothing was left half-written\n"
    assert result.stdout == ""


def test_ctrl_c_ends_watching_quietly(monkeypatch):
    from inquirygen import preview

    def watching(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(preview, "watch_letter", watching)
    result = invoke(main, "preview", "--watch", "a.yaml")
    assert result.exit_code == EXIT_OK
    assert result.output == ""


def test_what_the_system_refuses_is_named_with_its_file(tmp_path, monkeypatch):
    import errno
    import os

    def body():
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(tmp_path / "a.yaml"))

    monkeypatch.chdir(tmp_path)
    result = invoke(reporting_cli(body), "run")
    assert result.exit_code == EXIT_ENVIRONMENT
    assert result.stderr == f"Error: cannot use a.yaml: {os.strerror(errno.EIO)}\n"

    def without_file():
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    result = invoke(reporting_cli(without_file), "run")
    assert result.stderr == (f"Error: a file could not be read or written: {os.strerror(errno.EIO)}\n")


def test_a_bug_is_not_disguised_as_a_users_mistake():
    def body():
        raise ZeroDivisionError("a bug")

    with pytest.raises(ZeroDivisionError):
        invoke(reporting_cli(body), "run")


def test_usage_errors_stay_clicks():
    def body():
        raise click.UsageError("no questions given")

    result = invoke(reporting_cli(body), "run")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == ("Usage: inquirygen run [OPTIONS]\n"
                             "Try 'inquirygen run --help' for help.\n\n"
                             "Error: no questions given\n")


def test_the_inquirygen_command_reports_through_the_one_group():
    # main is the program's entry: a plain build runs without click (cli/direct.py), every other
    # command line goes to this group
    assert isinstance(main.group, ReportingGroup)
    assert not any(isinstance(command, ReportingGroup) for _, command in all_commands(main.group))
