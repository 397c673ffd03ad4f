import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest

import flytrap
from flytrap.scope import global_scope, Scope

from receiver import Receiver

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()
    assert server.invalid == [], "every body the SDK sent must match docs/protocol/event-v1.schema.json"


@pytest.fixture
def start_sdk(receiver: Receiver) -> Iterator[Callable[..., flytrap.Client]]:
    """Starts the SDK against the receiver with the given options. The SDK is a process-wide singleton; each test
    gets a fresh one, with the process's scope emptied."""

    def start(**options: Any) -> flytrap.Client:
        options.setdefault("dsn", receiver.dsn)
        # The process-level hooks stay out of pytest's process; subprocess tests cover them
        options.setdefault("capture_unhandled", False)
        client = flytrap.init(**options)
        assert client is not None
        return client

    yield start
    flytrap.close(0.5)
    flytrap._client = None  # noqa: SLF001 (tests only: the next test starts its own SDK)
    _empty(global_scope)


def _empty(scope: Scope) -> None:
    scope.set_user(None)
    scope.tags.clear()
    scope.contexts.clear()
    scope.breadcrumbs.clear()
    scope.request_reader = None


def run_script(script: str, dsn: str, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """Runs a fixture script in a fresh interpreter (this one), with the SDK on its path and FLYTRAP_DSN set."""
    env = dict(os.environ, FLYTRAP_DSN=dsn, PYTHONPATH=os.pathsep.join([str(SRC), str(HERE / "fixtures")]))
    return subprocess.run([sys.executable, str(HERE / "fixtures" / script), *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


def frames_of(event: dict, index: int = -1) -> List[dict]:
    return event["exception"][index]["stacktrace"]["frames"]
