"""A cold start takes the short ways: a plain build without click, libyaml where it reads as PyYAML does.

Each short way must give exactly what the long one gives: the same output, messages, exit codes and
letters (the timing itself is benchmarks/run.py's to measure, not a test's).
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from inquirygen import fastyaml
from inquirygen.cli import direct, report

from .conftest import DATA, ROOT
from .test_fuzz import mutations

# -- build without click ---------------------------------------------------------------------------

DIRECT = [sys.executable, "-m", "inquirygen"]
THROUGH_CLICK = [sys.executable, "-c", "from inquirygen.cli import main; main.group()"]


def run(command: list[str], args: list[str], cwd: Path, language: str = "en"
        ) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "INQUIRYGEN_LANG": language}
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd, env=environment,
                          check=False)


def test_a_plain_build_of_a_valid_file_runs_without_loading_click_or_pydantic(example_workspace):
    code = ("import runpy, sys\n"
            "sys.argv = ['inquirygen', 'build', '2025-09-15.yaml', '-o', 'letter.docx']\n"
            "try:\n"
            "    runpy.run_module('inquirygen', run_name='__main__')\n"
            "except SystemExit as stop:\n"
            "    print(stop.code, sorted({m.split('.')[0] for m in sys.modules} & "
            "{'click', 'pydantic', 'pydantic_core'}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=example_workspace, check=True)
    assert result.stdout == "wrote letter.docx\n0 []\n"
    assert (example_workspace / "letter.docx").is_file()


@pytest.mark.parametrize(("workspace", "args", "language", "code"), [
    ("example", ["build", "2025-09-15.yaml", "-o", "letter.docx"], "en", 0),
    ("example", ["build", "2025-09-15.yaml", "-o", "letter.docx"], "de", 0),
    ("example", ["build", "--strict", "2025-09-15.yaml"], "en", 0),
    ("example", ["build", "2025-09-15.yaml", "--pdf", "-o", "out/"], "de", 0),
    ("example", ["build", "2025-09-15.yaml", "2025-03-10-radwege.yaml", "-o", "out/"], "en", 0),
    ("example", ["build", "2025-09-15.yaml", "--output", "letter.txt"], "de", 2),
    ("example", ["build", "missing.yaml"], "en", 2),
    ("data", ["build", "valid.yaml", "-o", "valid.docx"], "en", 0),
    ("data", ["build", "unanswered.yaml", "-o", "unanswered.docx"], "en", 0),
    ("data", ["build", "unanswered.yaml", "-o", "unanswered.docx", "--strict"], "de", 1),
    ("data", ["build", "wrong_type.yaml", "unknown_key.yaml", "-o", "out/"], "en", 1),
    ("data", ["build", "syntax_colon.yaml", "-o", "x.docx"], "de", 1),
    ("data", ["build", "valid.yaml", "control_character.yaml", "-o", "out/"], "en", 1),
])
def test_a_plain_build_says_and_writes_what_clicks_build_does(example_workspace, data_workspace, args,
                                                              workspace, language, code):
    folder = example_workspace if workspace == "example" else data_workspace
    # a letter with a warning: a question without its response
    (data_workspace / "unanswered.yaml").write_text(
        (data_workspace / "valid.yaml").read_text(encoding="utf-8") + "  - question: Und sonst?\n",
        encoding="utf-8")
    outcomes = []
    for command in (DIRECT, THROUGH_CLICK):
        result = run(command, args, folder, language)
        written = {path.relative_to(folder): path.read_bytes()[:None if path.suffix == ".docx" else 8]
                   for path in sorted([*folder.rglob("*.docx"), *folder.rglob("*.pdf")])
                   if "templates" not in path.parts}
        for path in written:
            (folder / path).unlink()
        outcomes.append((result.returncode, result.stdout, result.stderr, written))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == code, outcomes[0]
    if "--pdf" in args:
        assert {path.suffix for path in outcomes[0][3]} == {".docx", ".pdf"}
    assert "Traceback" not in outcomes[0][2]


@pytest.mark.parametrize("args", [
    [], ["check", "a.yaml"], ["build"], ["build", "--help"], ["build", "-h", "a.yaml"],
    ["build", "a.yaml", "-o"], ["build", "a.yaml", "-o", "x", "-o", "y"],
    ["build", "a.yaml", "-o", "--strict"], ["build", "--", "a.yaml"], ["build", "-", "a.yaml"],
    ["build", "a.yaml", "--output=x.docx"], ["build", "a.yaml", "-ox.docx"], ["build", "a.yaml", "-x"],
    ["--version"], ["-h", "build", "a.yaml"], ["Build", "a.yaml"],
])
def test_what_is_not_a_plain_build_is_left_to_click(args):
    assert direct.plain_build(args) is None


def test_shell_completion_is_left_to_click(monkeypatch):
    monkeypatch.setenv("_INQUIRYGEN_COMPLETE", "bash_complete")
    assert direct.plain_build(["build", "a.yaml"]) is None


def test_a_plain_build_is_read_as_click_reads_it():
    assert direct.plain_build(["build", "a.yaml", "-o", "x.docx", "b.yaml", "--strict"]) == \
        (("a.yaml", "b.yaml"), "x.docx", True, False)
    assert direct.plain_build(["build", "--output", "out/", "a.yaml", "--pdf"]) == \
        (("a.yaml",), "out/", False, True)


def test_an_output_click_cannot_read_is_left_to_click(tmp_path):
    unreadable = tmp_path / "letter.docx"
    unreadable.write_bytes(b"")
    unreadable.chmod(0)
    try:
        if os.access(unreadable, os.R_OK):
            pytest.skip("root may read every file")
        assert direct.plain_build(["build", "a.yaml", "-o", str(unreadable)]) is None
        assert direct.plain_build(["build", "a.yaml", "-o", str(tmp_path / "new.docx")]) is not None
    finally:
        unreadable.chmod(0o644)


class _Stream(io.TextIOWrapper):
    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize(("text", "encoding", "err"), [
    ("wrote Brief für Frau Müller.docx", "utf-8", False),
    ("wrote Brief für Frau Müller.docx", "ascii", False),  # click writes UTF-8 all the same
    ("Error: Brief für Frau Müller", "latin-1", True),
    ("a \x1b[1mbold\x1b[0m word", "utf-8", True),  # click strips it: no terminal
    ("", "utf-8", False),
])
def test_echo_prints_what_click_echo_prints(monkeypatch, text, encoding, err):
    import click

    printed = []
    for echo in (report.echo, click.echo):
        raw = io.BytesIO()
        stream = _Stream(raw, encoding=encoding, errors="strict")
        monkeypatch.setattr(sys, "stderr" if err else "stdout", stream)
        echo(text, err=err)
        echo(text, err=err, nl=False)
        stream.flush()
        printed.append(raw.getvalue())
    assert printed[0] == printed[1]
    assert printed[0]


# -- libyaml ---------------------------------------------------------------------------------------


def nodes(root: Node | None) -> list[tuple[object, ...]]:
    """Everything the reader takes from the nodes, in document order."""
    found: list[tuple[object, ...]] = []
    seen: dict[int, int] = {}

    def walk(node: Node) -> None:
        if id(node) in seen:
            found.append(("alias", seen[id(node)]))
            return
        seen[id(node)] = len(seen)
        plain = isinstance(node, ScalarNode) and node.style is None
        found.append((type(node).__name__, node.tag, node.value if isinstance(node, ScalarNode) else None,
                      getattr(node, "style", None), node.start_mark.line, node.start_mark.column,
                      node.end_mark.line if plain else None))
        if isinstance(node, SequenceNode):
            for item in node.value:
                walk(item)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                walk(key)
                walk(value)

    if root is not None:
        walk(root)
    return found


class _PyYAML(yaml.SafeLoader):
    def check_printable(self, data: str) -> None:
        pass


def pyyaml(text: str) -> list[tuple[object, ...]] | None:
    """PyYAML's reading of ``text`` (``None`` where it stops with an error)."""
    loader = _PyYAML(text)
    try:
        return nodes(loader.get_single_node())
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def assert_read_alike(text: str) -> bool:
    """libyaml's reading, where it gives one, is PyYAML's; whether it gave one."""
    fast = fastyaml.compose(text)
    if fast is None:
        return False
    assert nodes(fast) == pyyaml(text), text
    return True


