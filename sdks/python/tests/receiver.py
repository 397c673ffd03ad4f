"""A stand-in Flytrap server on 127.0.0.1 for the tests: records every request, checks each body against the
protocol's JSON Schema, and answers from a programmable list (200 when the list is empty)."""

import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from jsonschema import Draft202012Validator

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "protocol" / "event-v1.schema.json"
VALIDATOR = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))

#: A status, or {"status": .., "headers": {..}, "delay": seconds}, or "reset" (drop the connection unanswered)
Answer = Union[int, str, Dict[str, Any]]


class Received:
    def __init__(self, at: float, path: str, headers: Dict[str, str], body: Dict[str, Any], status: int) -> None:
        self.at = at
        self.path = path
        self.headers = headers
        self.body = body
        self.sent = body.get("data", {})
        self.status = status


class Receiver:
    def __init__(self) -> None:
        self.requests: List[Received] = []
        self.invalid: List[str] = []
        self.answers: List[Answer] = []
        self.port = 0
        self._server: Optional[ThreadingHTTPServer] = None
        self._lock = threading.Condition()

    def start(self, port: int = 0) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._lock:
                    answer = receiver.answers.pop(0) if receiver.answers else 200
                if answer == "reset":
                    # The event arrived whole, then the connection is reset before any answer: the client cannot
                    # tell whether it was stored (SO_LINGER 0 makes the close an RST, not an orderly FIN)
                    with receiver._lock:
                        receiver.requests.append(Received(time.monotonic(), self.path, {}, json.loads(body), 0))
                        receiver._lock.notify_all()
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    # closed here: socketserver would first shut the socket down for writing, an orderly FIN
                    self.connection.close()
                    self.close_connection = True
                    return
                answer = answer if isinstance(answer, dict) else {"status": answer}
                try:
                    parsed = json.loads(body)
                    errors = [e.message for e in VALIDATOR.iter_errors(parsed)]
                except ValueError as error:
                    parsed, errors = {}, [str(error)]
                with receiver._lock:
                    receiver.requests.append(Received(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}, parsed,
                                                      answer["status"]))
                    receiver.invalid.extend(errors)
                    receiver._lock.notify_all()
                if answer.get("delay"):
                    time.sleep(answer["delay"])
                self.send_response(answer["status"])
                for name, value in answer.get("headers", {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stops listening: connections are then refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def dsn(self) -> str:
        return "http://public-key@127.0.0.1:%d/7" % self.port

    @property
    def events(self) -> List[Dict[str, Any]]:
        """Events accepted so far (2xx answers), in arrival order."""
        return [r.sent for r in self.requests if r.status < 300]

    def sent_ids(self, start: int = 0) -> List[str]:
        return [r.sent.get("event_id") for r in self.requests[start:]]

    def wait_for(self, count: int, timeout: float = 5.0) -> List[Received]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.requests) < count and time.monotonic() < deadline:
                self._lock.wait(max(0.0, deadline - time.monotonic()))
            return list(self.requests)
