"""The export framework sits at the bottom: it imports Django and libraries only, and the
apps reach it without going through dashboards (issue 14)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = {"accounts", "backlog", "dashboards", "petitions", "screening", "stability",
                "supervision", "config", "demo", "bench", "alerts", "audit", "workdays"}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_framework_imports_no_project_app():
    for name in ("exports.py", "excel.py"):
        tops = {m.split(".")[0] for m in imported(ROOT / "core" / name)}
        assert not tops & PROJECT_APPS, name


def test_no_app_imports_dashboards_for_its_exports_and_the_task_does_not_import_the_view():
    for app in ("petitions", "backlog", "screening", "stability", "supervision"):
        assert not any(m.startswith("dashboards") for m in imported(ROOT / app / "exports.py"))
    assert "dashboards.exports" not in imported(ROOT / "dashboards" / "tasks.py")
    assert "dashboards.exports" not in imported(ROOT / "dashboards" / "export_runner.py")
