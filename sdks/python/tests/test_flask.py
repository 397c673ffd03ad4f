"""The Flask integration with Flask's test client and a real app (fixtures/shop.py), under Flask 2.2 and 3.x."""

import threading

import flask
import pytest

import flytrap
from flytrap.flask import Flytrap, client_address
from flytrap.scope import current_scope, global_scope
from conftest import frames_of, run_script
from shop import create_app

HEADERS = {"Authorization": "Bearer sk-live", "Cookie": "session=abc", "User-Agent": "pytest", "X-Request-Id": "r1"}


@pytest.fixture
def app(start_sdk):
    start_sdk()
    return create_app()


def test_an_unhandled_error_is_reported_with_the_request_and_the_response_is_flasks_own_500(receiver, app):
    response = app.test_client().get("/checkout/42?coupon=SPRING&token=abc", headers=HEADERS)
    assert response.status_code == 500
    assert b"Internal Server Error" in response.data
    assert flytrap.flush(5)

    [event] = receiver.events
    assert event["handled"] is False and event["level"] == "error"
    assert event["exception"][-1]["mechanism"] == {"type": "flask", "handled": False}
    assert (event["exception"][-1]["type"], event["exception"][-1]["value"]) == ("LookupError", "cart 42 does not exist")
    request = event["request"]
    assert request["method"] == "GET"
    assert request["url"] == "http://localhost/checkout/42?coupon=SPRING&token=[Filtered]"
    assert request["query_string"] == "coupon=SPRING&token=[Filtered]"
    assert request["headers"]["User-Agent"] == "pytest" and request["headers"]["X-Request-Id"] == "r1"
    assert "Authorization" not in request["headers"] and "Cookie" not in request["headers"]
    assert event["tags"]["route"] == "/checkout/<int:cart_id>" and event["tags"]["cart"] == "42"
    assert "user" not in event, "no IP address without send_default_pii"
    messages = [crumb["message"] for crumb in event["breadcrumbs"]]
    assert messages == ["GET /checkout/42", "loading cart 42"], "the request, then the app's log record"

    frames = frames_of(event)
    view, thrower = frames[-2], frames[-1]
    assert (view["function"], view["module"], view["in_app"]) == ("checkout", "shop", True)
    assert (thrower["function"], thrower["in_app"]) == ("load_cart", True)
    assert thrower["context_line"].strip() == 'raise LookupError("cart %d does not exist" % cart_id)'
    assert len(thrower["pre_context"]) == 5 and len(thrower["post_context"]) <= 5
    framework = [f for f in frames if f["module"].split(".")[0] in ("flask", "werkzeug")]
    assert framework and all(f["in_app"] is False for f in framework), "Flask's frames are not the app's"


def test_flasks_own_log_record_of_the_error_is_not_a_second_event(receiver, app):
    app.test_client().get("/checkout/5")
    assert flytrap.flush(5)
    assert len(receiver.requests) == 1


def test_the_logging_integration_adds_no_handler_so_flask_still_logs_to_the_console(receiver):
    # Flask adds its stderr handler only when no handler in the logger's hierarchy takes the level: a handler
    # of ours on the root logger would silence the app's tracebacks. In a fresh interpreter: the integration
    # installs once per process, so in this one an earlier test has already installed it
    finished = run_script("flask_console_logging.py", receiver.dsn)
    assert finished.returncode == 0, finished.stderr
    assert "flask handler added True" in finished.stdout
    assert "sdk handlers 0" in finished.stdout
    assert "ERROR in flask_console_logging: the app's own error line" in finished.stderr, "Flask's format, on stderr"


def test_a_404_is_neither_reported_nor_changed(receiver, app):
    # The original SDK re-raised every HTTP exception, 404s included, from its error handler
    without_sdk = create_app(monitored=False).test_client()
    with_sdk = app.test_client()
    for path in ("/no/such/page", "/items/9"):
        expected = without_sdk.get(path)
        answered = with_sdk.get(path)
        assert (answered.status_code, answered.get_json()) == (expected.status_code, expected.get_json())
        assert answered.status_code == 404
    assert with_sdk.get("/items/9").get_json() == {"error": "not here", "description": "no item 9"}
    plain = flask.Flask("plain")
    Flytrap(plain)
    assert plain.test_client().get("/nothing").status_code == 404, "Flask's own 404 page, unchanged too"
    assert flytrap.flush(5)
    assert receiver.requests == []


