"""The SDK lives inside someone else's app: whatever goes wrong in it, the app never sees an exception."""

import logging
import warnings
from unittest import mock

import flytrap
from flytrap.scope import current_scope


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("__str__ is broken")


class Slotted(Exception):
    __slots__ = ()


def test_before_init_every_function_is_a_quiet_no_op():
    assert flytrap.get_client() is None
    assert flytrap.capture_exception(ValueError("x")) is None
    assert flytrap.capture_message("x") is None
    flytrap.add_breadcrumb(message="x")
    flytrap.set_user({"id": 1})
    flytrap.set_user(None)
    flytrap.set_tag("a", 1)
    flytrap.set_context("a", None)
    assert flytrap.flush(0.1) is True and flytrap.close(0.1) is True


def _sdk_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "flytrap" and r.levelno == logging.WARNING]


def test_a_bad_dsn_logs_a_warning_and_leaves_the_sdk_off(caplog):
    assert flytrap.init("not a dsn") is None
    assert flytrap.get_client() is None
    [warning] = _sdk_warnings(caplog)
    assert "DSN must look like" in warning and "off" in warning


def test_init_twice_logs_a_warning_and_keeps_the_first_configuration(receiver, start_sdk, caplog):
    first = start_sdk(release="first")
    assert flytrap.init("http://other@127.0.0.1:1/99", release="second") is first
    assert ["called again" in w for w in _sdk_warnings(caplog)] == [True]
    flytrap.capture_message("still the first")
    assert flytrap.flush(5)
    [event] = receiver.events
    assert (event["release"], event["project_id"]) == ("first", 7)


def test_odd_values_and_broken_objects_still_make_an_event(receiver, start_sdk):
    start_sdk()
    flytrap.set_user({"id": ["not", "an", "id"], "email": 42})
    flytrap.set_context("weird", {"nan": float("nan"), "set": {1}, "object": object(), 3: "int key"})
    flytrap.add_breadcrumb(message=None, data={"self": object()}, timestamp="yesterday")
    assert flytrap.capture_exception(Unprintable()) is not None
    assert flytrap.capture_exception(Slotted("no attributes")) is not None
    assert flytrap.capture_exception("not an exception") is None  # type: ignore[arg-type]
    assert flytrap.flush(5)
    unprintable, slotted = receiver.events
    assert unprintable["exception"][0]["value"] == "<unprintable Unprintable>"
    assert unprintable["user"] == {"id": "['not', 'an', 'id']", "email": "42"}
    assert unprintable["contexts"]["weird"]["nan"] == "nan"
    assert slotted["exception"][0]["value"] == "no attributes"


def test_a_request_reader_that_raises_costs_the_request_data_not_the_event(receiver, start_sdk):
    start_sdk()

    def broken():
        raise RuntimeError("request already gone")

    current_scope().request_reader = broken
    try:
        assert flytrap.capture_message("without request") is not None
    finally:
        current_scope().request_reader = None
    assert flytrap.flush(5)
    assert "request" not in receiver.events[0]


def test_a_before_send_that_raises_drops_the_event_and_raises_nothing(receiver, start_sdk):
    def broken(event, hint):
        raise RuntimeError("bug in the app's hook")

    start_sdk(before_send=broken)
    assert flytrap.capture_message("filtered by a broken hook") is not None
    assert flytrap.flush(5)
    assert receiver.requests == [], "without the hook's verdict nothing is sent"


def test_a_log_record_that_cannot_be_formatted_still_becomes_a_breadcrumb(receiver, start_sdk):
    start_sdk()
    log = logging.getLogger("app.bad")
    # Kept away from pytest's capturing handler, which raises on such a record
    log.propagate, log.handlers = False, [logging.NullHandler()]
    log.setLevel(logging.INFO)
    log.info("%d items", "not a number")
    flytrap.capture_message("after the bad record")
    assert flytrap.flush(5)
    assert receiver.events[0]["breadcrumbs"][-1]["message"] == "%d items"


def test_the_sdk_never_reports_its_own_log_records(receiver, start_sdk):
    start_sdk()
    try:
        raise ValueError("inside the SDK")
    except ValueError:
        logging.getLogger("flytrap").error("an SDK failure", exc_info=True)
    flytrap.capture_message("only this")
    assert flytrap.flush(5)
    assert [e.get("message") for e in receiver.events] == ["only this"]
    assert receiver.events[0]["breadcrumbs"] == []


def test_under_w_error_init_raises_nothing_and_still_tells_through_the_flytrap_logger(start_sdk, caplog):
    # With warnings.warn, an app running with -W error (or pytest's filterwarnings = error) crashed in init
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert flytrap.init("not a dsn") is None
        with mock.patch.object(flytrap, "Client", side_effect=RuntimeError("no threads here")):
            assert flytrap.init("http://k@127.0.0.1:1/1") is None
        start_sdk()
        flytrap.init("http://k@127.0.0.1:1/1")
        assert flytrap.capture_message("works") is not None
    messages = _sdk_warnings(caplog)
    assert len(messages) == 3, messages
    assert "DSN must look like" in messages[0]
    assert "not started" in messages[1] and "no threads here" in messages[1]
    assert "called again" in messages[2]
