"""Other archives' CI in one line: the reusable GitHub Action (action.yml) and the
pre-commit hooks (.pre-commit-hooks.yaml), each run as its runner runs it on a scratch
archive.

The action's steps are read from action.yml and run in order with bash, as a
composite action's steps are, with the expressions GitHub would fill in; `uses:`
steps (actions/setup-python) and the step that pip-installs threadarchive need the
network, so the threadarchive under test stands in for them on PATH. `gh` is a stand-in
that records what it was asked to publish. pre-commit itself runs the hooks
(`pre-commit try-repo`), from a checkout of this repository, on an archive in a
scratch git repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import threadarchive
from tests.conftest import REPO

ACTION = REPO / "action.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def _shims(folder: Path) -> dict[str, str]:
    """A PATH whose python and threadarchive are the ones under test, and whose gh
    records its arguments; the environment to run them with."""
    folder.mkdir()
    (folder / "threadarchive").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m threadarchive "$@"\n')
    (folder / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (folder / "gh").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder}/gh-args"\n')
    for shim in folder.iterdir():
        shim.chmod(0o755)
    source = Path(threadarchive.__file__).resolve().parents[1]
    return {
        **os.environ,
        "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": f"{source}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }


def _fill(text: str, context: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        assert match[1] in context, f"action.yml uses {match[1]}, which the test does not provide"
        return context[match[1]]

    return EXPRESSION.sub(value, str(text))


def run_action(
    workspace: Path, tmp_path: Path, *, ref: str = "refs/heads/main", **given: str
) -> tuple[list[tuple[str, subprocess.CompletedProcess[str]]], dict[str, str], Path]:
    """Run action.yml's steps in order in ``workspace`` until one fails: each step's
    id and outcome, the step outputs, and the folder of the shims."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    assert set(given) <= set(inputs), f"unknown inputs {set(given) - set(inputs)}"
    context = {"github.ref": ref, "github.token": "a-token"}
    context |= {f"inputs.{name}": _fill(value, context) for name, value in (inputs | given).items()}
    shims = tmp_path / "bin"
    env = _shims(shims)
    ran: list[tuple[str, subprocess.CompletedProcess[str]]] = []
    outputs: dict[str, str] = {}
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert step["uses"].startswith("actions/setup-python@")
            continue
        if step["id"] == "install":  # pip needs the network: the shims are the install
            assert '"$PACKAGE"' in step["run"] and step["env"]["PACKAGE"] == "${{ inputs.package }}"
            continue
        assert step["shell"] == "bash"
        assert not EXPRESSION.search(step["run"]), "expressions reach scripts through env: only"
        output = tmp_path / f"output-{step['id']}"
        output.touch()
        step_env = env | {k: _fill(v, context) for k, v in step.get("env", {}).items()}
        step_env["GITHUB_OUTPUT"] = str(output)
        folder = workspace / _fill(step.get("working-directory", "."), context)
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=folder,
            env=step_env,
            capture_output=True,
            text=True,
            check=False,
        )
        ran.append((step["id"], done))
        for line in output.read_text().splitlines():
            name, _, value = line.partition("=")
            outputs[f"{step['id']}.{name}"] = value
        if done.returncode != 0:
            break
    return ran, outputs, shims


def _outcomes(ran: list[tuple[str, subprocess.CompletedProcess[str]]]) -> dict[str, int]:
    return {step: done.returncode for step, done in ran}


def test_action_validates_with_annotations_and_verifies(reader_archive: Path, tmp_path: Path) -> None:
    ran, outputs, shims = run_action(reader_archive.parent, tmp_path, archive=reader_archive.name)
    assert _outcomes(ran) == {"validate": 0, "verify": 0, "publish": 0}
    validate = dict(ran)["validate"].stdout
    assert "::warning title=rights-missing" in validate  # annotations, warnings allowed
    assert "valid: releases/1.0.0" in dict(ran)["verify"].stdout
    assert outputs["publish.version"] == ""  # a branch, not a tag: nothing published
    assert not (shims / "gh-args").exists()


def test_action_strict_fails_on_warnings(reader_archive: Path, tmp_path: Path) -> None:
    ran, _, _ = run_action(reader_archive.parent, tmp_path, archive=reader_archive.name, strict="true")
    assert _outcomes(ran) == {"validate": 1}


