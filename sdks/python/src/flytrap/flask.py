"""
Flask 2.2+ and 3.x: `Flytrap(app)` or `Flytrap().init_app(app)`.

Unhandled errors are reported through Flask's `got_request_exception` signal, which Flask sends for exceptions
no error handler of the app took care of: the app's error handlers, its responses and HTTP exceptions behave
exactly as without the SDK (the original Flytrap's error handler re-raised every 404 as an error). An
HTTPException below 500 is never reported. Each request runs with its own scope: tags, user and breadcrumbs set
while serving it stay in its events.
"""

from typing import Any, Dict, List, Optional, Tuple

from flask import Flask, g, got_request_exception, request, request_started, request_tearing_down
from werkzeug.exceptions import HTTPException

import flytrap

from .scope import current_scope, enter_scope, leave_scope


class Flytrap:
    """The Flask extension.

    :param trusted_proxies: how many reverse proxies in front of the app append to X-Forwarded-For; the
        client's address is read that many entries from the right. 0 (the default) uses the connection's
        address, so a client cannot choose its reported address by sending the header. (If the app already
        uses werkzeug's ProxyFix, keep 0: request.remote_addr is corrected there.)
    :param options: passed to `flytrap.init` when the SDK is not started yet; the DSN may also come from the
        app's `FLYTRAP_DSN` setting or the environment variable of that name.
    """

    def __init__(self, app: Optional[Flask] = None, *, trusted_proxies: int = 0, **options: Any) -> None:
        self.trusted_proxies = max(0, int(trusted_proxies))
        self.options = options
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        if flytrap.get_client() is None:
            options = dict(self.options)
            for key in ("dsn", "release", "environment"):
                setting = app.config.get("FLYTRAP_" + key.upper())
                if setting and key not in options:
                    options[key] = setting
            flytrap.init(**options)
        # weak=False: the signal must keep working when the app keeps no reference to this object
        request_started.connect(self._request_started, app, weak=False)
        request_tearing_down.connect(self._request_tearing_down, app, weak=False)
        got_request_exception.connect(self._got_request_exception, app, weak=False)
        app.extensions["flytrap"] = self

    def _request_started(self, sender: Flask, **extra: Any) -> None:
        try:
            current = request._get_current_object()  # type: ignore[attr-defined]
            scope = current_scope().clone()
            scope.request_reader = lambda: request_data(current, self.trusted_proxies)
            # Only method and path: the query string may hold secrets, and filtering it costs every request
            scope.add_breadcrumb({"type": "http", "category": "request", "message": current.method + " " + current.path})
            g._flytrap_previous_scope = enter_scope(scope)
        except Exception:
            pass  # the request is served all the same, with the process's scope

    def _request_tearing_down(self, sender: Flask, **extra: Any) -> None:
        try:
            if "_flytrap_previous_scope" in g:
                leave_scope(g.pop("_flytrap_previous_scope"))
        except Exception:
            pass

    def _got_request_exception(self, sender: Flask, exception: BaseException, **extra: Any) -> None:
        if isinstance(exception, HTTPException) and (exception.code or 500) < 500:
            return  # a 404 or 401 is an answer, not an error (possible with TRAP_HTTP_EXCEPTIONS)
        flytrap.capture_exception(exception, mechanism={"type": "flask", "handled": False})


def request_data(req: Any, trusted_proxies: int) -> Dict[str, Any]:
    """The request's raw data, read on the capturing thread while the request is served; filtered later."""
    rule = req.url_rule
    return {
        "method": req.method,
        "url": req.url,
        "query_string": req.query_string.decode("latin-1"),
        "headers": list(req.headers.items()),
        "route": rule.rule if rule is not None else None,
        "ip": client_address(req.remote_addr, req.headers.get("X-Forwarded-For"), trusted_proxies),
    }


def client_address(remote_addr: Optional[str], forwarded_for: Optional[str], trusted_proxies: int) -> Optional[str]:
    """Each trusted proxy appends the address it saw to X-Forwarded-For, so the client is the entry that many
    places from the right; entries further left came from the client and prove nothing."""
    if trusted_proxies <= 0 or not forwarded_for:
        return remote_addr
    hops: List[str] = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    return hops[-trusted_proxies] if len(hops) >= trusted_proxies else remote_addr


__all__: Tuple[str, ...] = ("Flytrap", "client_address")
