"""The order in which the xdist workers meet the tests: each worker's first share starts
with long modules, so no worker is left alone with a long test at the end of the run.

xdist's `worksteal` gives each worker a contiguous share of the collected items, then
moves tests from the longest queue to an idle worker, from its tail. Left in file order,
the longest modules (the README tour, the browser, the bad-input generator) may all fall
late in one share, and the run ends with one core idle while the other finishes them.
Here the long modules are dealt out longest first to the least loaded share (the LPT
rule), and the other tests fill each share in their usual order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Seconds each module takes on this project's two-core machine (pytest --durations=0,
# summed per file). Rough figures are enough: they decide only where a module starts.
LONG_MODULES = {
    "tests/e2e/test_bad_input.py": 29,
    "tests/browser/test_site_in_browser.py": 28,
    "tests/e2e/test_readme.py": 24,
    "tests/integration/test_invariant.py": 17,
    "tests/e2e/test_bench_scripts.py": 12,
    "tests/integration/test_concurrency.py": 11,
    "tests/integration/test_tamper_drill.py": 9,
    "tests/e2e/test_publish.py": 9,
    "tests/integration/test_postgres_parity.py": 7,
    "tests/integration/test_projections.py": 6,
    "tests/integration/test_coalition_years.py": 5,
    "tests/e2e/test_integrity_cli.py": 5,
}


def share_sizes(count: int, workers: int) -> list[int]:
    """How many items xdist's first distribution gives each worker, in order."""
    sizes, left = [], count
    for i in range(workers):
        sizes.append(left // (workers - i))
        left -= sizes[-1]
    return sizes


def scheduled(items: Sequence[Any], workers: int, path_of: Any) -> list[Any]:
    """`items` reordered for `workers` shares; `path_of(item)` names its module."""
    if workers < 2:
        return list(items)
    modules: dict[str, list[Any]] = {}
    for item in items:
        modules.setdefault(path_of(item), []).append(item)
    shares: list[list[Any]] = [[] for _ in range(workers)]
    loads = [0] * workers
    # Ties broken by name: every worker must compute the same order.
    for path in sorted(
        (p for p in LONG_MODULES if p in modules), key=lambda p: (-LONG_MODULES[p], p)
    ):
        least = loads.index(min(loads))
        shares[least] += modules.pop(path)
        loads[least] += LONG_MODULES[path]
    rest = [item for group in modules.values() for item in group]
    ordered: list[Any] = []
    for share, size in zip(shares, share_sizes(len(items), workers), strict=True):
        room = max(0, size - len(share))
        ordered += share + rest[:room]
        rest = rest[room:]
    return ordered + rest
