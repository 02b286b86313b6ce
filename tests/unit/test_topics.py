"""Every event has an explicit, unique, versioned topic, and the fold knows it."""

import json
import re
import subprocess
import sys
from importlib import import_module

from eventsourcing.domain import Aggregate

from dcledger.ledger import aggregates
from dcledger.ledger.facts import type_of_topic
from dcledger.ledger.rules.checks import CHECKS
from dcledger.ledger.state import HANDLERS
from dcledger.ledger.vocabulary import EVENT_TOPICS, EVENT_TYPES
from tests.fresh_process import modules_loaded

AGGREGATES = [
    aggregates.Amendment,
    aggregates.Charter,
    aggregates.Coalition,
    aggregates.DccgMeeting,
    aggregates.Founding,
    aggregates.MemberReview,
    aggregates.Person,
]


def event_classes():
    aggregates.load_all()  # events declared and not yet used are defined here
    from dcledger.ledger.aggregates.base import Declared

    undefined = [(a, n) for a in AGGREGATES for n, v in vars(a).items() if isinstance(v, Declared)]
    assert undefined == [], "declared events load_all left undefined"
    for aggregate in AGGREGATES:
        for name, value in vars(aggregate).items():
            if isinstance(value, type) and issubclass(value, Aggregate.Event) and name != "Event":
                yield aggregate, value


def test_topics_are_explicit_unique_and_versioned():
    topics = []
    for aggregate, event in event_classes():
        # eventsourcing may wrap a declared class (it does for `Created`): find the declarer.
        declarer = next((c for c in event.__mro__ if "TOPIC" in vars(c)), None)
        assert declarer is not None, f"{aggregate.__name__}.{event.__name__} has no TOPIC"
        assert declarer.__module__ == aggregate.__module__, (
            f"{aggregate.__name__}.{event.__name__} inherits its topic from elsewhere"
        )
        assert re.fullmatch(r"dcledger:[a-z]+\.[a-z_]+:v\d+", event.TOPIC), event.TOPIC
        topics.append(event.TOPIC)
    assert len(topics) == len(set(topics))
    assert len(topics) >= 40


def test_every_event_type_is_folded_or_is_a_retraction():
    for _, event in event_classes():
        fact_type = type_of_topic(event.TOPIC)
        assert fact_type in HANDLERS or fact_type.endswith(".retracted"), fact_type


def event_types() -> set[str]:
    return {type_of_topic(event.TOPIC) for _, event in event_classes()}


def test_every_handler_names_a_real_event():
    assert set(HANDLERS) <= event_types(), set(HANDLERS) - event_types()


def test_every_event_type_has_a_check_and_every_check_a_real_event():
    assert set(CHECKS) == event_types(), set(CHECKS) ^ event_types()


def test_stored_events_carry_the_explicit_topic(sqlite_ledger):
    stored = sqlite_ledger.service.app.recorder.select_notifications(start=1, limit=4)
    assert [n.topic for n in stored] == [
        "dcledger:ledger.initialized:v1",
        "dcledger:person.registered:v1",
        "dcledger:person.key_added:v1",  # init registers the secretariat's signing key
        "dcledger:person.registered:v1",
    ]


def test_each_event_class_is_built_once():
    """An event that is not a subclass of its aggregate's own `Event` is redefined by
    eventsourcing as one, which doubles the start-up cost of every event class."""
    for aggregate, event in event_classes():
        assert "Event" in vars(aggregate), f"{aggregate.__name__} declares no Event"
        assert issubclass(event, aggregate.Event), f"{aggregate.__name__}.{event.__name__}"
        assert "TOPIC" in vars(event), f"{aggregate.__name__}.{event.__name__} was redefined"


def test_the_vocabulary_lists_every_event_type_and_no_other():
    assert {type_of_topic(event.TOPIC) for _, event in event_classes()} == EVENT_TYPES


def test_the_vocabulary_names_every_stored_topic_and_no_other():
    """Reading the log tells this product's events from others by the vocabulary alone,
    without defining the event classes."""
    assert {event.TOPIC for _, event in event_classes()} == EVENT_TOPICS


def test_every_exported_name_is_found_in_the_module_named_for_it():
    assert sorted(aggregates.__all__) == sorted(aggregates.MODULE_OF)
    for name, module in aggregates.MODULE_OF.items():
        assert name in vars(import_module(f"{aggregates.__name__}.{module}")), name


def test_each_topic_loads_the_module_defining_its_aggregate():
    for aggregate, event in event_classes():
        for topic in (aggregate.TOPIC, event.TOPIC):
            kind = topic.split(":")[1].split(".")[0]
            module = f"{aggregates.__name__}.{aggregates.MODULE_OF_KIND[kind]}"
            assert aggregate.__module__ == module, topic


def test_an_aggregate_and_its_events_load_only_with_their_module():
    program = (
        "from dcledger.ledger.aggregates import Coalition, load_for_topic\n"
        "load_for_topic('dcledger:person.registered:v1')"
    )
    loaded = modules_loaded(program, "dcledger.ledger.aggregates.")
    assert [m.rsplit(".", 1)[1] for m in loaded] == ["base", "coalition", "person"]


def test_an_event_is_defined_when_first_used_and_its_topic_then_resolves():
    """Declaring an event costs start-up nothing; reading it, or asking for its topic,
    defines it as a subclass of its aggregate's Event."""
    program = (
        "import json\n"
        "from eventsourcing.utils import resolve_topic\n"
        "from dcledger.ledger.aggregates import Coalition, load_for_topic\n"
        "from dcledger.ledger.aggregates.base import Declared\n"
        "def kinds():\n"
        "    return {n: isinstance(v, Declared) for n, v in vars(Coalition).items()\n"
        "            if n in ('Created', 'Retracted', 'MemberJoined', 'ReportFiled')}\n"
        "before = kinds()\n"
        "joined = Coalition.MemberJoined\n"
        "load_for_topic('dcledger:coalition.report_filed:v1')\n"
        "filed = resolve_topic('dcledger:coalition.report_filed:v1')\n"
        "print(json.dumps([before, kinds(), issubclass(joined, Coalition.Event),\n"
        "                  filed is Coalition.ReportFiled, issubclass(filed, Coalition.Event)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    before, after, *defined = json.loads(done.stdout)
    assert before == {
        "Created": False,
        "Retracted": False,
        "MemberJoined": True,
        "ReportFiled": True,
    }
    assert after == {
        "Created": False,
        "Retracted": False,
        "MemberJoined": False,
        "ReportFiled": False,
    }
    assert defined == [True, True, True]


def test_eventsourcing_reads_declared_events_in_a_fresh_process(sqlite_ledger, tmp_path):
    """The library's own readers (its repository) decode events whose classes no code in
    the process has used yet: the mapper defines each class as it decodes."""
    ledger = sqlite_ledger
    ledger.coalition()
    ledger.run("meeting record", "ana", slug="dc-example", title="call", on="2019-03-01")
    ledger.close()
    program = (
        "import sys\n"
        "from dcledger.ledger.event_store import open_app\n"
        "from dcledger.ledger.storage import Location\n"
        "from dcledger.ledger.aggregates import Coalition\n"
        f"app = open_app(Location({ledger.location!r}))\n"
        "c = app.repository.get(Coalition.id_for('dc-example'))\n"
        "print(c.version, type(c).MeetingRecorded.TOPIC)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[1] == "dcledger:coalition.meeting_recorded:v1"
