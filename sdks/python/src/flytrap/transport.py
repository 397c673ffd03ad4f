"""
Delivery: a bounded queue worked by one background thread that builds each event and sends it.

Only a 2xx counts as delivered. Network failures, 5xx and redirects (never followed; a warning is logged once, as
the DSN may need fixing) are retried with exponential backoff and jitter, up to MAX_ATTEMPTS, each retry sending the
same bytes and so the same event_id; a 429 pauses all sending until its Retry-After has passed; other 4xx are
dropped (logged once at debug level). When the queue is full the newest
event is dropped and counted, so memory stays bounded however long the server is away. The same choices as the
JavaScript SDKs' transport (sdks/javascript/core/src/transport.ts).
"""

import email.utils
import logging
import math
import os
import random
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections import deque
from typing import Callable, Deque, Dict, Optional, Tuple

logger = logging.getLogger("flytrap")

MAX_ATTEMPTS = 5
BACKOFF = 1.0
MAX_BACKOFF = 30.0
DEFAULT_RETRY_AFTER = 60.0
# A slow server must not hold the queue forever
SEND_TIMEOUT = 10.0

#: Builds one event's body on the worker thread; None when the event is not to be sent (beforeSend dropped it).
Work = Callable[[], Optional[bytes]]
#: POSTs one body; returns the status and the Retry-After header, raises on a network failure.
Send = Callable[[bytes], Tuple[int, Optional[str]]]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Answers every redirect with None, so a 3xx arrives as an HTTPError with its own status. urllib's default
    would follow a 301/302/303 by sending a GET without the body (and a 200 to that GET looked like a delivered
    event); the event only ever belongs at the DSN's address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


def http_sender(url: str, headers: Dict[str, str]) -> Send:
    # build_opener puts _NoRedirects in place of the default redirect handler (it replaces a default handler by
    # any subclass given); proxies (http(s)_proxy / no_proxy) are honoured like in any urllib client
    opener = urllib.request.build_opener(_NoRedirects)

    def send(body: bytes) -> Tuple[int, Optional[str]]:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with opener.open(request, timeout=SEND_TIMEOUT) as response:
                response.read()
                return response.status, response.headers.get("Retry-After")
        except urllib.error.HTTPError as error:  # any status >= 400, and every 3xx, arrives as an HTTPError
            with error:
                return error.code, error.headers.get("Retry-After") if error.headers else None

    return send


