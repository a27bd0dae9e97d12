"""What checking one table found: the one result every engine gives for a table.

Its findings (in row order, each with its line once ``with_lines`` has read the
file), its row count, and what later checks read: the typed columns the fast
engine kept (Arrow), or the SQL table the SQL engines kept them in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from threadarchive.contract.findings import Finding
from threadarchive.contract.limits import MAX_FINDINGS_PER_TYPE
from threadarchive.contract.package import Resource

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


@dataclass
class TableScan:
    """What checking one table found, and the typed columns kept for later checks."""

    resource: Resource
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0
    engine: str = "fast"
    columns: dict[str, pa.ChunkedArray] = field(default_factory=dict)  # typed; "_row" = row numbers
    readable: bool = True
    dropped: int = 0  # findings over the limit, counted but not listed
    lines: Callable[[np.ndarray], np.ndarray] | None = None  # rows to the lines they start on (CSV)
    relation: str | None = None  # the SQL table of its kept columns (the SQL engines)
    stand_in: str | None = None  # the resource whose rows were checked in its place (a release's Parquet)

    def room(self) -> int:
        return max(MAX_FINDINGS_PER_TYPE - len(self.findings), 0)

    def add(self, finding: Finding) -> None:
        if len(self.findings) < MAX_FINDINGS_PER_TYPE:
            self.findings.append(finding)
        else:
            self.dropped += 1

    def extend(self, findings: list[Finding], total: int) -> None:
        """Findings made for the room there was, of ``total`` found."""
        self.findings.extend(findings)
        self.dropped += total - len(findings)

    def sort(self) -> None:
        """Findings in row order, and within a row in the order of the fields."""
        names = self.resource.field_names
        self.findings.sort(
            key=lambda f: (f.row or 0, names.index(f.field) if f.field in names else len(names))
        )

    def with_lines(self, findings: list[Finding]) -> list[Finding]:
        """The findings in this table's file with their line, where they name a row."""
        path = self.resource.path
        pending = [
            i for i, f in enumerate(findings) if f.path == path and f.row is not None and f.line is None
        ]
        if self.lines is None or not pending:
            return findings
        import numpy as np

        lines = self.lines(np.array([findings[i].row for i in pending], dtype=np.int64))
        result = list(findings)
        for i, line in zip(pending, lines, strict=True):
            result[i] = replace(findings[i], line=int(line))
        return result