YAML_FILES = sorted(path for path in [*ROOT.glob("answers/*.yaml"), *ROOT.glob("examples/*/answers/*.yaml"),
                                      *ROOT.glob("examples/*/inquirygen.yaml"), ROOT / "inquirygen.yaml",
                                      *ROOT.glob("inquirygen/skeleton/**/*.yaml"), *DATA.glob("*.yaml")])


def test_libyaml_reads_the_examples_as_pyyaml_does():
    read = [path.name for path in YAML_FILES
            if assert_read_alike(path.read_text(encoding="utf-8", errors="replace"))]
    # the common case takes the fast way: the example and the workspace's configuration
    assert {"2025-09-15.yaml", "inquirygen.yaml"} <= set(read)


@pytest.mark.parametrize("seed", range(4))
def test_libyaml_reads_broken_files_as_pyyaml_does_or_leaves_them_to_it(seed):
    rng = random.Random(seed)
    for path in YAML_FILES:
        for _name, data in mutations(path.read_text(encoding="utf-8", errors="replace"), rng):
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                continue
            assert_read_alike(text)


_WORDS = ["Frage", "ä", "x y", "- b", "c: d", "#", " # c", "'", '"', "\\", "?", "!", "&", "*", ":",
          ",", "[", "]", "{", "}", "|", ">", "%", "@", "`", "1", "2025-09-15", "yes", "null", "~", "", " ",
          "  ", "\t", "{{ x }}", "-", "--", "...", "**fett**", "\r", "\u2028", "\x85", "\ufeff"]


