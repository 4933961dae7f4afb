"""The import contracts of pyproject.toml hold (the layers, the modules' independence, a core
that depends on nothing of ours), and they do catch a violation.

import-linter runs in a process of its own: the test process has loaded zope.interface (through
daphne), whose class descriptors import-linter's contract classes cannot inspect."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lint_imports(config: Path) -> subprocess.CompletedProcess:
    script = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True, no_logo=True))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_the_project_keeps_its_contracts():
    result = lint_imports(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_contract_against_an_import_that_exists_fails(tmp_path):
    # Upside down on purpose: the proposals do use the core, so this contract must break.
    contract = tmp_path / "upside_down.toml"
    contract.write_text(
        """
[tool.importlinter]
root_packages = ["wemi_community", "proposals"]

[[tool.importlinter.contracts]]
name = "The core above the proposals"
type = "layers"
layers = ["wemi_community.core", "proposals"]
""",
        encoding="utf-8",
    )
    result = lint_imports(contract)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The core above the proposals BROKEN" in result.stdout
    assert "proposals is not allowed to import wemi_community.core" in result.stdout
