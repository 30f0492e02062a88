"""The documentation runs: every command block of README.md and docs/*.md, in the order written.

How blocks are read (for whoever adds one):

- A fenced block with no language, or ``bash``/``sh``/``shell``/``console``, is shell commands;
  ``python`` is Python. Both are RUN in the order written, README.md first and then docs/*.md
  by name, against one store that starts empty (its own ``DUALWATCH_HOME``, so a file may use
  the lists an earlier one loaded and the index it built), each file in a fresh folder beside
  the shared data, so ``../shared/...``, ``examples/...``, ``tests/fixtures/...`` and
  ``docs/...`` resolve as from the repository root.
- Any other language (``text``, ``json``, ``yaml``, ``csv``...) is data and is not run: write
  program output, layouts and file formats in such blocks.
- A block that cannot run here (a server, the network, a synopsis with placeholders, a long
  benchmark) is marked with the line ``<!-- illustrative -->`` right before its opening fence.
- ``pip install ...`` and ``python -m pytest`` are how the reader got here: they are not run.
- Every ``dualwatch ...`` command named anywhere (blocks, illustrative or not, and inline code)
  must exist, and each ``--option`` it names must be one of that command's options.

A failure names the file, the line of the block and the command, with the end of its output.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import click
import pytest

from dualwatch.cli import main
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = "<!-- illustrative -->"
SHELL = {"", "bash", "sh", "shell", "console"}
NOT_RUN = (re.compile(r"^pip install\b"), re.compile(r"^python -m pytest\b"))
LINKED = ("examples", "tests", "docs", "benchmarks", "src", "pyproject.toml")
TIMEOUT = 600  # per command: the first screening builds the index


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence
    language: str
    text: str
    illustrative: bool

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}, block at line {self.line}"


def blocks(path: Path) -> list[Block]:
    found = []
    lines = path.read_text(encoding="utf-8").splitlines()
    n = 0
    while n < len(lines):
        fence = re.match(r"^(`{3,}|~{3,})\s*([\w+-]*)", lines[n])
        if not fence:
            n += 1
            continue
        start, body = n, []
        n += 1
        while n < len(lines) and not lines[n].startswith(fence.group(1)):
            body.append(lines[n])
            n += 1
        marked = start > 0 and lines[start - 1].strip() == MARKER
        found.append(Block(path, start + 1, fence.group(2).lower(), "\n".join(body) + "\n",
                           marked))
        n += 1
    return found


def shell_commands(text: str) -> list[str]:
    """The commands of a shell block, continuation lines joined, what is not run left out."""
    commands: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if line.endswith(("|", "&&")):  # the shell reads on
            pending = line + " "
            continue
        pending = ""
        parts = [p.strip() for p in line.split("&&")]
        kept = [p for p in parts if p and not any(r.match(p) for r in NOT_RUN)]
        if kept and not kept[0].startswith("#"):
            commands.append(" && ".join(kept))
    return commands


@pytest.fixture(scope="module")
def workplace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the repository root, with ``../shared`` beside it."""
    base = tmp_path_factory.mktemp("docs")
    (base / "shared").symlink_to(SHARED.resolve())
    return base


def _run(block: Block, cwd: Path, env: dict[str, str]) -> None:
    if block.language == "python":
        steps = [[sys.executable, "-c", block.text]]
        shown = [block.text.strip().splitlines()[0] + " ..."]
    else:
        shown = shell_commands(block.text)
        steps = [["bash", "-eu", "-c", c] for c in shown]
    for command, text in zip(steps, shown, strict=True):
        try:
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                  timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            done = None
        if done is None:
            _fail(block, text, f"did not end within {TIMEOUT} s (a server? a long run?)")
        if done.returncode != 0:
            _fail(block, text, f"exited {done.returncode}:\n{(done.stdout + done.stderr)[-1500:]}")


