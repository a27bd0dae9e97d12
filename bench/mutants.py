"""Mutation testing of validation, integrity and fixity: do the tests notice a wrong line?

    python bench/mutants.py                     # every module, 40 mutants each
    python bench/mutants.py --module validation/sql/threads.py --max 0 --jobs 2 --markdown MUTANTS.md

Each mutant changes one thing in one module (a comparison flipped, ``and`` for
``or``, a ``not`` dropped, a constant moved by one, ``True`` for ``False``, a finding
not appended) in a copy of the repository, and runs the tests that exercise the
module there. A mutant the tests fail on is killed; one they pass survives, and is
listed with its place. Written by hand rather than with mutmut: mutmut rewrites the
whole package for every run and takes hours on this suite; this runs the mutants of
the three modules that decide what is valid, in parallel, in minutes.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "threadarchive"
# Each module (its path in the package) and the tests that exercise it.
TESTS = {
    "validation/sql/table.py": [
        "tests/test_validate.py",
        "tests/test_cli_validate.py",
        "tests/test_cli_meta.py",
        "tests/test_hardening.py",
        "tests/test_integrity.py",
    ],
    "validation/sql/threads.py": [
        "tests/test_validate.py",
        "tests/test_integrity.py",
        "tests/test_cli_meta.py",
        "tests/test_bench.py",
    ],
    "release/fixity.py": [
        "tests/test_release.py",
        "tests/test_hardening.py",
        "tests/test_load.py",
        "tests/test_cli_release.py",
    ],
}
FLIPS = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt,
         ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    module: str
    line: int
    what: str
    source: str  # the whole mutated module


def mutants(module: str) -> list[Mutant]:
    """Every single-change mutant of ``module``."""
    text = (PACKAGE / module).read_text(encoding="utf-8")
    tree = ast.parse(text)
    found = []
    for index, node in enumerate(ast.walk(tree)):
        for what in _changes(node):
            mutated = ast.parse(text)
            target = list(ast.walk(mutated))[index]
            _apply(target, what)
            try:
                source = ast.unparse(mutated)
            except (ValueError, TypeError):
                continue
            found.append(Mutant(module, getattr(node, "lineno", 0), what, source))
    return found


def _changes(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Compare) and type(node.ops[0]) in FLIPS:
        return ["flip comparison"]
    if isinstance(node, ast.BoolOp):
        return ["and/or swapped"]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ["not dropped"]
    if isinstance(node, ast.Constant) and type(node.value) is bool:
        return ["boolean negated"]
    if isinstance(node, ast.Constant) and type(node.value) is int and not isinstance(node.value, bool):
        return ["integer plus one"]
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr in {"append", "extend", "add"}
    ):
        return ["finding not recorded"]
    return []


def _apply(node: ast.AST, what: str) -> None:
    if what == "flip comparison":
        assert isinstance(node, ast.Compare)
        node.ops[0] = FLIPS[type(node.ops[0])]()
    elif what == "and/or swapped":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif what == "not dropped":
        assert isinstance(node, ast.UnaryOp)
        node.op = ast.UAdd()  # +x of a bool is its int: truthy exactly as x
    elif what == "boolean negated":
        assert isinstance(node, ast.Constant)
        node.value = not node.value
    elif what == "integer plus one":
        assert isinstance(node, ast.Constant)
        node.value = node.value + 1
    elif what == "finding not recorded":
        assert isinstance(node, ast.Expr)
        node.value = ast.Constant(value=None)


def run(mutant: Mutant, workspace: Path) -> bool:
    """Whether the tests kill ``mutant`` (run in a copy of the repository of its own)."""
    folder = Path(tempfile.mkdtemp(dir=workspace))
    try:
        shutil.copytree(REPO / "src", folder / "src", symlinks=True)
        shutil.copytree(REPO / "tests", folder / "tests")
        for name in (
            "pyproject.toml",
            "README.md",
            "bench",
            "releases",
            "archive.yaml",
            "datapackage.json",
            "schemas",
            "data",
        ):
            source = REPO / name
            if source.is_dir():  # bench/ without its generated data: gigabytes no test reads
                generated = shutil.ignore_patterns("data", "out") if name == "bench" else None
                shutil.copytree(source, folder / name, ignore=generated)
            else:
                shutil.copy(source, folder / name)
        (folder / "src/threadarchive" / mutant.module).write_text(mutant.source, encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",  # one process per mutant: --jobs runs mutants side by side
            "-m",
            "not slow",
            *TESTS[mutant.module],
        ]
        try:
            result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600,
                                    env={"PYTHONPATH": str(folder / "src"), "PATH": "/usr/bin:/bin", "HOME": str(folder)})  # fmt: skip
        except subprocess.TimeoutExpired:
            return True  # a hang is noticed too
        return result.returncode != 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--module", action="append", choices=sorted(TESTS), help="modules to mutate (default all)"
    )
    parser.add_argument(
        "--max", type=int, default=40, help="mutants per module, sampled; 0 for all (default 40)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", type=Path, help="also write the result as Markdown")
    args = parser.parse_args()
    chosen: list[Mutant] = []
    for module in args.module or sorted(TESTS):
        every = mutants(module)
        random.Random(args.seed).shuffle(every)
        chosen += every if args.max == 0 else every[: args.max]
        print(
            f"{module}: {len(every)} mutants, running {min(len(every), args.max or len(every))}",
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory() as workspace, ThreadPoolExecutor(args.jobs) as pool:
        killed = list(pool.map(lambda m: run(m, Path(workspace)), chosen))
    survivors = [m for m, dead in zip(chosen, killed, strict=True) if not dead]
    score = 100 * (len(chosen) - len(survivors)) / max(len(chosen), 1)
    report = {
        "mutants": len(chosen),
        "killed": len(chosen) - len(survivors),
        "score": round(score, 1),
        "survivors": [{"module": m.module, "line": m.line, "mutation": m.what} for m in survivors],
    }
    print(json.dumps(report, indent=2))
    if args.markdown:
        lines = [
            f"Mutation score: {report['killed']} of {report['mutants']} mutants killed ({report['score']} %).",
            "",
        ]
        lines += [f"- survived: `{m.module}:{m.line}` {m.what}" for m in survivors]
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
