"""``python -m threadarchive``."""

from threadarchive.cli import main

main(prog_name="threadarchive")
