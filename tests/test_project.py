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


def _locked() -> dict[str, str]:
    """requirements.lock as {name: version}; every entry pinned with == and hashed."""
    text = (config.ROOT / "requirements.lock").read_text()
    entries = re.split(r"\n(?=\S)", text.strip())
    pinned = {}
    for entry in entries:
        if entry.startswith("#"):
            continue
        match = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", entry)
        assert match, f"not an exact pin: {entry.splitlines()[0]}"
        assert "--hash=sha256:" in entry, f"no hash for {match.group(1)}"
        pinned[_name(match.group(1)).replace(".", "-")] = match.group(2)
    return pinned


def test_lock_pins_every_dependency_within_pyproject_ranges():
    from packaging.requirements import Requirement

    project = tomllib.loads((config.ROOT / "pyproject.toml").read_text())["project"]
    locked = _locked()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        requirement = Requirement(spec)
        name = _name(requirement.name).replace(".", "-")
        assert name in locked, f"{name} is not in requirements.lock (run `make lock`)"
        assert requirement.specifier.contains(locked[name], prereleases=True), \
            f"requirements.lock pins {name}=={locked[name]}, outside {requirement.specifier}"
