"""
Flytrap error monitoring for Python 3.9+.

    import flytrap
    flytrap.init(dsn="https://<key>@flytrap.example.com/<project id>", release="shop@1.4.2")
    try:
        checkout(cart)
    except Exception as error:
        flytrap.capture_exception(error)

One client per process. Every function here swallows its own failures: an SDK error never reaches the app.
"""

import logging
import os
import sys
import threading
from typing import Any, Callable, Dict, Optional, Sequence, Tuple, TypeVar, Union

from . import hooks, logging_integration
from .client import VERSION, BeforeSend, Client, Options
from .dsn import resolve_target
from .logging_integration import FlytrapHandler
from .scope import current_scope, global_scope, isolated_scope

__version__ = VERSION
__all__ = [
    "init", "capture_exception", "capture_message", "add_breadcrumb", "set_user", "set_tag", "set_tags",
    "set_context", "flush", "close", "get_client", "isolated_scope", "FlytrapHandler", "Client",
]

# What the app must hear of (a bad DSN, a second init) is logged here at WARNING, never raised, nor issued with
# warnings.warn, which an app running with -W error (or pytest's filterwarnings = error) turns into an exception.
# Without any logging configuration, WARNING records still reach stderr through logging.lastResort.
logger = logging.getLogger("flytrap")
_client: Optional[Client] = None
_init_lock = threading.Lock()

T = TypeVar("T")


def _guard(fallback: T, run: Callable[[], T]) -> T:
    try:
        return run()
    except Exception as error:
        logger.debug("flytrap: SDK error: %r", error)
        return fallback


def init(
    dsn: Optional[str] = None,
    *,
    endpoint: Optional[str] = None,
    project_id: Union[int, str, None] = None,
    api_key: Optional[str] = None,
    release: Optional[str] = None,
    environment: Optional[str] = None,
    server_name: Optional[str] = None,
    sample_rate: float = 1.0,
    before_send: Optional[BeforeSend] = None,
    in_app_include: Sequence[str] = (),
    in_app_exclude: Sequence[str] = (),
    send_default_pii: bool = False,
    max_queue_size: int = 30,
    max_breadcrumbs: int = 100,
    capture_unhandled: bool = True,
    capture_logging: bool = True,
    shutdown_timeout: float = 2.0,
    debug: bool = False,
) -> Optional[Client]:
    """Starts the SDK; the DSN defaults to the FLYTRAP_DSN environment variable. Without a DSN the SDK stays off
    (handy in development). Called again, it logs a warning and keeps the first configuration."""
    global _client
    with _init_lock:
        if _client is not None:
            logger.warning("flytrap: init was called again; keeping the first configuration")
            return _client
        dsn = dsn or (None if endpoint else os.environ.get("FLYTRAP_DSN"))
        if not dsn and not endpoint:
            logger.debug("flytrap: no DSN; the SDK is off")
            return None
        try:
            target = resolve_target(dsn, endpoint, project_id, api_key)
        except ValueError as error:
            logger.warning("%s; the SDK is off", error)
            return None
        try:
            if debug:
                _log_to_stderr()
            options = Options(
                release=release, environment=environment, server_name=server_name,
                sample_rate=float(sample_rate), before_send=before_send, in_app_include=tuple(in_app_include),
                in_app_exclude=tuple(in_app_exclude), send_default_pii=bool(send_default_pii),
                max_queue_size=int(max_queue_size), max_breadcrumbs=int(max_breadcrumbs),
                capture_unhandled=capture_unhandled, capture_logging=capture_logging,
                shutdown_timeout=float(shutdown_timeout), debug=debug)
            client = Client(target, options)
            global_scope.set_max_breadcrumbs(options.max_breadcrumbs)
            hooks.install(capture_exception, _flush_at_exit, options.capture_unhandled)
            if options.capture_logging:
                logging_integration.install(FlytrapHandler())
            _client = client
            return client
        except Exception as error:
            logger.warning("flytrap: not started: %r", error)
            return None


def get_client() -> Optional[Client]:
    return _client


ExcInfoTuple = Tuple[Any, Any, Any]


def capture_exception(
    error: Union[BaseException, ExcInfoTuple, None] = None,
    *,
    level: str = "error",
    message: Optional[str] = None,
    tags: Optional[Dict[str, Any]] = None,
    mechanism: Optional[Dict[str, Any]] = None,
) -> Optional[str]:
    """Reports an exception (by default the one being handled, `sys.exc_info()`); returns the event id, or None
    when nothing will be sent (SDK off, sampled out, already reported, queue full). Inside a request of an
    integrated framework the event carries the request too; outside one it simply does not."""
    client = _client
    if client is None:
        return None

    def run() -> Optional[str]:
        value = error
        if value is None:
            value = sys.exc_info()[1]
        elif isinstance(value, tuple):
            value = value[1]
        if not isinstance(value, BaseException):
            return None
        return client.capture_exception(value, mechanism=mechanism, level=level, message=message, tags=tags)

    return _guard(None, run)


def capture_message(message: str, level: str = "info") -> Optional[str]:
    client = _client
    return None if client is None else _guard(None, lambda: client.capture_message(message, level))


def add_breadcrumb(crumb: Optional[Dict[str, Any]] = None, **fields: Any) -> None:
    """`add_breadcrumb(category="db", message="SELECT ...", level="info", data={...})`; the last 100 are kept."""
    _guard(None, lambda: current_scope().add_breadcrumb({**(crumb or {}), **fields}))


def set_user(user: Optional[Dict[str, Any]]) -> None:
    """`{"id": ..., "email": ..., "username": ...}`; None forgets the user."""
    _guard(None, lambda: current_scope().set_user(user))


def set_tag(key: str, value: Any) -> None:
    _guard(None, lambda: current_scope().set_tags({key: value}))


def set_tags(tags: Dict[str, Any]) -> None:
    _guard(None, lambda: current_scope().set_tags(dict(tags)))


def set_context(name: str, context: Optional[Dict[str, Any]]) -> None:
    """A named object shown with the event (`set_context("order", {"id": 42})`); None removes it."""
    _guard(None, lambda: current_scope().set_context(name, context))


def flush(timeout: float = 2.0) -> bool:
    """Waits until what was captured is sent, at most `timeout` seconds; True if everything went out."""
    client = _client
    return True if client is None else _guard(False, lambda: client.flush(timeout))


def close(timeout: float = 2.0) -> bool:
    """Sends what is queued (at most `timeout` seconds), then captures nothing more."""
    client = _client
    return True if client is None else _guard(False, lambda: client.close(timeout))


def _flush_at_exit() -> None:
    client = _client
    if client is not None and not client.closed:
        _guard(False, lambda: client.flush(client.options.shutdown_timeout))


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
