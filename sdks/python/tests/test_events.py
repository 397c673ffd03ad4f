"""What an event contains, checked against the protocol's JSON Schema by the receiver on every request."""

import json
import re
import uuid

import pytest

import flytrap
from conftest import frames_of


def checkout(cart):
    return cart["items"]


def handle_request():
    return checkout({})


def test_an_exception_event_has_the_protocols_fields(receiver, start_sdk):
    start_sdk(release="shop@1.4.2", environment="staging", server_name="web-1")
    try:
        handle_request()
    except KeyError as error:
        event_id = flytrap.capture_exception(error)
    assert flytrap.flush(5)

    [event] = receiver.events
    assert event["event_id"] == event_id and uuid.UUID(event_id).version == 4
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", event["timestamp"])
    assert event["project_id"] == 7
    assert (event["level"], event["handled"], event["platform"]) == ("error", True, "python")
    assert event["sdk"] == {"name": "flytrap.python", "version": flytrap.__version__}
    assert (event["release"], event["environment"], event["server_name"]) == ("shop@1.4.2", "staging", "web-1")
    assert event["runtime"].startswith("CPython 3.") and event["os"]
    assert set(event["contexts"]) == {"runtime", "os"}
    [exception] = event["exception"]
    assert (exception["type"], exception["value"]) == ("KeyError", "'items'")
    assert "module" not in exception, "builtins is not worth naming"
    assert exception["mechanism"] == {"type": "generic", "handled": True}
    assert receiver.requests[0].headers["x-api-key"] == "public-key"
    assert receiver.requests[0].path == "/api/errors", "the key travels in a header, never in the URL"


def test_every_frame_is_sent_caller_first_with_in_app_and_five_lines_of_code_around_it(receiver, start_sdk):
    start_sdk()
    try:
        json.loads("{not json")  # raises inside the standard library
    except ValueError as error:
        flytrap.capture_exception(error)
    assert flytrap.flush(5)

    frames = frames_of(receiver.events[0])
    ours, library = frames[0], frames[-1]
    assert ours["function"].startswith("test_every_frame") and ours["module"] == "test_events"
    assert ours["in_app"] is True and ours["abs_path"] == __file__
    assert ours["context_line"].strip() == 'json.loads("{not json")  # raises inside the standard library'
    assert len(ours["pre_context"]) == 5 and len(ours["post_context"]) == 5
    assert ours["pre_context"][-1].strip() == "try:"
    assert library["module"].startswith("json.") and library["in_app"] is False
    assert library["context_line"].strip() and len(library["pre_context"]) == 5, "the standard library's code is shown too"
    assert all(f["in_app"] is False for f in frames[1:]), "json's frames are not the app's"


def test_the_chain_of_causes_is_sent_oldest_first_and_the_mechanism_marks_the_caught_one(receiver, start_sdk):
    start_sdk()
    try:
        try:
            int("seven")
        except ValueError as cause:
            raise RuntimeError("order 7 failed") from cause
    except RuntimeError as error:
        flytrap.capture_exception(error)
    try:
        try:
            {}["x"]
        except KeyError:
            raise LookupError("while handling")  # implicit context
    except LookupError as error:
        flytrap.capture_exception(error)
    try:
        try:
            {}["x"]
        except KeyError:
            raise LookupError("context suppressed") from None
    except LookupError as error:
        flytrap.capture_exception(error)
    assert flytrap.flush(5)

    explicit, implicit, suppressed = [e["exception"] for e in receiver.events]
    assert [(e["type"], e["value"]) for e in explicit] == [("ValueError", "invalid literal for int() with base 10: 'seven'"),
                                                          ("RuntimeError", "order 7 failed")]
    assert "mechanism" not in explicit[0] and explicit[1]["mechanism"]["handled"] is True
    assert [e["type"] for e in implicit] == ["KeyError", "LookupError"]
    assert [e["type"] for e in suppressed] == ["LookupError"], "raise ... from None hides the context"


def test_a_chain_that_loops_ends(receiver, start_sdk):
    start_sdk()
    first, second = ValueError("a"), ValueError("b")
    first.__cause__, second.__cause__ = second, first
    flytrap.capture_exception(first)
    assert flytrap.flush(5)
    assert [e["value"] for e in receiver.events[0]["exception"]] == ["b", "a"]


def test_a_message_event_has_no_exception(receiver, start_sdk):
    start_sdk()
    event_id = flytrap.capture_message("cache warmed", level="warning")
    assert flytrap.flush(5)
    [event] = receiver.events
    assert (event["event_id"], event["message"], event["level"], event["handled"]) == (event_id, "cache warmed", "warning", True)
    assert "exception" not in event


