"""Every tunable number of the product, in one place.

Each value is this product's reading of the DC Charter; the README explains them.
"""

from fractions import Fraction

# Annual report for year Y is due on this day of year Y + 1.
REPORT_DUE_MONTH = 3
REPORT_DUE_DAY = 31

# An extension runs at most this many months past the original deadline (to the end of
# the year after the report's year): the charter bounds none, and an unbounded one would
# keep a year "pending" for ever.
MAX_EXTENSION_MONTHS = 9

# Consecutive missed report years after which a coalition is listed inactive.
MISSED_YEARS_FOR_INACTIVITY = 2

# Founding statements and current membership must span this many stakeholder groups.
MIN_STAKEHOLDER_GROUPS = 3

# Members must confirm contact details at least this often.
CONTACT_STALE_AFTER_MONTHS = 12

# Ratification votes.
DEFAULT_THRESHOLD = "majority"
TWO_THIRDS = Fraction(2, 3)
DEFAULT_QUORUM = Fraction(0)

# Concurrency: how often a command is decided again after a version conflict, and how
# long a writer waits for a lock held by another (env DCLEDGER_LOCK_TIMEOUT overrides).
COMMAND_ATTEMPTS = 8
RETRY_PAUSE_SECONDS = 0.05
SQLITE_LOCK_TIMEOUT_SECONDS = 10

# Projection pull loop: notifications read and written per transaction. Each batch
# rewrites the derived rows of the aggregates it touched, so larger batches rebuild
# faster (fewer rewrites) at the price of a longer write lock on the read-model file.
PROJECTION_BATCH_SIZE = 5000
# A record's folded state is stored again once this many of its facts came after the
# stored one: reading folds at most that many facts forward, and a catch-up of one event
# does not rewrite a state as large as its coalition. A large coalition waits longer: one
# fact more for every SNAPSHOT_ENTRIES_PER_FACT members and activities it holds. Storing
# its state then costs each event the same whatever its size, and folding the facts since
# costs a reader less than reading the stored state itself (a fact folds in about the
# time twenty entries take to read back).
SNAPSHOT_EVERY = 100
SNAPSHOT_ENTRIES_PER_FACT = 20
# What a catch-up keeps in memory from one batch to the next: the folded states of this
# many records, and about this many rows as last written (to write only changed rows).
# The rest is read back from the snapshots and the tables when a later fact needs it, so
# a rebuild's memory does not grow with the log.
STATES_KEPT = 1000
ROWS_REMEMBERED = 5000

# Input limits. The first IGF met in 2006, so no Dynamic Coalition, report or review can
# be about an earlier year; nothing is about a year after next.
FIRST_YEAR = 2006
YEARS_AHEAD = 1
# Any one text value (a reason, a title, an amendment text) and any one file handed in.
MAX_TEXT_CHARS = 1_000_000
MAX_DOCUMENT_BYTES = 2_000_000
MAX_IMPORT_BYTES = 2_000_000_000
# JSON nesting deeper than this is refused before it is parsed.
MAX_JSON_DEPTH = 64
# Integers are stored in SQLite, which holds signed 64-bit values.
MAX_INTEGER = 2**63 - 1

# The cyclic garbage collector's thresholds while a command runs (Python's default is
# (700, 10, 10)). A command makes many small objects that live until it exits; with the
# default, a 10,000-ballot charter audit spent about 40% of its time collecting them.
COLLECTOR_THRESHOLDS = (50_000, 20, 100)