def _fail(block: Block, command: str, what: str) -> NoReturn:
    pytest.fail(f"{block.where()}: `{command}` {what}\nFix the command or the documentation, or "
                f"mark the block with {MARKER} on the line before it (see tests/test_docs.py).",
                pytrace=False)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_documented_commands_run(doc: Path, workplace: Path) -> None:
    cwd = workplace / doc.stem
    cwd.mkdir()
    for name in LINKED:
        (cwd / name).symlink_to(ROOT / name)
    env = {**os.environ, "DUALWATCH_HOME": str(workplace / "home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("DUALWATCH_DB", None)
    for block in blocks(doc):
        if block.illustrative or block.language not in SHELL | {"python"}:
            continue
        _run(block, cwd, env)


def _command(words: list[str]) -> tuple[click.Command | None, list[str]]:
    """The command the words name after ``dualwatch`` and the words it consumed."""
    command: click.Command = main
    used: list[str] = []
    for word in words:
        if not isinstance(command, click.Group) or word.startswith("-"):
            break
        sub = command.commands.get(word)
        if sub is None:
            if word.isidentifier() or re.fullmatch(r"[a-z][a-z-]*", word):
                return None, [*used, word]
            break
        command, used = sub, [*used, word]
    return command, used


def _options(command: click.Command) -> set[str]:
    names = {"--help", "-h"}
    for param in command.params:
        names.update(param.opts)
        names.update(param.secondary_opts)
    return names


def _named_commands(doc: Path) -> list[tuple[int, str]]:
    """(line, text) of every ``dualwatch ...`` command in blocks and inline code."""
    found = []
    lines = doc.read_text(encoding="utf-8").splitlines()
    in_block = False
    for n, line in enumerate(lines, 1):
        if re.match(r"^(`{3,}|~{3,})", line):
            in_block = not in_block
            continue
        texts = [line] if in_block else re.findall(r"`([^`]+)`", line)
        for text in texts:
            for part in re.split(r"&&|\|", text):
                part = part.strip()
                if part.startswith("dualwatch "):
                    found.append((n, part.split("#")[0]))
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_documented_options_exist(doc: Path) -> None:
    problems = []
    for line, text in _named_commands(doc):
        try:
            words = shlex.split(text)[1:]
        except ValueError:
            words = text.split()[1:]
        command, used = _command(words)
        if command is None:
            problems.append(f"line {line}: `dualwatch {' '.join(used)}` is no command")
            continue
        known = _options(command)
        for word in words:
            option = re.match(r"^\[?(--?[a-zA-Z][\w-]*)", word)
            if option and option.group(1) not in known:
                problems.append(f"line {line}: `dualwatch {' '.join(used)}` has no option "
                                f"{option.group(1)} (see `dualwatch {' '.join(used)} --help`)")
        problems += [f"line {line}: {p}" for p in _bad_choices(command, words[len(used):])]
    assert not problems, f"{doc.relative_to(ROOT)}:\n" + "\n".join(problems)


def _bad_choices(command: click.Command, words: list[str]) -> list[str]:
    """Arguments written out (not PLACEHOLDERS) that their command's choices do not allow
    (``alerts decide 1 confirmed_match`` where the status is ``confirmed``)."""
    positional = [w for w in words if not w.startswith(("-", "["))]
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    problems = []
    for param, word in zip(arguments, positional, strict=False):
        if isinstance(param.type, click.Choice) and not word.isupper() and \
                word not in param.type.choices:
            problems.append(f"{word!r} is not one of {', '.join(map(str, param.type.choices))}")
    return problems


def test_api_load_figures_are_the_latest_run() -> None:
    """The /match load figure quoted in the docs is the one the benchmark last wrote."""
    import json

    result = json.loads((ROOT / "benchmarks/results/api.json").read_text(encoding="utf-8"))
    latest = f"{result['phases'][0]['requests_per_second']} requests/s"
    for doc in (ROOT / "README.md", ROOT / "docs/api.md"):
        quoted = re.findall(r"([\d.,]+ requests/s)", doc.read_text(encoding="utf-8"))
        assert quoted and quoted[0] == latest, (doc.name, quoted, latest)
