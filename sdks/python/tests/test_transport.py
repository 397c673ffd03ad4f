"""Delivery against a receiver that misbehaves: the SDK retries what can succeed, pauses when asked, drops what
cannot, stays bounded, and never blocks or raises into the app."""

import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import flytrap
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


@pytest.mark.parametrize("status", [301, 308])
def test_a_redirect_is_not_followed_and_is_one_warning_to_fix_the_dsn_not_a_retried_or_silent_loss(status, caplog):
    # The DSN's address moved (http:// to an https-only host, say). urllib followed a 301 with a GET without the
    # body, and the target's 200 to that GET counted as a delivery; a 308 was dropped at debug level, unseen
    seen = []

    class Moved(BaseHTTPRequestHandler):
        def _answer(self, code, location=None):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append((self.command, self.path))
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self):  # noqa: N802
            self._answer(200) if self.path == "/moved" else self._answer(status, "/moved")

        def do_GET(self):  # noqa: N802
            self._answer(200)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Moved)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    caplog.set_level(logging.WARNING, logger="flytrap")
    try:
        client = flytrap.init("http://k@127.0.0.1:%d/7" % server.server_address[1], capture_unhandled=False)
        assert flytrap.capture_message("first") and flytrap.capture_message("second")
        started = time.monotonic()
        assert flytrap.flush(5)
        assert time.monotonic() - started < 0.5, "not retried: the next attempt would be redirected again"
        assert seen == [("POST", "/api/errors"), ("POST", "/api/errors")], "nothing sent to the redirect's target"
        assert client.transport.dropped == 2, "not delivered, and counted as such"
        warnings = [r.getMessage() for r in caplog.records if r.name == "flytrap" and r.levelno == logging.WARNING]
        assert len(warnings) == 1, "once, not once per event"
        assert ("answered %d" % status) in warnings[0] and "DSN's scheme and host" in warnings[0]
    finally:
        flytrap.close(0.5)
        flytrap._client = None  # noqa: SLF001
        server.shutdown()
        server.server_close()
