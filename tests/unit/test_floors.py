"""The floors hold: what a lower package imports never loads a higher one.

Programs (bot/, the aiogram application; worker/, the sender) share runtime/ (settings, metrics); below
them handlers -> campaigns -> storage, and i18n on the ground floor. Each case imports one module in a
fresh interpreter and lists the top-level packages that came with it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runtime.config import ROOT

OURS = ("bot", "handlers", "campaigns", "storage", "i18n", "worker", "runtime", "emulator", "aiogram")


def loaded_with(statement: str, cwd: object = ROOT, env: dict[str, str] | None = None) -> set[str]:
    """Our top-level packages (and aiogram) loaded by running `statement` in a fresh interpreter."""
    code = (f"import sys\n{statement}\n"
            f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({OURS!r}))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=str(cwd), env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize(("statement", "allowed"), [
    ("import i18n", {"i18n"}),
    ("import campaigns.words, campaigns.numerals", {"campaigns", "i18n"}),
    ("import runtime.config, runtime.metrics", {"runtime", "campaigns", "storage", "i18n"}),
    ("import worker.loop", {"worker", "runtime", "campaigns", "storage", "i18n"}),
    ("import worker.__main__", {"worker", "runtime", "campaigns", "storage", "i18n"}),
])
def test_a_module_loads_nothing_above_its_floor(statement: str, allowed: set[str]) -> None:
    assert loaded_with(statement) <= allowed


_BARE_ALEMBIC = f"""
from alembic import command
from alembic.config import Config
config = Config()
config.set_main_option("script_location", {str(ROOT / "storage" / "migrations")!r})
command.upgrade(config, "head")
"""


@pytest.mark.parametrize("dotenv", [False, True])
def test_bare_alembic_finds_its_database_without_the_programs(tmp_path: Path, dotenv: bool) -> None:
    """With no URL given and no DATABASE_URL set, Alembic's environment (storage/migrations/env.py) reads .env,
    else migrates the embedded default (var/hamyar.db where it runs), loading neither program's settings."""
    if dotenv:
        (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite+aiosqlite:///{tmp_path / 'from-dotenv.db'}\n")
    env = {name: value for name, value in os.environ.items() if name.upper() != "DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    loaded = loaded_with(_BARE_ALEMBIC, cwd=tmp_path, env=env)
    assert loaded <= {"storage"}
    migrated = tmp_path / ("from-dotenv.db" if dotenv else "var/hamyar.db")
    assert migrated.exists() and migrated.stat().st_size > 0


def _module_imports() -> dict[str, set[str]]:
    """Each of our modules and the modules of ours it imports at module level (`from pkg import sub` names the
    submodule; imports inside functions and `if TYPE_CHECKING:` blocks are not followed)."""
    import ast

    modules: dict[str, Path] = {}
    for package in ("bot", "handlers", "campaigns", "storage", "worker", "runtime", "i18n", "dashboard", "emulator"):
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.parse(path.read_text()).body:
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                           for alias in node.names]
            graph[name] |= {target for target in targets if target in modules and target != name}
    return graph


def test_no_import_circle() -> None:
    graph = _module_imports()
    finished: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        for following in sorted(graph[module]):
            assert following not in path, " -> ".join([*path[path.index(following):], following])
            if following not in finished:
                visit(following, [*path, following])
        finished.add(module)

    for module in sorted(graph):
        if module not in finished:
            visit(module, [module])
