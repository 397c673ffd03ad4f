"""
The client: turns a captured exception or message into an event and hands it to the transport.

The calling thread only takes a snapshot (the exception chain's references, the scope, the time, an id, the
request's raw data); everything else (frames, code context, in_app, privacy filters, before_send, JSON) runs on
the transport's worker thread, so capturing stays cheap. Nothing here raises into the host app.
"""

import json
import logging
import math
import platform
import random
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from typing import Any, Callable, Dict, List, Optional, Sequence

from .dsn import Target
from .privacy import safe_headers, scrub, scrub_url
from .scope import current_scope
from .stacktrace import ExcInfo, InApp, exception_chain_snapshot, exceptions_payload, runtime_description
from .transport import Send, Transport, http_sender

logger = logging.getLogger("flytrap")

SDK_NAME = "flytrap.python"
VERSION = "1.0.0"  # keep in step with pyproject.toml
LEVELS = frozenset(["fatal", "critical", "error", "warning", "warn", "info", "log", "debug"])
# Marks an exception object already reported: Flask's got_request_exception and its own log record of the same
# exception, or a capture in an except block followed by the excepthook, make one event, not two
_CAPTURED = "__flytrap_captured__"

Event = Dict[str, Any]
BeforeSend = Callable[[Event, Dict[str, Any]], Optional[Event]]


@dataclass
class Options:
    release: Optional[str] = None
    environment: Optional[str] = None
    server_name: Optional[str] = None
    sample_rate: float = 1.0
    before_send: Optional[BeforeSend] = None
    in_app_include: Sequence[str] = field(default_factory=tuple)
    in_app_exclude: Sequence[str] = field(default_factory=tuple)
    send_default_pii: bool = False
    max_queue_size: int = 30
    max_breadcrumbs: int = 100
    capture_unhandled: bool = True
    capture_logging: bool = True
    shutdown_timeout: float = 2.0
    debug: bool = False


