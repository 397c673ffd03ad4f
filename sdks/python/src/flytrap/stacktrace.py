"""
Exceptions as the protocol wants them: the chain of causes, each with its frames, `in_app` and code context.

Split in two on purpose. `exception_chain_snapshot` runs on the thread that captures: it only keeps references
(type, value, traceback of each link), which is cheap. `exceptions_payload` runs later on the SDK's worker
thread: it walks the tracebacks, reads source lines and decides `in_app`.
"""

import linecache
import os
import sys
import sysconfig
from types import TracebackType
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

ExcInfo = Tuple[type, BaseException, Optional[TracebackType]]

CONTEXT_LINES = 5
MAX_CHAIN = 10
# The server keeps 250 frames (the outermost and innermost halves); sending more would only cost time
MAX_FRAMES = 250
MAX_LINE_CHARS = 200
MAX_VALUE_CHARS = 8192


def exception_chain_snapshot(error: BaseException) -> List[ExcInfo]:
    """The caught exception and its causes, caught one first, as references.

    Follows `__cause__` (raise ... from ...), else `__context__` (raised while handling another) unless
    `__suppress_context__` (raise ... from None) says the context is not part of the story.
    """
    chain: List[ExcInfo] = []
    seen = set()
    current: Optional[BaseException] = error
    while current is not None and id(current) not in seen and len(chain) < MAX_CHAIN:
        seen.add(id(current))
        # The traceback object is taken now: raising the exception again later gives it a new, longer traceback,
        # but the objects already linked here do not change
        chain.append((type(current), current, current.__traceback__))
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    return chain


class InApp:
    """Decides which frames are the app's own: not the standard library, not installed packages, not the SDK."""

    def __init__(self, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> None:
        self.include = tuple(include)
        self.exclude = tuple(exclude)
        paths = sysconfig.get_paths()
        roots = {paths.get("stdlib"), paths.get("platstdlib"), os.path.dirname(os.__file__)}
        self._stdlib = tuple(os.path.join(os.path.realpath(p), "") for p in roots if p) + tuple(
            os.path.join(p, "") for p in roots if p)

    def __call__(self, abs_path: str, module: Optional[str]) -> bool:
        if self._matches(self.include, abs_path, module):
            return True
        if self._matches(self.exclude, abs_path, module):
            return False
        if module and (module == "flytrap" or module.startswith("flytrap.")):
            return False
        if not abs_path or abs_path.startswith("<"):  # <frozen importlib._bootstrap>, <string>, <stdin>
            return False
        parts = abs_path.replace("\\", "/").split("/")
        if "site-packages" in parts or "dist-packages" in parts:
            return False
        return not abs_path.startswith(self._stdlib)

    @staticmethod
    def _matches(prefixes: Tuple[str, ...], abs_path: str, module: Optional[str]) -> bool:
        """A prefix is a module ("shop" matches shop and shop.cart) or, when it holds a slash, a path."""
        for prefix in prefixes:
            if "/" in prefix or "\\" in prefix:
                if abs_path.startswith(prefix):
                    return True
            elif module and (module == prefix or module.startswith(prefix + ".")):
                return True
        return False


def exceptions_payload(chain: List[ExcInfo], mechanism: Dict[str, Any],
                       in_app: Callable[[str, Optional[str]], bool]) -> List[Dict[str, Any]]:
    """The protocol's exception list: oldest cause first, the caught exception (with the mechanism) last."""
    values = [_exception(exc_type, value, tb, in_app) for exc_type, value, tb in reversed(chain)]
    if values:
        values[-1]["mechanism"] = dict(mechanism)
    return values


def _exception(exc_type: type, value: BaseException, tb: Optional[TracebackType],
               in_app: Callable[[str, Optional[str]], bool]) -> Dict[str, Any]:
    result: Dict[str, Any] = {"type": getattr(exc_type, "__name__", "Exception"), "value": _text(value)}
    module = getattr(exc_type, "__module__", None)
    if isinstance(module, str) and module != "builtins":
        result["module"] = module
    frames = _frames(tb, in_app)
    if frames:
        result["stacktrace"] = {"frames": frames}
    return result


def _text(value: BaseException) -> str:
    try:
        text = str(value)
    except Exception:  # a broken __str__ must not cost the report
        text = "<unprintable %s>" % type(value).__name__
    return text[:MAX_VALUE_CHARS]


def _frames(tb: Optional[TracebackType], in_app: Callable[[str, Optional[str]], bool]) -> List[Dict[str, Any]]:
    """Caller first, the frame that raised last (the traceback's own order)."""
    entries = []
    while tb is not None:
        entries.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    if len(entries) > MAX_FRAMES:
        entries = entries[:MAX_FRAMES // 2] + entries[-MAX_FRAMES // 2:]
    checked = set()
    frames = []
    for frame, lineno in entries:
        code = frame.f_code
        filename = code.co_filename
        abs_path = _abs_path(filename)
        module = frame.f_globals.get("__name__")
        module = module if isinstance(module, str) else None
        entry: Dict[str, Any] = {
            "filename": filename,
            "abs_path": abs_path,
            "function": code.co_name,
            "lineno": lineno or 0,
            "in_app": in_app(abs_path, module),
        }
        if module:
            entry["module"] = module
        if abs_path not in checked:
            checked.add(abs_path)
            linecache.checkcache(abs_path)  # a file changed by a deploy is read again, not served stale
        _add_context(entry, abs_path, lineno, frame.f_globals)
        frames.append(entry)
    return frames


_abs_paths: Dict[str, str] = {}


def _abs_path(filename: str) -> str:
    if filename.startswith("<"):
        return filename
    path = _abs_paths.get(filename)
    if path is None:
        path = os.path.abspath(filename)
        if len(_abs_paths) < 4096:
            _abs_paths[filename] = path
    return path


def _add_context(entry: Dict[str, Any], path: str, lineno: Optional[int], module_globals: Dict[str, Any]) -> None:
    """pre_context / context_line / post_context from the file, when it can be read; never raises."""
    if not lineno or path.startswith("<"):
        return
    try:
        # module_globals lets linecache ask the module's loader (zip imports, frozen apps) for the source
        lines = linecache.getlines(path, module_globals)
    except Exception:
        return
    index = lineno - 1
    if index >= len(lines):
        return
    entry["pre_context"] = [_clip(line) for line in lines[max(0, index - CONTEXT_LINES):index]]
    entry["context_line"] = _clip(lines[index])
    entry["post_context"] = [_clip(line) for line in lines[index + 1:index + 1 + CONTEXT_LINES]]


def _clip(line: str) -> str:
    line = line.rstrip("\r\n")
    return line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + "\u2026"


def runtime_description() -> Tuple[str, str]:
    """("CPython", "3.11.2") for the runtime context."""
    return sys.implementation.name.replace("cpython", "CPython"), "%d.%d.%d" % sys.version_info[:3]
