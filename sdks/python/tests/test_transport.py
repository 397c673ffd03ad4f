"""Delivery against a receiver that misbehaves: the SDK retries what can succeed, pauses when asked, drops what
cannot, stays bounded, and never blocks or raises into the app."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import flytrap
from flytrap import transport as transport_module
from flytrap.transport import retry_after_seconds


def test_a_500_is_retried_after_a_backoff_and_the_event_delivered_once(receiver, start_sdk):
    start_sdk()
    receiver.answers.append(500)
    event_id = flytrap.capture_exception(ValueError("after a 500"))
    assert flytrap.flush(10)
    assert receiver.sent_ids() == [event_id, event_id]
    assert [e["event_id"] for e in receiver.events] == [event_id]
    first, retried = receiver.requests
    assert retried.at - first.at >= 0.45, "the first retry waits 0.5-1 s (1 s backoff with jitter)"


def test_a_retry_after_a_connection_reset_carries_the_first_attempts_event_id(receiver, start_sdk):
    # Issue #20 item 7: the event may have been stored before the reset; the server deduplicates by event_id, so
    # the retry must not be a new event (a fresh id per attempt would store it twice)
    start_sdk()
    receiver.answers.append("reset")
    event_id = flytrap.capture_exception(ValueError("reset after the server read it"))
    assert flytrap.flush(10)
    assert receiver.sent_ids() == [event_id, event_id]
    assert [r.status for r in receiver.requests] == [0, 200], "the reset attempt, then the delivered retry"


def test_nothing_is_sent_until_a_429s_retry_after_has_passed(receiver, start_sdk):
    start_sdk()
    receiver.answers.append({"status": 429, "headers": {"Retry-After": "1"}})
    first = flytrap.capture_exception(ValueError("rate limited"))
    receiver.wait_for(1)
    second = flytrap.capture_exception(ValueError("while paused"))
    assert flytrap.flush(10)
    assert receiver.sent_ids() == [first, first, second]
    limited, retried, after = receiver.requests
    assert retried.at - limited.at >= 0.95
    assert after.at >= retried.at


def test_an_event_refused_with_400_is_dropped_without_retrying_and_the_next_one_goes_out(receiver, start_sdk):
    start_sdk()
    receiver.answers.append(400)
    refused = flytrap.capture_exception(ValueError("refused"))
    started = time.monotonic()
    assert flytrap.flush(10)
    assert time.monotonic() - started < 0.4, "nothing to wait for: a 400 is final"
    following = flytrap.capture_message("the next one")
    assert flytrap.flush(10)
    assert receiver.sent_ids() == [refused, following]


def test_a_refused_connection_raises_nothing_and_the_event_goes_out_once_the_server_is_back(receiver, start_sdk):
    start_sdk()
    port = receiver.port
    receiver.stop()
    event_id = flytrap.capture_exception(ValueError("while the server is down"))
    assert event_id is not None
    started = time.monotonic()
    assert flytrap.flush(0.2) is False, "bounded: flush returns when its timeout is up"
    assert time.monotonic() - started < 1
    receiver.start(port)
    assert flytrap.flush(15)
    assert receiver.sent_ids() == [event_id]


def test_flush_returns_within_its_timeout_while_the_server_answers_slowly(receiver, start_sdk):
    start_sdk()
    receiver.answers.append({"status": 200, "delay": 1.5})
    event_id = flytrap.capture_exception(ValueError("slow"))
    started = time.monotonic()
    assert flytrap.flush(0.2) is False
    assert time.monotonic() - started < 1
    assert flytrap.flush(5)
    assert [e["event_id"] for e in receiver.events] == [event_id]


def test_a_full_queue_drops_the_newest_events_and_counts_them_without_blocking_the_caller(receiver, start_sdk):
    client = start_sdk(max_queue_size=3)
    receiver.answers.append({"status": 200, "delay": 1})
    started = time.monotonic()
    ids = [flytrap.capture_exception(ValueError("burst %d" % i)) for i in range(10)]
    assert time.monotonic() - started < 0.5, "capturing never waits for the network"
    assert ids[3:] == [None] * 7 and None not in ids[:3]
    assert client.transport.dropped == 7
    assert flytrap.flush(10)
    assert receiver.sent_ids() == ids[:3]


def test_retry_after_is_read_as_seconds_or_an_http_date_with_60_seconds_otherwise():
    assert retry_after_seconds("2") == 2.0
    assert 0 < retry_after_seconds(time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))) <= 30
    assert retry_after_seconds("soon") == 60.0
    assert retry_after_seconds("inf") == 60.0
    assert retry_after_seconds(None) == 60.0


class _SignInRedirect:
    """A real loopback server whose ingest URL answers from a script of statuses (200 when used up) and redirects
    every 3xx to /moved, a page that answers 200 to anything: following the redirect would look like a delivery."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.seen = []  # (method, path, event_id or None)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    event_id = json.loads(body)["data"]["event_id"]
                except (ValueError, KeyError, TypeError):
                    event_id = None
                outer.seen.append((self.command, self.path.split("?")[0], event_id))
                status = outer.statuses.pop(0) if self.path.startswith("/api/errors") and outer.statuses else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/moved")
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET = _answer  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.dsn = "http://k@127.0.0.1:%d/7" % self.server.server_address[1]

    def stop(self):
        flytrap.close(0.5)
        flytrap._client = None  # noqa: SLF001
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_never_followed_and_the_same_event_is_retried_until_the_ingest_url_answers_200(status, caplog):
    # Issue #20: a sign-in filter in front of the API answered 302 to /login. urllib once followed a 301/302/303
    # with a GET whose 200 counted as a delivery; then every 3xx dropped the event for good. A redirect is a server
    # misconfigured for now: the event must wait out the backoff like after a 5xx and go out once it is fixed
    server = _SignInRedirect([status])
    caplog.set_level(logging.WARNING, logger="flytrap")
    try:
        client = flytrap.init(server.dsn, capture_unhandled=False)
        event_id = flytrap.capture_message("behind a sign-in redirect")
        assert flytrap.flush(10)
        assert server.seen == [("POST", "/api/errors", event_id), ("POST", "/api/errors", event_id)], \
            "never a request to the redirect's target; the retry carries the first attempt's event_id"
        assert client.transport.dropped == 0, "delivered by the 200, not given up"
        warnings = [r.getMessage() for r in caplog.records if r.name == "flytrap" and r.levelno == logging.WARNING]
        assert len(warnings) == 1 and ("answered %d" % status) in warnings[0]
    finally:
        server.stop()


def test_an_event_that_is_only_ever_redirected_is_not_delivered_and_given_up_after_the_last_attempt(monkeypatch, caplog):
    monkeypatch.setattr(transport_module, "BACKOFF", 0.01)
    monkeypatch.setattr(transport_module, "MAX_ATTEMPTS", 3)
    server = _SignInRedirect([302] * 10)
    caplog.set_level(logging.WARNING, logger="flytrap")
    try:
        client = flytrap.init(server.dsn, capture_unhandled=False)
        assert flytrap.capture_message("first") and flytrap.capture_message("second")
        assert flytrap.flush(10)
        assert [(method, path) for method, path, _ in server.seen] == [("POST", "/api/errors")] * 6, \
            "three attempts each, nothing sent to the redirect's target"
        assert client.transport.dropped == 2, "not delivered, and counted as such"
        warnings = [r.getMessage() for r in caplog.records if r.name == "flytrap" and r.levelno == logging.WARNING]
        assert len(warnings) == 1, "once, not once per event or attempt"
        assert "answered 302" in warnings[0] and "DSN's scheme and host" in warnings[0]
    finally:
        server.stop()