class Transport:
    """A capture takes no lock the worker holds: it appends to a deque (atomic under the GIL) and releases a plain
    lock the worker waits on. A capture that blocked on a lock shared with the worker would hand the worker the
    GIL, and get it back only when the worker blocks on I/O or reaches the interpreter's switch interval."""

    def __init__(self, send: Send, max_queue_size: int = 30) -> None:
        self._send = send
        self._max = max(1, max_queue_size)
        self._queue: Deque[Work] = deque()
        self._busy = False
        self._closed = False
        self._thread: Optional[threading.Thread] = None
        self._pid = os.getpid()
        self._paused_until = 0.0
        self._logged_refusal = False
        self._logged_redirect = False
        self._make_locks()
        #: Events not sent: dropped because the queue was full, or given up after the last retry.
        self.dropped = 0
        _transports.add(self)

    def _make_locks(self) -> None:
        # Held while there is nothing to do; released ("signalled") by a capture. Any thread may release a
        # plain lock, and releasing it costs a capture no wait.
        self._wakeup = threading.Lock()
        self._wakeup.acquire()
        # For flush() only: the worker notifies it when it runs out of work
        self._idle = threading.Condition(threading.Lock())
        self._start_lock = threading.Lock()

    def submit(self, work: Work) -> bool:
        """Queues the work for the worker thread; False (and counted) when the queue is full or closed."""
        if self._closed or len(self._queue) + self._busy >= self._max:
            self._count_drop("queue full")
            return False
        self._queue.append(work)
        self._ensure_worker()
        try:
            self._wakeup.release()
        except RuntimeError:
            pass  # already signalled
        return True

    def flush(self, timeout: float) -> bool:
        """True once everything queued was handled; False when the timeout came first."""
        deadline = time.monotonic() + max(0.0, timeout)
        if self._queue:
            self._ensure_worker()
        with self._idle:
            while self._queue or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(min(remaining, 0.1))
            return True

    def close(self, timeout: float) -> bool:
        flushed = self.flush(timeout)
        self._closed = True
        return flushed

    def _ensure_worker(self) -> None:
        thread = self._thread
        if thread is not None and self._pid == os.getpid() and thread.is_alive():
            return
        with self._start_lock:
            # Started on first use, and again in a forked child (gunicorn's --preload), where it did not survive
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._pid = os.getpid()
                # A daemon: the SDK never keeps a process alive; the exit waits for it through flush() instead
                self._thread = threading.Thread(target=self._run, name="flytrap-transport", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            self._busy = True  # before taking the work, so flush() never sees an empty queue and an idle worker
            try:
                work = self._queue.popleft()
            except IndexError:
                with self._idle:
                    self._busy = False
                    self._idle.notify_all()
                self._wakeup.acquire()
                continue
            try:
                body = work()
                if body is not None:
                    self._deliver(body)
            except Exception as error:  # the SDK does not report its own errors; it notes them at debug level
                logger.debug("flytrap: event not sent: %r", error)
            finally:
                del work

    def _deliver(self, body: bytes) -> None:
        for attempt in range(MAX_ATTEMPTS):
            wait = self._paused_until - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                status, retry_after = self._send(body)
            except Exception as error:  # refused, reset, timed out: worth another try
                logger.debug("flytrap: send failed: %r", error)
            else:
                if 200 <= status < 300:
                    return
                if 300 <= status < 400:
                    # Never followed, never a delivery. Either the DSN names the wrong place (http:// to an
                    # https-only host), which the user has to hear of, once; or the server is misconfigured for now
                    # (issue #20: its sign-in filter answered the API with 302 to /login), which a fix on the server
                    # cures: so the event waits out the backoff like after a 5xx rather than being dropped at once
                    if not self._logged_redirect:
                        self._logged_redirect = True
                        logger.warning(
                            "flytrap: the server answered %d (a redirect, not followed), so events are not "
                            "delivered and are retried; check the DSN's scheme and host (e.g. https:// instead of "
                            "http://) and that the server does not send its API to a sign-in page", status)
                    logger.debug("flytrap: redirected with %d, not followed; retrying", status)
                elif status == 429:
                    self._paused_until = time.monotonic() + retry_after_seconds(retry_after)
                    continue
                elif status < 500:
                    if not self._logged_refusal:
                        self._logged_refusal = True
                        logger.debug("flytrap: the server refused an event with %d; not retried", status)
                    return
            time.sleep(min(MAX_BACKOFF, BACKOFF * 2 ** attempt) * (0.5 + random.random() / 2))
        self._count_drop("gave up after %d attempts" % MAX_ATTEMPTS)

    def _count_drop(self, reason: str) -> None:
        with self._start_lock:
            self.dropped += 1
        logger.debug("flytrap: event dropped (%s); %d so far", reason, self.dropped)

    def _after_fork(self) -> None:
        # The parent's locks may have been held by a thread that does not exist here; start clean. What the
        # parent had queued, the parent sends.
        self._make_locks()
        self._queue.clear()
        self._busy = False
        self._thread = None


def retry_after_seconds(header: Optional[str]) -> float:
    """Retry-After in seconds or as an HTTP date; 60 s when missing or unreadable."""
    if header:
        try:
            seconds = float(header)
            if math.isfinite(seconds):
                return max(0.0, seconds)
        except ValueError:
            pass
        try:
            return max(0.0, email.utils.parsedate_to_datetime(header).timestamp() - time.time())
        except (TypeError, ValueError, IndexError):
            pass
    return DEFAULT_RETRY_AFTER


_transports: "weakref.WeakSet[Transport]" = weakref.WeakSet()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: [t._after_fork() for t in list(_transports)])
