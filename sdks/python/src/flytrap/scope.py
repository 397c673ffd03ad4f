"""
Scopes: what is known about the current user, request or job, copied into each event.

One global scope for the process, and a copy of it per request (the Flask integration) or per `isolated_scope()`
block, carried by a context variable: tags, user and breadcrumbs of concurrent requests never mix, whether they
run on threads, greenlets or asyncio tasks.
"""

import contextlib
import os
import threading
import time
from collections import deque
from contextvars import ContextVar
from typing import Any, Callable, Deque, Dict, Iterator, Optional

MAX_BREADCRUMBS = 100


class Scope:
    """Mutable from any thread: the global scope is shared, so every change and every copy holds a lock."""

    def __init__(self, max_breadcrumbs: int = MAX_BREADCRUMBS) -> None:
        self._lock = threading.Lock()
        self.user: Optional[Dict[str, Any]] = None
        self.tags: Dict[str, Any] = {}
        self.contexts: Dict[str, Dict[str, Any]] = {}
        self.breadcrumbs: Deque[Dict[str, Any]] = deque(maxlen=max(0, min(max_breadcrumbs, MAX_BREADCRUMBS)))
        # Set by a framework integration: returns the current request's raw data. Called when an event is
        # captured, on the calling thread, because the request object is only safe to read while it is served.
        self.request_reader: Optional[Callable[[], Dict[str, Any]]] = None

    def set_max_breadcrumbs(self, count: int) -> None:
        with self._lock:
            self.breadcrumbs = deque(self.breadcrumbs, maxlen=max(0, min(count, MAX_BREADCRUMBS)))

    def add_breadcrumb(self, crumb: Dict[str, Any]) -> None:
        entry = dict(crumb)
        entry.setdefault("timestamp", time.time())
        with self._lock:
            self.breadcrumbs.append(entry)  # a full deque forgets its oldest entry

    def set_user(self, user: Optional[Dict[str, Any]]) -> None:
        with self._lock:
            self.user = dict(user) if user else None

    def set_tags(self, tags: Dict[str, Any]) -> None:
        with self._lock:
            self.tags.update(tags)

    def set_context(self, name: str, context: Optional[Dict[str, Any]]) -> None:
        with self._lock:
            if context is None:
                self.contexts.pop(name, None)
            else:
                self.contexts[name] = dict(context)

    def clone(self) -> "Scope":
        copy = Scope()
        with self._lock:
            copy.user = dict(self.user) if self.user else None
            copy.tags = dict(self.tags)
            copy.contexts = dict(self.contexts)
            copy.breadcrumbs = deque(self.breadcrumbs, maxlen=self.breadcrumbs.maxlen)
            copy.request_reader = self.request_reader
        return copy

    def snapshot(self) -> Dict[str, Any]:
        """The scope's data for one event: shallow copies, cheap enough for the calling thread."""
        with self._lock:
            return {
                "user": dict(self.user) if self.user else None,
                "tags": dict(self.tags),
                "contexts": dict(self.contexts),
                "breadcrumbs": list(self.breadcrumbs),
                "request_reader": self.request_reader,
            }


global_scope = Scope()
_current: ContextVar[Optional[Scope]] = ContextVar("flytrap_scope", default=None)


def _after_fork_in_child() -> None:
    # The child has only the thread that forked: a lock another thread of the parent held at the fork stays
    # held forever, and the first breadcrumb (or capture) would wait on it. Nothing else uses the lock then.
    global_scope._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def current_scope() -> Scope:
    scope = _current.get()
    return scope if scope is not None else global_scope


def enter_scope(scope: Scope) -> Optional[Scope]:
    """Makes scope the current one; returns the one it replaces, for leave_scope."""
    previous = _current.get()
    _current.set(scope)
    return previous


def leave_scope(previous: Optional[Scope]) -> None:
    # set() rather than a token's reset(): a framework may end a request in another context than it began it,
    # and a reset would then raise
    _current.set(previous)


@contextlib.contextmanager
def isolated_scope() -> Iterator[Scope]:
    """A copy of the current scope for the block (a background job, a message handler), forgotten after it."""
    scope = current_scope().clone()
    previous = enter_scope(scope)
    try:
        yield scope
    finally:
        leave_scope(previous)