class Client:
    def __init__(self, target: Target, options: Options, send: Optional[Send] = None) -> None:
        self.target = target
        self.options = options
        self.closed = False
        self._in_app = InApp(options.in_app_include, options.in_app_exclude)
        self.transport = Transport(send or http_sender(target.url, {
            "Content-Type": "application/json",
            "x-api-key": target.api_key,
            "User-Agent": SDK_NAME + "/" + VERSION,
        }), options.max_queue_size)

    def capture_exception(self, error: BaseException, mechanism: Optional[Dict[str, Any]] = None,
                          level: str = "error", message: Optional[str] = None,
                          tags: Optional[Dict[str, Any]] = None) -> Optional[str]:
        if self.closed or getattr(error, _CAPTURED, False):
            return None
        try:
            setattr(error, _CAPTURED, True)
        except Exception:
            pass  # an exception type with __slots__: no dedupe, still reported
        if not self._sampled():
            return None
        chain = exception_chain_snapshot(error)
        return self._capture(level, chain, _mechanism(mechanism), message, error, tags)

    def capture_message(self, message: str, level: str = "info") -> Optional[str]:
        if self.closed or not self._sampled():
            return None
        return self._capture(level, [], None, str(message), None)

    def flush(self, timeout: float) -> bool:
        return self.transport.flush(timeout)

    def close(self, timeout: float) -> bool:
        flushed = self.transport.close(timeout)
        self.closed = True
        return flushed

    def _sampled(self) -> bool:
        rate = self.options.sample_rate
        return rate >= 1 or random.random() < rate

    def _capture(self, level: str, chain: List[ExcInfo], mechanism: Optional[Dict[str, Any]],
                 message: Optional[str], error: Optional[BaseException],
                 tags: Optional[Dict[str, Any]] = None) -> Optional[str]:
        scope = current_scope().snapshot()
        if tags:
            scope["tags"].update(tags)
        request = None
        reader = scope.pop("request_reader")
        if reader is not None:
            try:
                request = reader()
            except Exception as failure:  # report without the request rather than not at all
                logger.debug("flytrap: request not read: %r", failure)
        event_id = str(uuid.uuid4())
        work = partial(self._build, event_id, time.time(), level, chain, mechanism, message, scope, request, error)
        return event_id if self.transport.submit(work) else None

    # --- on the worker thread from here on ---

    def _build(self, event_id: str, timestamp: float, level: str, chain: List[ExcInfo],
               mechanism: Optional[Dict[str, Any]], message: Optional[str], scope: Dict[str, Any],
               request: Optional[Dict[str, Any]], error: Optional[BaseException]) -> Optional[bytes]:
        options = self.options
        runtime_name, runtime_version = runtime_description()
        os_name, os_version = _os()
        event: Event = {
            "project_id": self.target.project_id,
            "event_id": event_id,
            "timestamp": datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "level": level if level in LEVELS else "error",
            "handled": mechanism["handled"] if mechanism else True,
            "platform": "python",
            "sdk": {"name": SDK_NAME, "version": VERSION},
            "server_name": options.server_name or _hostname(),
            "runtime": runtime_name + " " + runtime_version,
            "os": (os_name + " " + os_version).strip(),
            "contexts": {"runtime": {"name": runtime_name, "version": runtime_version},
                         "os": {"name": os_name, "version": os_version}},
            "tags": {str(k): _tag_value(v) for k, v in scope["tags"].items()},
            "breadcrumbs": [c for c in (_breadcrumb(crumb) for crumb in scope["breadcrumbs"]) if c],
        }
        event["contexts"].update({str(k): _jsonable(scrub(v)) for k, v in scope["contexts"].items()
                                  if isinstance(v, dict)})
        user = _user(scope["user"])
        if message is not None:
            event["message"] = message
        if chain:
            event["exception"] = exceptions_payload(chain, mechanism or {}, self._in_app)
        if options.release:
            event["release"] = str(options.release)
        if options.environment:
            event["environment"] = str(options.environment)
        if request:
            user = self._add_request(event, request, user)
        if user:
            event["user"] = user
        if options.before_send is not None:
            try:
                final = options.before_send(event, {"original_exception": error})
            except Exception as failure:
                # the hook may be what keeps personal data out: without its verdict nothing is sent
                logger.debug("flytrap: before_send raised; event dropped: %r", failure)
                return None
            if final is None:
                return None
            event = final
        return json.dumps({"data": event}, default=repr, allow_nan=False).encode("utf-8")

    def _add_request(self, event: Event, request: Dict[str, Any], user: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
        pii = self.options.send_default_pii
        info: Dict[str, Any] = {}
        if request.get("method"):
            info["method"] = str(request["method"])
        if request.get("url"):
            info["url"] = scrub_url(str(request["url"]))
        if request.get("query_string"):
            info["query_string"] = scrub_url("?" + str(request["query_string"]))[1:]
        if request.get("headers"):
            info["headers"] = safe_headers(request["headers"], pii)
        event["request"] = info
        if request.get("route"):
            event["tags"].setdefault("route", str(request["route"]))
        if pii and request.get("ip"):
            user = dict(user or {})
            user.setdefault("ip_address", str(request["ip"]))
        return user


_host: Optional[str] = None
_os_info: Optional[tuple] = None


def _hostname() -> str:
    global _host
    if _host is None:
        _host = socket.gethostname()
    return _host


def _os() -> tuple:
    global _os_info
    if _os_info is None:
        _os_info = (platform.system(), platform.release())
    return _os_info


def _mechanism(mechanism: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A copy of the caller's mechanism that the schema accepts. Made on the calling thread: the worker must not
    meet a missing key (the event would be lost silently), nor see the caller's dict change under it, and the
    caller's dict is left as it was. `handled` defaults to True (the app called us) and is always a bool."""
    if not isinstance(mechanism, dict) or not mechanism:
        return {"type": "generic", "handled": True}
    clean = dict(mechanism)
    clean["type"] = str(clean.get("type") or "generic")
    clean["handled"] = bool(clean.get("handled", True))
    return clean


def _tag_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    return str(value)


def _user(user: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The user fields the protocol knows, with their types: a wrong type would make the server refuse the event."""
    if not user:
        return None
    clean: Dict[str, Any] = {}
    for key in ("id", "email", "username", "ip_address"):
        value = user.get(key)
        if value is None:
            continue
        clean[key] = value if key == "id" and isinstance(value, (int, str)) and not isinstance(value, bool) else str(value)
    return clean or None


def _breadcrumb(crumb: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    clean: Dict[str, Any] = {}
    timestamp = crumb.get("timestamp")
    if isinstance(timestamp, (int, float)) and math.isfinite(timestamp):
        clean["timestamp"] = timestamp
    for key in ("type", "category", "message"):
        if crumb.get(key) is not None:
            clean[key] = str(crumb[key])
    if crumb.get("level") in LEVELS:
        clean["level"] = crumb["level"]
    if isinstance(crumb.get("data"), dict):
        clean["data"] = _jsonable(scrub(crumb["data"]))
    return clean


def _jsonable(value: Any, depth: int = 0) -> Any:
    """Plain JSON: odd objects as their repr, non-finite numbers as text, nesting bounded."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if depth >= 8:
        return repr(value)[:1024]
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v, depth + 1) for v in value]
    try:
        return repr(value)[:1024]
    except Exception:
        return "<unrepresentable>"

