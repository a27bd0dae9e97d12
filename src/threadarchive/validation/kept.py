"""The columns of each table the checks across tables need, kept when the table is read.

Thread integrity (sql/threads.py, whichever engine read the tables) and the acknowledgements of warnings (engine.acknowledged) read them.
"""

from __future__ import annotations

import datetime as dt

NEEDED = {
    "threads": ["thread_id", "tweet_count", "known_gaps", "author_name", "published_date"],
    "tweets": ["thread_id", "position", "marker"],
    "anomalies": ["thread_id", "finding", "position", "note"],  # acknowledged warnings
}
# Columns checked where a package has them (a release older than them has not).
OPTIONAL = {"threads": ["terms"]}
KEEP = {table: [*names, *OPTIONAL.get(table, [])] for table, names in NEEDED.items()}
FIRST_TWEET = dt.date(2006, 3, 21)  # a thread's date is not before the first tweet
