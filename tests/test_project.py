"""Project-level promises: environment.yml mirrors pyproject.toml; the README's commands exist."""

import re
import subprocess
import tomllib

import yaml

from phaseone import config


def _name(spec: str) -> str:
    return re.split(r"[<>=!\s]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_pinned_packages_as_pyproject():
    project = tomllib.loads((config.ROOT / "pyproject.toml").read_text())["project"]
    pip = {_name(s): s.replace(" ", "") for s in
           project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text())["dependencies"]
    conda = {_name(s): s.replace(" ", "") for s in env if isinstance(s, str)}
    conda.pop("python"), conda.pop("pip")
    assert {k: v.replace("_", "-") for k, v in conda.items()} == \
        {k: v.replace("_", "-") for k, v in pip.items()}


def test_readme_commands_are_make_targets():
    readme = (config.ROOT / "README.md").read_text()
    targets = subprocess.run(["make", "-C", str(config.ROOT), "help"], capture_output=True,
                             text=True, check=True).stdout
    for command in ["make reports", "make test", "make lab", "make data"]:
        assert command in readme and command in targets
