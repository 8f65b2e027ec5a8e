"""The package as a wheel: built with `pip wheel .`, installed alone in a fresh venv, it
carries its template, notebooks and data and builds a report (one kernel)."""

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from phaseone import config


@pytest.mark.notebook
def test_a_fresh_venv_with_only_the_wheel_builds_a_report(tmp_path):
    source = tmp_path / "source"  # a copy: building writes build/ beside pyproject.toml
    for part in ("lib", "notebooks", "data"):
        shutil.copytree(config.ROOT / part, source / part,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(config.ROOT / part, source / part)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path / "wheel"), str(source)], check=True, cwd=tmp_path)
    [wheel] = (tmp_path / "wheel").glob("phaseone-*.whl")
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    # The dependencies come from this environment (their files, not ours: a .pth adds a path
    # but runs none of its .pth files, so the editable install of phaseone is not seen).
    Path(site.stdout.strip(), "dependencies.pth").write_text(sysconfig.get_paths()["purelib"])
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", str(wheel)], check=True)
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix, "share", "jupyter"))}
    env.pop("PHASEONE_DATA", None)
    out = tmp_path / "out"
    run = subprocess.run([str(fresh / "bin" / "phaseone"), "build", "--out", str(out),
                          "compliance"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    where = subprocess.run([str(python), "-c", "import phaseone; print(phaseone.__file__)"],
                           capture_output=True, text=True, env=env).stdout
    assert where.startswith(str(fresh))  # the wheel's copy, not the checkout
    page = (out / "compliance.html").read_text(encoding="utf-8")
    assert "Did China buy what it promised?" in page and "57.6%" in page
