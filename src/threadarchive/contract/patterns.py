"""Every pattern a name, number or reference must match, in one place.

The patterns of table fields (tweet IDs, handles, markers) live in the Table Schemas
(``threadarchive/schemas``) and are read from there (``contract.fullmatch``); these
are the ones of everything else: package names, versions, hashes, links.
"""

import re

PACKAGE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")  # a Data Package name, as the spec allows it
VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")  # semver, no leading zeros
SHA256 = re.compile(r"(sha256:)?[0-9a-f]{64}")  # a descriptor's hash, with or without its prefix
SHA256_HEX = re.compile(r"[0-9a-f]{64}")  # a SHA-256 as the index, manifests and metadata record it
COMMIT = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")  # a git object name (SHA-1 or SHA-256): never an option
TWEET_ID = re.compile(r"[0-9]{1,20}")  # a 64-bit snowflake ID, as decimal digits
URL = re.compile(r"https?://\S+")
DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
ORCID = re.compile(r"(?:https://orcid\.org/)?([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])")
