"""The registry of finding kinds: complete, documented, and the only source of types."""

from __future__ import annotations

import ast

import pytest

from threadarchive.contract.findings import REGISTRY, SEVERITIES, Kind, catalogue, kind_of

from .conftest import REPO

SOURCE = REPO / "src" / "threadarchive"


def test_the_readme_lists_every_kind_as_the_registry_does() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- findings:start -->\n", 1)[1].split("<!-- findings:end -->", 1)[0]
    assert table == catalogue()
    for kind in REGISTRY.values():
        assert f"| `{kind.type}` |" in table


@pytest.mark.parametrize("kind", list(REGISTRY.values()), ids=lambda k: k.type)
def test_every_kind_is_described(kind: Kind) -> None:
    assert kind.type == kind.type.lower() and " " not in kind.type
    assert kind.severity in SEVERITIES and kind.title and kind.description.endswith((".", ")"))
    assert kind("expected x, found y").type == kind.type


def test_frictionless_names_map_to_ours() -> None:
    assert kind_of("hash-count").type == "hash-count"  # frictionless's names for the same faults
    assert kind_of("byte-count").type == "byte-count"
    assert kind_of("type-error").type == "type-error"
    assert kind_of("no-such-frictionless-error").type == "frictionless-error"


def test_no_finding_is_made_outside_the_registry() -> None:
    """Findings are made by calling a registered kind: a literal type anywhere else
    (Finding("some-type", ...)) could be misspelt and would go undocumented."""
    offenders = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Finding"
                and path.name != "findings.py"
            ):
                offenders.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert offenders == []


def test_every_kind_the_code_names_is_registered() -> None:
    names = {
        name for name in dir(__import__("threadarchive.contract.findings", fromlist=["x"])) if name.isupper()
    }
    used = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("findings"):
                used |= {alias.name for alias in node.names if alias.name.isupper()}
    kinds = {
        name
        for name in names
        if isinstance(getattr(__import__("threadarchive.contract.findings", fromlist=["x"]), name), Kind)
    }
    assert used - {"SEVERITIES", "REGISTRY"} <= kinds
