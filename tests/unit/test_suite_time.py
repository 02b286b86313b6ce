"""The suite-time benchmark reads pytest's summary and judges the goal as it says (the
script itself runs two whole suites, far too long for the suite)."""

from __future__ import annotations

from bench.suite_time import Run, parse_summary, report


def test_a_passing_summary_gives_its_count_and_seconds():
    output = "....\n1045 passed in 64.03s (0:01:04)\n"
    assert parse_summary(output) == (1045, 64.03)
    assert parse_summary("303 passed, 2 warnings in 58.93s\n") == (303, 58.93)


def test_a_failing_or_missing_summary_is_not_timed():
    assert parse_summary("1 failed, 1044 passed in 64.03s\n") is None
    assert parse_summary("1044 passed, 1 error in 64.03s\n") is None
    assert parse_summary("") is None


def test_the_goal_is_met_only_faster_and_with_more_tests():
    def runs(earlier: float, current: float, tests: int) -> list[Run]:
        return [Run("earlier", 303, earlier), Run("current", tests, current)] * 3

    assert report(runs(60.0, 55.0, 1045), "base").endswith(
        "0.92; goal: under 1 with more tests: met"
    )
    assert report(runs(60.0, 66.0, 1045), "base").endswith(
        "1.10; goal: under 1 with more tests: not met"
    )
    assert report(runs(60.0, 55.0, 300), "base").endswith("not met")