def test_an_error_the_apps_own_handler_answers_is_not_reported(receiver, app):
    response = app.test_client().get("/reserve")
    assert (response.status_code, response.get_json()) == (409, {"error": "the last one is gone"})
    assert flytrap.flush(5)
    assert receiver.requests == []


def test_capture_inside_a_request_carries_it_and_capture_outside_one_works_without(receiver, app):
    # The original SDK crashed when capture was called outside a request context
    assert app.test_client().get("/handled", headers=HEADERS).status_code == 200
    outside = flytrap.capture_exception(ValueError("in a script, no request"))
    with app.app_context():
        in_app_context = flytrap.capture_message("in a CLI command, no request")
    assert outside is not None and in_app_context is not None
    assert flytrap.flush(5)
    handled, no_request, cli = receiver.events
    assert handled["handled"] is True and handled["request"]["url"] == "http://localhost/handled"
    assert handled["exception"][-1]["mechanism"] == {"type": "generic", "handled": True}
    assert "request" not in no_request and "route" not in no_request["tags"]
    assert "request" not in cli


def test_logger_exception_in_a_view_is_an_event_with_its_message_and_the_request(receiver, app):
    assert app.test_client().get("/logged").status_code == 200
    assert flytrap.flush(5)
    [event] = receiver.events
    assert event["message"] == "could not load cart 8"
    assert event["exception"][-1]["mechanism"] == {"type": "logging", "handled": True}
    assert event["tags"]["logger"] == "shop" and event["tags"]["route"] == "/logged"
    assert event["request"]["method"] == "GET"


def test_each_request_has_its_own_scope_and_nothing_leaks_into_the_process_scope(receiver, app):
    # Two requests at once on two threads, each setting its user before failing
    barrier = threading.Barrier(2)

    @app.before_request
    def wait_for_the_other():
        barrier.wait(timeout=5)

    answers = []
    threads = [threading.Thread(target=lambda name=name: answers.append(
        app.test_client().get("/user/" + name + "?why=" + name).status_code)) for name in ("ada", "grace")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [500, 500]
    assert flytrap.flush(5)
    users = sorted((e["user"]["id"], e["exception"][-1]["value"]) for e in receiver.events)
    assert users == [("ada", "failed for ada"), ("grace", "failed for grace")]
    assert global_scope.user is None and global_scope.tags == {} and current_scope() is global_scope


def test_the_clients_address_is_sent_only_with_send_default_pii_and_read_from_trusted_proxies_only(receiver, start_sdk):
    start_sdk(send_default_pii=True)
    direct, behind_proxy = create_app(), create_app(trusted_proxies=1)
    spoofed = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9", "Authorization": "Basic YWRhOnB3"}
    direct.test_client().get("/checkout/3", headers=spoofed, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    behind_proxy.test_client().get("/checkout/4", headers=spoofed, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert flytrap.flush(5)
    first, second = receiver.events
    assert first["user"] == {"ip_address": "10.0.0.2"}, "without trusted proxies the header proves nothing"
    assert second["user"] == {"ip_address": "203.0.113.9"}, "the entry the one trusted proxy appended"
    assert first["request"]["headers"]["Authorization"] == "Basic YWRhOnB3", "the app opted in to PII"


def test_client_address_counts_trusted_proxies_from_the_right():
    assert client_address("10.0.0.2", "1.1.1.1, 2.2.2.2, 3.3.3.3", 2) == "2.2.2.2"
    assert client_address("10.0.0.2", "3.3.3.3", 2) == "10.0.0.2", "fewer hops than proxies: not trusted"
    assert client_address("10.0.0.2", None, 1) == "10.0.0.2"
    assert client_address("10.0.0.2", "1.1.1.1", 0) == "10.0.0.2"


def test_the_extension_starts_the_sdk_from_the_apps_config(receiver):
    app = flask.Flask("configured")
    app.config.update(FLYTRAP_DSN=receiver.dsn, FLYTRAP_RELEASE="cfg@1")
    try:
        Flytrap(app, capture_unhandled=False)
        assert flytrap.get_client() is not None and flytrap.get_client().options.release == "cfg@1"
        assert app.extensions["flytrap"] is not None
    finally:
        flytrap.close(0.5)
        flytrap._client = None  # noqa: SLF001
