"""
The standard library's logging as a source of breadcrumbs and events.

`FlytrapHandler` turns records at INFO and above into breadcrumbs, and ERROR records that carry an exception
(`logger.exception(...)`, `exc_info=True`) into events. `init()` installs it without adding it to any logger: it
wraps `Logger.callHandlers`, so it sees what every logger emits and the app's logging configuration stays as it
was. (A handler on the root logger would, among other things, stop Flask from adding its own stderr handler,
and the app's tracebacks would vanish from its console.) Add the handler yourself instead with
`init(capture_logging=False)` and `logging.getLogger().addHandler(FlytrapHandler())`.
"""

import logging
import threading
from typing import Any, Optional

_LEVELS = {logging.CRITICAL: "fatal", logging.ERROR: "error", logging.WARNING: "warning", logging.INFO: "info"}
_local = threading.local()


def _level_name(levelno: int) -> str:
    for threshold in (logging.CRITICAL, logging.ERROR, logging.WARNING, logging.INFO):
        if levelno >= threshold:
            return _LEVELS[threshold]
    return "debug"


class FlytrapHandler(logging.Handler):
    def __init__(self, breadcrumb_level: int = logging.INFO, event_level: int = logging.ERROR) -> None:
        super().__init__(level=min(breadcrumb_level, event_level))
        self.breadcrumb_level = breadcrumb_level
        self.event_level = event_level

    def emit(self, record: logging.LogRecord) -> None:
        # The SDK's own records are never reported (it would report its failures to report), nor is a record
        # logged while this handler runs
        if record.name == "flytrap" or record.name.startswith("flytrap.") or getattr(_local, "busy", False):
            return
        _local.busy = True
        try:
            self._emit(record)
        except Exception:
            pass  # logging must go on whatever happens here
        finally:
            _local.busy = False

    def _emit(self, record: logging.LogRecord) -> None:
        import flytrap  # here, not at import time: flytrap imports this module

        try:
            message = record.getMessage()
        except Exception:  # a bad format string is the app's logging bug, not a reason to lose the record
            message = str(record.msg)
        level = _level_name(record.levelno)
        error = record.exc_info[1] if record.exc_info else None
        if record.levelno >= self.event_level and isinstance(error, BaseException):
            flytrap.capture_exception(error, level=level, message=message,
                                      mechanism={"type": "logging", "handled": True}, tags={"logger": record.name})
        elif record.levelno >= self.breadcrumb_level:
            flytrap.add_breadcrumb(type="log", category=record.name, message=message, level=level,
                                   timestamp=record.created)


_original_call_handlers: Optional[Any] = None


def install(handler: FlytrapHandler) -> None:
    """Lets `handler` see every record a logger hands to its handlers; once per process."""
    global _original_call_handlers
    if _original_call_handlers is not None:
        return
    original = logging.Logger.callHandlers
    _original_call_handlers = original

    def call_handlers(self: logging.Logger, record: logging.LogRecord) -> None:
        if record.levelno >= handler.level:
            handler.handle(record)  # emit() swallows its own failures
        original(self, record)

    logging.Logger.callHandlers = call_handlers  # type: ignore[method-assign]
