"""The layers stay easy to see: the contracts in pyproject.toml ([tool.importlinter]) hold.

import-linter builds the real import graph of the project (direct and indirect imports), so a new
`from portal...` in returns/, or the API importing a console form, fails here.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
    for contract in ("The lifecycle knows none of its consumers", "The API imports no other audience layer",
                     "Production code never imports the Odoo test double"):
        assert f"{contract} KEPT" in result.stdout


def test_a_forbidden_import_is_caught(tmp_path):
    """The contract really bites: a copy of returns/ that imports the portal is reported broken."""
    import shutil
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for package in config["root_packages"]:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / "returns" / "subscribers.py", "a") as module:
        module.write("\nfrom portal import notifications  # noqa\n")
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "The lifecycle knows none of its consumers BROKEN" in result.stdout
