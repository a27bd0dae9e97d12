"""Every bound on input, in one place: what a file, line, record or capture may hold.

A bound exists so that no input (a hostile one included) can make a command run out of
memory or time; each is far above what a real file holds. Every name starts with ``MAX_``.
"""

import os

# Descriptors, schemas, manifests, SHA256SUMS, the release index, YAML metadata and
# settings, Thread Reader App pages: small documents, refused whole above this.
MAX_DOCUMENT_BYTES = 16 << 20
MAX_JSON_DEPTH = 64  # nesting of a JSON document; json would recurse past Python's stack

# Captures
MAX_POSITION = 2**31 - 1  # a tweet's position: a 32-bit signed integer in every table
MAX_THREAD_TWEETS = 100_000  # tweets in the threads of one capture, counted before their texts are kept
MAX_CAPTURE_LINES = 1_000_000  # lines of a Scrolly text capture
MAX_LINE_BYTES = 8 << 20  # one JSON line of a twarc capture
MAX_PAGE_TAGS = 100_000  # tags of a Thread Reader App page, counted before BeautifulSoup builds it
MAX_TWEETS_FILE_BYTES = 512 << 20  # one tweets file of an X archive (each part)
MAX_ACCOUNT_FILE_BYTES = 4 << 20  # account.js, profile.js, manifest.js of an X archive
MAX_TWEETS_PARTS = 1000  # tweets-partN.js files of an X archive
MAX_RECORD_CHARS = 16 << 20  # characters of one record of an X archive; a tweet's is a few KB
# X's web GraphQL responses and the files that hold them. A JSON document is parsed whole
# (json builds some 6 to 10 bytes of objects for each byte), so those read whole are kept
# to what a browser session saves; the others are streamed a record at a time.
MAX_JSON_CAPTURE_BYTES = 64 << 20  # a capture parsed whole: a HAR file, a saved response, an exporter's JSON
MAX_RESPONSE_BYTES = 64 << 20  # one HTTP response body in a WARC, decompressed; a timeline page is < 1 MB
MAX_WARC_RECORDS = 1_000_000  # records of one WARC (or of one WACZ's WARCs together)
MAX_WARC_BYTES = 16 << 30  # one WARC inside a WACZ, read as a stream
MAX_JSON_DEPTH_SEARCHED = 16  # how deep in a GraphQL response its timeline instructions are looked for

# Tables
MAX_ROW_BYTES = 16 << 20  # one CSV row; a longer one is a finding of its own
MAX_PATTERN_EXPANSION = 100_000  # counted repetitions, multiplied out, a pattern may have for ``regex``
MAX_FINDINGS_PER_TYPE = 1000  # findings of one type a report lists; frictionless's limit_errors is 1000 too
MAX_NOTE_CHARS = 2000  # a curated note or a reason: a paragraph, not a document
# A capture's provenance as the captures table keeps it (one JSON object in a cell): each
# key and value cut to MAX_PROVENANCE_VALUE_CHARS (a GraphQL request's URI is 2 to 3 KB),
# and entries past MAX_PROVENANCE_CHARS of JSON left out and counted; a cell repeats for
# every thread of its capture, so a WARC of a whole browsing session stays a few MB.
MAX_PROVENANCE_VALUE_CHARS = 8192
MAX_PROVENANCE_CHARS = 65536

# Files of one release, in a zip or listed by a folder's SHA256SUMS: its tables (a month a
# file past partition_rows), variants, documents and, in a zip, its static site.
MAX_RELEASE_FILES = 250_000

# Downloads: a release's files, at most (THREADARCHIVE_MAX_DOWNLOAD overrides it)
MAX_DOWNLOAD_BYTES = int(os.environ.get("THREADARCHIVE_MAX_DOWNLOAD", 16 << 30))
# ... the time one file may take from the request to its last byte (THREADARCHIVE_DOWNLOAD_SECONDS
# overrides it), and the longest a download may go without receiving 64 KiB: a server that
# stops, or drips a byte at a time, is given up after this.
MAX_DOWNLOAD_SECONDS = float(os.environ.get("THREADARCHIVE_DOWNLOAD_SECONDS", 3 * 3600))
MAX_DOWNLOAD_STALL_SECONDS = 30.0
