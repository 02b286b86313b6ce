"""The `coalition_years` SQL view: per coalition and year, what the yearly review asks
of it, answered by SQL over the read models' tables (for Datasette and `sqlite3`)."""

from dcledger.ledger import policy

# `rules.deadline` of a row's year: the reports table holds it for a year with a report
# record (a granted extension moves it); a year without one keeps the original deadline.
DUE = (
    "COALESCE(r.due, printf('%d-%02d-%02d', y.year + 1, "
    f"{policy.REPORT_DUE_MONTH}, {policy.REPORT_DUE_DAY}))"
)
# `rules.owes_report` of a row's year (the rows run from recognition to dissolution): a
# dissolution ends what is owed, save a report filed all the same or already due before it.
OWED = (
    "(c.dissolved_on IS NULL OR r.filed_on IS NOT NULL"
    " OR (y.year < CAST(substr(c.dissolved_on, 1, 4) AS INTEGER)"
    f" AND {DUE} < c.dissolved_on))"
)

# Per coalition and year, from the recognition year on: the report, the activity, and the
# DCCG meetings held and attended. A view, so it can never disagree with its tables;
# tests/integration/test_coalition_years.py checks every column against the rules.
COALITION_YEARS = f"""
WITH RECURSIVE years(year) AS (
    SELECT MIN(CAST(substr(recognized_on, 1, 4) AS INTEGER)) FROM coalitions
    UNION ALL SELECT year + 1 FROM years
    WHERE year < (SELECT MAX(CAST(substr(e.effective_date, 1, 4) AS INTEGER)) FROM events e)
)
SELECT c.slug, y.year,
    CASE WHEN {OWED} THEN {DUE} END AS report_due,
    r.extension_status, r.extension_until, r.filed_on AS report_filed_on,
    r.on_time AS report_on_time,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind = 'meeting'
        AND substr(a."on", 1, 4) = CAST(y.year AS TEXT)) AS meetings,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind != 'meeting'
        AND substr(a."on", 1, 4) = CAST(y.year AS TEXT)) AS outputs,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind != 'meeting'
        AND a.dissent != '[]' AND substr(a."on", 1, 4) = CAST(y.year AS TEXT))
        AS outputs_with_dissent,
    (SELECT COUNT(*) FROM dccg_meetings m WHERE substr(m.date, 1, 4) = CAST(y.year AS TEXT)
        AND m.date >= c.recognized_on AND (c.dissolved_on IS NULL OR m.date <= c.dissolved_on))
        AS dccg_meetings_held,
    (SELECT COUNT(*) FROM dccg_attendance d WHERE d.slug = c.slug
        AND substr(d.date, 1, 4) = CAST(y.year AS TEXT)) AS dccg_meetings_attended
FROM coalitions c
JOIN years y ON y.year >= CAST(substr(c.recognized_on, 1, 4) AS INTEGER)
    AND (c.dissolved_on IS NULL OR y.year <= CAST(substr(c.dissolved_on, 1, 4) AS INTEGER))
LEFT JOIN reports r ON r.slug = c.slug AND r.year = y.year
WHERE c.recognized_on IS NOT NULL
"""
