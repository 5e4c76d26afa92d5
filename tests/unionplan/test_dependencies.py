"""Dependencies point one way only (DESIGN.md): an app imports those to its right, never one to its left
(unionplan → federation → notify → congress → funds → activities → plans → members)."""

import ast
from pathlib import Path

import pytest

ORDER = ["unionplan", "federation", "notify", "congress", "funds", "activities", "plans", "members"]
ROOT = Path(__file__).resolve().parents[2]


def imported_apps(path):
    """The apps of ORDER that the module at `path` imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in ORDER)
    return found


@pytest.mark.parametrize("app", [app for app in ORDER if (ROOT / app).is_dir()])
def test_an_app_imports_only_apps_to_its_right(app):
    left = set(ORDER[: ORDER.index(app)])
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & left)
        for path in sorted((ROOT / app).rglob("*.py"))
        if imported_apps(path) & left
    }
    assert not wrong, f"{app} imports apps to its left: {wrong}"
