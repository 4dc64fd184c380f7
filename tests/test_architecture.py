"""The layers stay apart: the core has no Qt and no HTTP, documents and sync have no Qt.

The core is the bottom layer: nothing in `counter/` loads `sync`, `printing` or
`ui`, so the rules it enforces cannot come to depend on the layers above.

Each package is imported module by module in a fresh interpreter, so what one
test imported cannot hide what another module pulls in.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import PYTHON, REPO_ROOT, child_env

# Walks a package, imports every module and reports, for each forbidden top-level
# module, the first module after whose import it was loaded.
IMPORT_ALL = """
import importlib, json, pkgutil, sys, traceback

package_name, forbidden, skipped = sys.argv[1], sys.argv[2].split(","), set(sys.argv[3:])
package = importlib.import_module(package_name)
report = {"modules": [package_name], "failed": {}, "culprits": {}}

def note(module_name):
    for name in forbidden:
        if name in sys.modules and name not in report["culprits"]:
            report["culprits"][name] = module_name

note(package_name)
def on_error(name):
    report["failed"][name] = traceback.format_exc(limit=3)

for info in pkgutil.walk_packages(package.__path__, package_name + ".", onerror=on_error):
    if info.name in skipped:
        continue
    try:
        importlib.import_module(info.name)
    except Exception:
        report["failed"][info.name] = traceback.format_exc(limit=3)
        continue
    report["modules"].append(info.name)
    note(info.name)
print(json.dumps(report))
"""

RULES = [
    # Alembic's environment scripts run migrations when imported; alembic loads them itself.
    # The bottom layer: no Qt, no HTTP, and nothing of the packages built on it.
    ("counter", ("PySide6", "requests", "sync", "printing", "ui"), ("counter.store.migrations.env",)),
    # The one module that sends PDFs to a printer through Qt would be listed here.
    ("printing", ("PySide6",), ()),
    ("sync", ("PySide6",), ("sync.server.migrations.env",)),
]


@pytest.mark.parametrize(("package", "forbidden", "skipped"), RULES, ids=[r[0] for r in RULES])
def test_package_imports_without_forbidden_dependencies(
    package: str, forbidden: tuple[str, ...], skipped: tuple[str, ...]
):
    done = subprocess.run(
        [PYTHON, "-c", IMPORT_ALL, package, ",".join(forbidden), *skipped],
        cwd=REPO_ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["failed"] == {}, "modules that do not import:\n" + "\n".join(
        report["failed"].values()
    )
    assert len(report["modules"]) > 1, "the walk found no modules"
    assert report["culprits"] == {}, (
        f"{package} loads {sorted(report['culprits'])}; first after importing: {report['culprits']}"
    )


def test_the_check_notices_a_forbidden_import():
    """The walk really reports what a module pulls in (json loads the decoder module)."""
    done = subprocess.run(
        [PYTHON, "-c", IMPORT_ALL, "json", "json.decoder"],
        cwd=REPO_ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout)["culprits"] == {"json.decoder": "json"}