def test_capture_without_an_argument_reports_the_exception_being_handled_and_nothing_outside_one(receiver, start_sdk):
    start_sdk()
    assert flytrap.capture_exception() is None, "no exception is being handled"
    try:
        handle_request()
    except KeyError:
        event_id = flytrap.capture_exception()
    assert flytrap.flush(5)
    assert receiver.sent_ids() == [event_id]


def test_scope_data_goes_with_each_event_and_the_last_100_breadcrumbs(receiver, start_sdk):
    start_sdk()
    flytrap.set_user({"id": 42, "email": "grace@example.com", "username": "grace"})
    flytrap.set_tag("region", "eu")
    flytrap.set_tags({"shard": 3, "beta": True, "odd": object()})
    flytrap.set_context("order", {"id": 17, "total": 12.5})
    flytrap.set_context("gone", {"x": 1})
    flytrap.set_context("gone", None)
    for i in range(150):
        flytrap.add_breadcrumb(category="db", message="query %d" % i, level="info", data={"rows": i})
    flytrap.add_breadcrumb({"message": "odd level"}, level="loud")
    flytrap.capture_message("with scope")
    assert flytrap.flush(5)

    [event] = receiver.events
    assert event["user"] == {"id": 42, "email": "grace@example.com", "username": "grace"}
    assert event["tags"]["region"] == "eu" and event["tags"]["shard"] == 3 and event["tags"]["beta"] is True
    assert event["tags"]["odd"].startswith("<object object"), "tags the protocol cannot carry are sent as text"
    assert event["contexts"]["order"] == {"id": 17, "total": 12.5} and "gone" not in event["contexts"]
    crumbs = event["breadcrumbs"]
    assert len(crumbs) == 100
    assert crumbs[0]["message"] == "query 51", "the oldest are forgotten first"
    assert crumbs[-1] == {"message": "odd level", "timestamp": crumbs[-1]["timestamp"]}, "an unknown level is left out"
    assert isinstance(crumbs[0]["timestamp"], float)


def test_the_same_exception_reported_twice_is_one_event(receiver, start_sdk):
    start_sdk()
    error = ValueError("once")
    assert flytrap.capture_exception(error) is not None
    assert flytrap.capture_exception(error) is None
    assert flytrap.flush(5)
    assert len(receiver.requests) == 1


@pytest.mark.parametrize("include, exclude, expected", [
    ((), (), True),
    ((), ("test_events",), False),
    (("test_events",), ("test_events",), True),
    ((), ("/",), False),
])
def test_in_app_follows_the_configured_module_and_path_prefixes(receiver, start_sdk, include, exclude, expected):
    start_sdk(in_app_include=include, in_app_exclude=exclude)
    try:
        handle_request()
    except KeyError as error:
        flytrap.capture_exception(error)
    assert flytrap.flush(5)
    assert {f["in_app"] for f in frames_of(receiver.events[0])} == {expected}


def test_nothing_is_captured_after_close(receiver, start_sdk):
    start_sdk()
    assert flytrap.close(2) is True
    assert flytrap.capture_message("after close") is None
    assert flytrap.flush(1)
    assert receiver.requests == []


def test_a_partial_or_odd_mechanism_still_makes_a_valid_event_and_the_callers_dict_is_left_alone(receiver, start_sdk):
    # Read as mechanism["handled"] on the worker, {"type": "x"} raised KeyError there and the event was lost;
    # {"handled": "no"} went out as a string, which the schema refuses (the receiver checks every body)
    start_sdk()
    without_handled = {"type": "job"}
    not_a_bool = {"type": "job", "handled": "no"}
    unhandled = {"type": "job", "handled": 0}
    ids = [flytrap.capture_exception(ValueError(str(i)), mechanism=m)
           for i, m in enumerate((without_handled, not_a_bool, unhandled))]
    assert flytrap.flush(5)
    assert receiver.sent_ids() == ids
    mechanisms = [e["exception"][-1]["mechanism"] for e in receiver.events]
    assert mechanisms == [{"type": "job", "handled": True}, {"type": "job", "handled": True},
                          {"type": "job", "handled": False}]
    assert [e["handled"] for e in receiver.events] == [True, True, False]
    assert without_handled == {"type": "job"} and not_a_bool == {"type": "job", "handled": "no"}, "not mutated"