def _scalar(rng: random.Random, indent: int) -> str:
    words = "".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 5)))
    style = rng.choice("pp'\"|>")
    if style == "p":
        return words
    if style in "'\"":
        return style + words.replace(style, rng.choice([style * 2 if style == "'" else '\\"', style])) + style
    lines = [words, *("".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 4)))
                      for _ in range(rng.randint(0, 3)))]
    pad = " " * (indent + rng.choice([2, 2, 2, 1, 0, 3]))
    return style + rng.choice(["", "-", "+", "2"]) + "\n" + "\n".join(
        pad + line if rng.random() < 0.9 else line for line in lines)


def _value(rng: random.Random, indent: int, depth: int) -> str:
    """A value as people write them in answer files, with every kind of mistake now and then."""
    choice = rng.random()
    if depth > 3 or choice < 0.4:
        return " " + _scalar(rng, indent)
    pad = " " * indent
    if choice < 0.5:
        items = (_scalar(rng, indent).replace("\n", " ") for _ in range(rng.randint(0, 3)))
        return " [" + ", ".join(items) + "]"
    if choice < 0.75:
        return "\n" + "\n".join(pad + rng.choice(["a", "key", "ä", "x y", "q?", "&a b", "? k"]) + ":" +
                                _value(rng, indent + rng.choice([2, 2, 1, 4]), depth + 1)
                                for _ in range(rng.randint(1, 3)))
    return "\n" + "\n".join(pad + "-" + _value(rng, indent + 2, depth + 1) for _ in range(rng.randint(1, 3)))


def test_libyaml_reads_random_documents_as_pyyaml_does_or_leaves_them_to_it():
    rng = random.Random(7)
    read = 0
    for _ in range(6000):
        text = _value(rng, 0, 0).lstrip("\n") + rng.choice(["\n", "\n", "", "\n\n"])
        read += assert_read_alike(text)
    assert read > 1000  # enough documents took the fast way for the comparison to mean something


# -- @frozen ---------------------------------------------------------------------------------------


