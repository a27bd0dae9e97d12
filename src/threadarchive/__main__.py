"""``python -m threadarchive``."""

from .cli import main

main(prog_name="threadarchive")
