"""What the installed and the frozen app rely on: honest dependencies, imports a freezer
can see, and the run-time files shipped as package data."""

from __future__ import annotations

import ast
import configparser
import fnmatch
import importlib.metadata
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from stocktake.resources import ICON, resource
from tests.conftest import REPO

ROOT = REPO
SRC = ROOT / "src" / "stocktake"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in SRC.rglob("*.py")}


def _imported_top_levels() -> set[str]:
    """Every top-level module named by an absolute import anywhere in src/."""
    names: set[str] = set()
    for tree in _trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_runtime_dependencies_are_exactly_what_src_imports() -> None:
    third_party = _imported_top_levels() - set(sys.stdlib_module_names) - {"stocktake"}
    providers = importlib.metadata.packages_distributions()
    unknown = sorted(name for name in third_party if name not in providers)
    assert not unknown, f"src/ imports modules no installed distribution provides: {unknown}"
    imported = {canonicalize_name(providers[name][0]) for name in third_party}
    declared = {
        canonicalize_name(Requirement(spec).name) for spec in PROJECT["project"]["dependencies"]
    }
    assert imported - declared == set(), "imported by src/ but not in [project].dependencies"
    assert declared - imported == set(), "in [project].dependencies but never imported by src/"


def test_test_only_readers_are_in_the_dev_extra() -> None:
    dev = {
        canonicalize_name(Requirement(spec).name)
        for spec in PROJECT["project"]["optional-dependencies"]["dev"]
    }
    assert {"openpyxl", "packaging"} <= dev


def test_no_module_is_imported_by_a_computed_name() -> None:
    """PyInstaller finds modules by reading import statements; ``importlib.import_module``
    or ``__import__`` with a name made at run time would leave a module out of the bundle."""
    dynamic = []
    for path, tree in _trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in {"import_module", "__import__"}:
                    dynamic.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert dynamic == []


def test_every_resource_file_is_package_data() -> None:
    patterns = PROJECT["tool"]["setuptools"]["package-data"]["stocktake"]
    files = [p for p in (SRC / "resources").iterdir() if p.suffix not in {".py", ".pyc"}]
    files = [p for p in files if p.is_file()]
    assert ICON in {p.name for p in files}
    missing = [
        p.name
        for p in files
        if not any(fnmatch.fnmatch(str(p.relative_to(SRC)), pat) for pat in patterns)
    ]
    assert missing == [], "add these to [tool.setuptools.package-data] or they are not installed"


def test_the_desktop_entry_launches_the_gui_with_the_packaged_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string((ROOT / "resources" / "stocktake.desktop").read_text(encoding="utf-8"))
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"].split()[0] == "stocktake-gui"
    assert desktop["Exec"].split()[0] in PROJECT["project"]["gui-scripts"]
    assert f"{desktop['Icon']}.svg" == ICON
    assert resource(ICON).read_bytes().lstrip().startswith(b"<svg")


def test_every_tab_module_the_window_names_is_imported_by_a_literal_import() -> None:
    from stocktake.ui.workspace import tab_module

    window = _trees()[SRC / "ui" / "main_window.py"]
    named = [
        node.args[0].value
        for node in ast.walk(window)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "panel"
        and isinstance(node.args[0], ast.Constant)
    ]
    assert len(named) >= 4  # portfolio, robustness, decision log, scenarios
    for module in named:
        assert tab_module(module).__name__ == f"stocktake.ui.matrix.{module}"
    with pytest.raises(LookupError, match=r"stocktake\.ui\.matrix\.no_such_tab"):
        tab_module("no_such_tab")
