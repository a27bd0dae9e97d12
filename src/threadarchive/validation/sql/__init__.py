"""The SQL engines: validation as SQL, run by DuckDB (embedded, the default) or Spark.

The modules, in the order data flows through them::

    checks.py     the checks of a cell, defined once: one entry per Table Schema rule
    structure.py  whether DuckDB reads a CSV file row for row as frictionless does
    table.py      one table read once: cells checked, the columns later checks need kept
    parts.py      a release's Hive-partitioned table: its files read as one table
    keys.py       unique fields, primary and foreign keys, across rows
    threads.py    thread integrity: positions, counts, markers
    engine.py     the flow: tables, then keys, then threads
    backend.py    the database: DuckDB with a memory limit (spilling to disk)

Everything a check needs of frictionless's reading rules that SQL does not express
(an unusual cell, a pattern RE2 cannot run, a file DuckDB reads otherwise than Python's
csv module) is handed to the fast engine's code for just those cells or that file.
"""
