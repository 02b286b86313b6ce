"""The long modules are dealt out so that each worker's first share starts with some."""

from pathlib import Path

from tests.scheduling import LONG_MODULES, scheduled, share_sizes


def test_share_sizes_are_those_xdist_sends_first():
    assert share_sizes(1027, 2) == [513, 514]
    assert share_sizes(10, 3) == [3, 3, 4]


def test_each_share_starts_with_long_modules_and_nothing_is_lost():
    long = list(LONG_MODULES)
    items = [f"tests/unit/test_quick_{i}.py" for i in range(400)]
    items += [path for path in long for _ in range(3)]  # file order: the long ones last
    ordered = scheduled(items, 2, lambda item: item)
    assert sorted(ordered) == sorted(items)
    half = share_sizes(len(items), 2)[0]
    first, second = ordered[:half], ordered[half:]
    assert first[0] == long[0] and second[0] == long[1]  # the two longest, one each
    loads = [sum(LONG_MODULES.get(p, 0) for p in set(share)) for share in (first, second)]
    assert abs(loads[0] - loads[1]) <= max(LONG_MODULES.values())


def test_one_worker_keeps_the_file_order():
    items = ["b.py", "a.py", *LONG_MODULES]
    assert scheduled(items, 1, lambda item: item) == items


def test_the_order_does_not_depend_on_the_process():
    """xdist aborts when its workers collect different orders (a set's order changes
    from one process to the next)."""
    import subprocess
    import sys

    program = (
        "from tests.scheduling import LONG_MODULES, scheduled\n"
        "items = [p for p in LONG_MODULES for _ in range(2)] + ['a.py'] * 5\n"
        "print(scheduled(items, 2, lambda item: item))\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"},
            cwd=Path(__file__).resolve().parents[2],
            check=True,
        ).stdout
        for seed in range(4)
    }
    assert len(seen) == 1
