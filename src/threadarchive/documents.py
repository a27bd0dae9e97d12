"""The words a release comes with: its dataset card, its citation, its CHANGELOG section."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fixity import CHECKSUMS

if TYPE_CHECKING:
    from .release import Plan


def changelog_with(path: Path, release_plan: Plan, note: str | None, rows: dict[str, int]) -> str:
    """CHANGELOG.md with the release's section added above the previous releases."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n"
    section = changelog_section(release_plan, note, rows)
    marker = "\n## Data "
    index = text.find(marker)
    if index < 0:
        return text.rstrip("\n") + "\n\n" + section
    return text[: index + 1] + section + "\n" + text[index + 1 :]


def changelog_section(release_plan: Plan, note: str | None, rows: dict[str, int]) -> str:
    diff = release_plan.diff
    lines = [f"## Data {release_plan.version} - {release_plan.created.isoformat()}", ""]
    if note:
        lines += [note.strip(), ""]
    if release_plan.previous:
        lines += [f"A {diff.required} release: the changes since {release_plan.previous}.", ""]
    else:
        lines += ["The first release.", ""]
    headings = {"schema": "Changed (schema)", "removed": "Removed", "added": "Added", "corrected": "Fixed"}
    for kind, heading in headings.items():
        entries = [c for c in diff.changes if c.kind == kind]
        if release_plan.previous is None:  # the first release adds every row
            entries = [replace(c, detail=f"{rows[c.table]} row(s) (first release)") for c in entries]
        if entries:
            lines += [f"### {heading}", *(f"- {c.table}: {c.detail}" for c in entries), ""]
    return "\n".join(lines)


def dataset_card(descriptor: dict[str, Any]) -> str:
    version = descriptor["version"]
    tables = [r for r in descriptor["resources"] if r.get("format") == "csv"]
    lines = [
        f"# {descriptor.get('title', descriptor.get('name', 'threadarchive'))}: release {version}",
        "",
        descriptor.get("description", ""),
        "",
        f"- Version: {version}",
        f"- Created: {descriptor['created'][:10]}",
        "- Rows: " + "; ".join(f"{r['name']} {r['x-rows']}" for r in tables),
        "",
        "## Files",
        "",
        "| file | format | bytes | sha256 |",
        "| --- | --- | --- | --- |",
    ]
    for r in descriptor["resources"]:
        size = r.get("bytes", r.get("x-bytes"))
        lines.append(f"| `{r['path']}` | {r['format']} | {size} | `{r['hash'].removeprefix('sha256:')}` |")
    lines += ["", f"`{CHECKSUMS}` lists every file's SHA-256; `threadarchive verify` checks them.", ""]
    for table in tables:
        lines += [
            f"## Columns of `{table['name']}`",
            "",
            "| column | type | description |",
            "| --- | --- | --- |",
        ]
        for f in table["schema"]["fields"]:
            required = " (required)" if f.get("constraints", {}).get("required") else ""
            lines.append(
                f"| `{f['name']}` | {f.get('type', 'string')}{required} | {f.get('description', '')} |"
            )
        lines.append("")
    lines += [
        "## Provenance",
        "",
        "Each thread was captured as a Thread Reader App page saved as text, parsed without changing",
        "its text (line endings aside). `threads.capture_sha256` is the SHA-256 of the raw capture,",
        "kept in the source repository under `data/raw/`.",
        "",
        "## Rights",
        "",
        *(f"- {lic.get('title') or lic.get('name')}" for lic in descriptor.get("licenses", [])),
        "- Each thread's own rights note is in `threads.rights`.",
        "",
        "## Cite",
        "",
        f"threadarchive data, version {version} ({descriptor['created'][:4]}). See `CITATION.cff`.",
        "",
        "## Load",
        "",
        "```python",
        "import threadarchive",
        f'tweets = threadarchive.load_tweets(version="{version}")',
        f'threads = threadarchive.load_threads(version="{version}")',
        "```",
        "",
        "Or read `data/*.parquet` with pandas, pyarrow, DuckDB or polars, `data/*.csv` with anything.",
        "",
    ]
    return "\n".join(lines)


def citation(descriptor: dict[str, Any]) -> str:
    authors = [c.get("title", "threadarchive maintainers") for c in descriptor.get("contributors", [])]
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        f"title: {json.dumps(descriptor.get('title', 'threadarchive'), ensure_ascii=False)}",
        f'version: "{descriptor["version"]}"',
        f"date-released: {descriptor['created'][:10]}",
        "authors:",
        *(f"  - name: {json.dumps(a, ensure_ascii=False)}" for a in authors or ["threadarchive maintainers"]),
    ]
    if descriptor.get("licenses"):
        lines.append(f"license: {descriptor['licenses'][0]['name']}")
    if descriptor.get("keywords"):
        lines += ["keywords:", *(f"  - {json.dumps(k, ensure_ascii=False)}" for k in descriptor["keywords"])]
    return "\n".join(lines) + "\n"