def test_frozen_classes_behave_as_frozen_dataclasses():
    import dataclasses

    from inquirygen.frozen import frozen

    def make(decorate):
        @decorate
        class Base:
            name: str
            size: int = 0
            notes: list = dataclasses.field(default_factory=list, compare=False, repr=False)
            same: str = dataclasses.field(default="=", hash=False)

        @decorate
        class Derived(Base):
            extra: tuple = ()
            size: int = 5  # a field given again keeps its place, with its new default

            def __repr__(self) -> str:  # a class's own method stays
                return "own"

        return Base, Derived

    (base, derived), (base2, derived2) = make(frozen), make(dataclasses.dataclass(frozen=True))
    for made, reference in ((base, base2), (derived, derived2)):
        for args, kwargs in (((), {"name": "a"}), (("a", 1), {}), (("a",), {"notes": [1]}),
                             (("a", 1, [2], "x"), {})):
            one, two = made(*args, **kwargs), reference(*args, **kwargs)
            assert vars(one) == vars(two)
            assert repr(one).replace(made.__qualname__, "X") == repr(two).replace(reference.__qualname__, "X")
            assert (one == made(*args, **kwargs), hash(one) == hash(made(*args, **kwargs))) == (True, True)
            assert one != made("other")
        assert made("a", 1, [1]) == made("a", 1, [2])  # notes are not compared
        assert hash(made("a", same="x")) == hash(made("a", same="y"))  # nor hashed
        assert made("a").__eq__(object()) is NotImplemented
        for wrong_args, wrong_kwargs in ((("a", 1, [], "=", (), 9), {}), ((), {}), (("a",), {"name": "b"}),
                                         ((), {"name": "a", "colour": "red"})):
            with pytest.raises(TypeError):
                made(*wrong_args, **wrong_kwargs)
            with pytest.raises(TypeError):
                reference(*wrong_args, **wrong_kwargs)
        one = made("a")
        with pytest.raises(dataclasses.FrozenInstanceError):
            one.name = "d"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            del one.size
        assert made.size == reference.size and not hasattr(made, "notes") and not hasattr(reference, "notes")
    assert base("a") != derived("a")  # another class is never equal, as in dataclasses
    assert repr(base("a", 1, [base("b")])).endswith(".Base(name='a', size=1, same='=')")
    looped = base("a", 1, [], [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        looped.same = looped  # type: ignore[misc]


# -- the shipped templates, compiled ---------------------------------------------------------------


def test_the_shipped_templates_come_compiled_as_the_cache_would_keep_them(tmp_path, monkeypatch):
    from inquirygen import cache
    from inquirygen.writers.docx.template import TemplateLibrary

    monkeypatch.setenv("INQUIRYGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "PACKAGED", tmp_path / "none")  # compiled here, afresh
    shipped = sorted((ROOT / "inquirygen" / "templates").glob("*.docx"))
    for template in shipped:
        TemplateLibrary().files(template)
    fresh = {path.name: path.read_bytes() for path in tmp_path.glob("template-*.json")}
    packaged = {path.name: path.read_bytes() for path in (ROOT / "inquirygen" / "templates" / "compiled")
                .glob("*.json")}
    assert len(fresh) == len({template.read_bytes() for template in shipped})
    assert packaged == fresh, "run python tools/compile_templates.py"


@pytest.mark.parametrize("own", [False, True], ids=["shipped template", "the office's own"])
def test_a_new_workspace_builds_its_first_letter_without_python_docx(example_workspace, tmp_path, own):
    import zipfile

    if own:  # a template the package does not bring compiled
        with zipfile.ZipFile(example_workspace / "templates" / "answer_letter.docx", "a") as package:
            package.comment = b"the office's own"
    environment = {**os.environ, "INQUIRYGEN_CACHE_DIR": str(tmp_path / "empty")}
    code = ("import runpy, sys\n"
            "sys.argv = ['inquirygen', 'build', '2025-09-15.yaml', '-o', 'letter.docx']\n"
            "try:\n"
            "    runpy.run_module('inquirygen', run_name='__main__')\n"
            "except SystemExit as stop:\n"
            "    print(stop.code, sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'docxtpl'}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=example_workspace, env=environment, check=True)
    assert result.stdout == "wrote letter.docx\n0 []\n"
    # a shipped template's compiled form is read from the package, the office's own compiled here
    assert len(list((tmp_path / "empty").glob("template-*.json"))) == own


def test_docxtpls_clean_up_is_docxtpls_own_without_python_docx():
    import zipfile

    from docxtpl.template import DocxTemplate

    from inquirygen.writers.docx.tags import _method_alone, patch_xml

    assert _method_alone() is not None  # the installed docxtpl's method needs nothing but re
    samples = [zipfile.ZipFile(path).read(name).decode("utf-8") for path in ROOT.rglob("*.docx")
               if "build" not in path.parts for name in zipfile.ZipFile(path).namelist()
               if name.endswith(".xml")]
    run = '<w:r><w:rPr><w:b/></w:rPr><w:t>{0}</w:t></w:r>'
    samples += [  # Word's split runs, typographic quotes, and the tags docxtpl rewrites
        "<w:p>" + run.format("{{") + run.format(" name ") + run.format("}}") + "</w:p>",
        "<w:p><w:r><w:t>{{ snippet(“x”) }}</w:t></w:r></w:p><w:p><w:r><w:t>{%p if a %}</w:t></w:r></w:p>",
        ("<w:tbl><w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>{% colspan n %}</w:t></w:r></w:p></w:tc>"
         "<w:tc><w:tcPr/><w:p><w:r><w:t>{% cellbg c %}{% vm %}{% hm %}</w:t></w:r></w:p></w:tc></w:tr>"
         "<w:tr><w:tc><w:p><w:r><w:t>{%tr for x in y %}{{r x }}{%- if z -%}</w:t></w:r></w:p></w:tc></w:tr>"
         "</w:tbl>"),
    ]
    for xml in samples:
        assert patch_xml()(xml) == DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), xml)
