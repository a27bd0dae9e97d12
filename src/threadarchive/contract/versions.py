"""Semantic versions of releases: the one version pattern, parsed and compared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from threadarchive.contract.patterns import VERSION
from threadarchive.errors import InputError

Level = Literal["major", "minor", "patch"]


LEVELS: tuple[Level, ...] = ("patch", "minor", "major")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @staticmethod
    def matches(text: str) -> bool:
        """Whether ``text`` is a version like 1.2.3."""
        return VERSION.fullmatch(text) is not None

    @classmethod
    def parse(cls, text: str) -> Version:
        match = VERSION.fullmatch(text.strip())
        if not match:
            raise InputError(f"expected a version like 1.2.3, found {text!r}")
        return cls(*map(int, match.groups()))

    def bump(self, level: Level) -> Version:
        if level == "major":
            return Version(self.major + 1, 0, 0)
        if level == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def level_from(self, older: Version) -> Level | None:
        """The bump that leads from ``older`` to this version, None if not newer."""
        if self <= older:
            return None
        if self.major != older.major:
            return "major"
        return "minor" if self.minor != older.minor else "patch"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"
