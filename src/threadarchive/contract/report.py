"""Findings and reports: the one shape every check in threadarchive reports in.

Modelled on frictionless's report: each finding has a stable kebab-case ``type``,
a severity, a location and a message saying what was expected and what was found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from threadarchive.contract.findings import FINDING_LIMIT, Finding
from threadarchive.contract.limits import MAX_FINDINGS_PER_TYPE


def capped(findings: list[Finding], limit: int = MAX_FINDINGS_PER_TYPE) -> list[Finding]:
    """The first ``limit`` findings of each type, and for a type with more, one summary
    warning saying how many more there were: a report stays readable at any size."""
    counts: Counter[str] = Counter()
    kept = []
    for finding in findings:
        counts[finding.type] += 1
        if counts[finding.type] <= limit:
            kept.append(finding)
    for kind, count in counts.items():
        if count > limit and kind != FINDING_LIMIT.type:
            where = next(f.path for f in findings if f.type == kind)
            message = f"expected at most {limit} findings of type {kind} listed, found {count - limit} more not listed"
            kept.append(FINDING_LIMIT(message, path=where))
    return kept


@dataclass
class Report:
    """Every finding of one validation run; valid when no finding is an error."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def passes(self, *, strict: bool = False) -> bool:
        """Valid, and with ``strict`` free of warnings too."""
        return self.valid and not (strict and self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "path": self.path,
            "stats": {
                **self.stats,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "infos": len(self.infos),
            },
            "types": dict(sorted(Counter(f.type for f in self.findings).items())),
            "findings": [f.to_dict() for f in self.findings],
        }


def format_text(
    report: Report, *, strict: bool = False, hint: Callable[[Finding], str | None] | None = None
) -> str:
    """A table for people: severity, type, location, message; then a summary line.

    ``hint`` gives, for a finding, what to run to mend it (the command line gives its
    commands), printed under its message after "run:".
    """
    lines = []
    for finding in report.findings:
        lines.append(f"{finding.severity:<7}  {finding.type:<24}  {finding.where()}")
        lines.append(f"         {finding.message}")
        if hint is not None and (mend := hint(finding)):
            lines.append(f"         run: {mend}")
    rows = ", ".join(f"{name} {count} rows" for name, count in report.stats.get("rows", {}).items())
    verdict = (
        "valid"
        if report.passes(strict=strict)
        else "INVALID"
        if not report.valid
        else "FAILED (strict: warnings fail)"
    )
    lines.append(
        f"{verdict}: {report.path}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)"
        + (f", {len(report.infos)} acknowledged" if report.infos else "")
        + (f" ({rows}; engine {report.stats.get('engine')})" if rows else "")
    )
    return "\n".join(lines)


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per finding, on its file and line."""
    base = PurePosixPath(report.path).parent
    lines = []
    for finding in report.findings:
        props = {"title": f"{finding.type} ({finding.severity})"}
        if finding.path:
            props["file"] = str(base / finding.path) if str(base) != "." else finding.path
        if finding.line is not None:
            props["line"] = str(finding.line)
        rendered = ",".join(f"{key}={_escape(value, True)}" for key, value in props.items())
        message = f"{finding.where()}: {finding.message}" if finding.where() else finding.message
        command = "notice" if finding.severity == "info" else finding.severity  # GitHub has no "info"
        lines.append(f"::{command} {rendered}::{_escape(message)}")
    return "\n".join(lines)


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def shown(value: Any, width: int = 60) -> str:
    """A value as quoted in a message: its repr, cut to ``width`` characters."""
    if isinstance(value, str) and len(value) > width:
        value = value[: width - 1] + "…"
    return repr(value)


def shown_apart(expected: str, found: str, width: int = 60) -> tuple[str, str, str]:
    """Two values that differ, as quoted in a message: each cut to ``width`` characters
    around the first character where they differ, so that the cuts never read the same;
    and where that is, for the message (", from character 57", or "" when both are
    whole)."""
    if len(expected) <= width and len(found) <= width:
        return repr(expected), repr(found), ""
    at = next((i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b), None)
    at = min(len(expected), len(found)) if at is None else at
    start = max(0, at - width // 3)

    def cut(value: str) -> str:
        piece = value[start : start + width]
        return repr(("…" if start else "") + piece + ("…" if start + width < len(value) else ""))

    return cut(expected), cut(found), f" (they differ from character {at + 1})"
