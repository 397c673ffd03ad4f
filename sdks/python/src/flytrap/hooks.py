"""Process-level reporting: uncaught exceptions on the main thread and on other threads, and a flush at exit."""

import atexit
import sys
import threading
from typing import Any, Callable, Optional

Capture = Callable[..., Optional[str]]
_installed = False


def install(capture: Capture, flush_at_exit: Callable[[], Any], capture_unhandled: bool) -> None:
    """Once per process. The previous hooks are chained, so the traceback is still printed and other tools
    (a debugger's post-mortem, another monitor) still see the exception."""
    global _installed
    if _installed:
        return
    _installed = True
    atexit.register(flush_at_exit)
    if not capture_unhandled:
        return

    previous_excepthook = sys.excepthook

    def excepthook(exc_type: Any, value: Any, tb: Any) -> None:
        try:
            # Ctrl-C is how people stop a program, and sys.exit() how it ends on purpose: neither is an error
            # in it. (The interpreter handles an uncaught SystemExit itself; a caller of sys.excepthook may not.)
            if isinstance(value, BaseException) and not isinstance(value, (KeyboardInterrupt, SystemExit)):
                capture(value, mechanism={"type": "excepthook", "handled": False}, level="fatal")
        except Exception:
            pass
        previous_excepthook(exc_type, value, tb)

    sys.excepthook = excepthook

    previous_threading_hook = threading.excepthook

    def threading_excepthook(args: Any) -> None:
        try:
            # sys.exit() in a thread ends that thread on purpose: Python's own hook ignores exactly SystemExit
            # (the same test as threading.excepthook's), and so does this one. A dead thread leaves the process
            # running: an error, not a fatal one
            if args.exc_type is not SystemExit and isinstance(args.exc_value, BaseException):
                capture(args.exc_value, mechanism={"type": "threading", "handled": False}, level="error")
        except Exception:
            pass
        previous_threading_hook(args)

    threading.excepthook = threading_excepthook