def test_action_fails_invalid_data_with_an_error_annotation(reader_archive: Path, tmp_path: Path) -> None:
    tweets = reader_archive / "data/tweets.csv"
    lines = tweets.read_text(encoding="utf-8").splitlines(keepends=True)
    tweets.write_text("".join(lines[:-1]), encoding="utf-8")  # a tweet lost
    ran, _, _ = run_action(reader_archive.parent, tmp_path, archive=reader_archive.name)
    assert _outcomes(ran) == {"validate": 1}
    assert "::error " in dict(ran)["validate"].stdout


def test_action_publishes_the_release_of_its_tag(reader_archive: Path, tmp_path: Path) -> None:
    ran, outputs, shims = run_action(
        reader_archive.parent,
        tmp_path,
        archive=reader_archive.name,
        publish="true",
        ref="refs/tags/data-v1.0.0",
    )
    assert _outcomes(ran) == {"validate": 0, "verify": 0, "publish": 0}
    assert outputs["publish.version"] == "1.0.0"
    args = (shims / "gh-args").read_text().splitlines()
    assert args[:3] == ["release", "create", "data-v1.0.0"]
    # a GitHub release is public: the public zip and the public variant's files, never the full tables
    assert "dist/test-archive-data-1.0.0-public.zip" in args
    assert (reader_archive / "dist/test-archive-data-1.0.0-public.zip").is_file()
    public = {"releases/1.0.0/public/datapackage.json", "releases/1.0.0/public/CITATION.cff", "--verify-tag"}
    assert public <= set(args) and "dist/test-archive-data-1.0.0.zip" not in args


@pytest.mark.parametrize("tag", ["data-v9.9.9", "data-v1.0.0;touch${IFS}pwned"], ids=["unknown", "hostile"])
def test_action_refuses_a_tag_of_no_release(reader_archive: Path, tmp_path: Path, tag: str) -> None:
    ran, _, shims = run_action(
        reader_archive.parent, tmp_path, archive=reader_archive.name, publish="true", ref=f"refs/tags/{tag}"
    )
    assert _outcomes(ran)["publish"] != 0
    assert not (shims / "gh-args").exists()
    assert not (reader_archive / "pwned").exists()


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def _try_repo(
    archive: Path, hook: str, env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files", "--color", "never"],
        cwd=archive,
        env=env | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("hook", ["threadarchive-validate-system", "threadarchive-verify-system"])
def test_pre_commit_hooks_pass_a_sound_archive_and_fail_a_broken_one(
    reader_archive: Path, tmp_path: Path, hook: str
) -> None:
    env = _shims(tmp_path / "bin")
    _git(reader_archive, "init", "-q")
    _git(reader_archive, "add", "-A")
    _git(reader_archive, "commit", "-qm", "archive")
    passed = _try_repo(reader_archive, hook, env, tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    broken = (
        "data/tweets.csv" if hook.startswith("threadarchive-validate") else "releases/1.0.0/data/tweets.csv"
    )
    path = reader_archive / broken
    path.write_text(path.read_text(encoding="utf-8").replace("Pokrovsk", "Pokrovs"), encoding="utf-8")
    failed = _try_repo(reader_archive, hook, env, tmp_path)
    assert failed.returncode == 1
    assert "Failed" in failed.stdout


def test_pre_commit_hooks_run_the_same_commands_installed_or_not() -> None:
    """The hooks pre-commit installs itself (language python) run what the tested
    -system hooks run, on the same files."""
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    for name in ("threadarchive-validate", "threadarchive-verify"):
        own, system = hooks[name], hooks[f"{name}-system"]
        assert own["language"] == "python" and system["language"] == "system"
        assert {k: own[k] for k in ("entry", "files", "pass_filenames")} == {
            k: system[k] for k in ("entry", "files", "pass_filenames")
        }
        assert re.search(
            own["files"], "data/tweets.csv" if "validate" in name else "releases/1.0.0/SHA256SUMS"
        )


def test_the_validate_hook_installs_the_maintain_extra() -> None:
    import tomllib

    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert (
        hooks["threadarchive-validate"]["additional_dependencies"]
        == project["optional-dependencies"]["maintain"]
    )
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["inputs"]["package"]["default"] == "threadarchive[maintain]"


def test_readme_documents_the_action_and_the_hooks() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    hooks = [hook["id"] for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))]
    inputs = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["inputs"]
    assert all(hook in readme for hook in hooks)
    assert all(f"{name}:" in readme for name in inputs if name != "token")
