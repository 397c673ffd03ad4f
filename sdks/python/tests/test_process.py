"""Process-level behaviour in real child interpreters: uncaught exceptions on the main thread and other threads,
and the flush at exit."""

import time

from conftest import frames_of, run_script


def test_an_uncaught_exception_is_reported_unhandled_and_python_still_prints_it_and_exits_1(receiver):
    # The original SDK's excepthook passed a timestamp as the handled flag; it must be the boolean False
    finished = run_script("die_uncaught.py", receiver.dsn)
    assert finished.returncode == 1
    assert "Traceback (most recent call last)" in finished.stderr, "the previous excepthook still runs"
    assert "RuntimeError: job 7 failed" in finished.stderr
    [event] = receiver.events
    assert event["handled"] is False and event["level"] == "fatal"
    cause, caught = event["exception"]
    assert caught["mechanism"] == {"type": "excepthook", "handled": False}
    assert (cause["type"], caught["type"]) == ("ValueError", "RuntimeError")
    assert frames_of(event, 0)[-1]["function"] == "parse_order"
    assert frames_of(event)[-1]["context_line"] == '        raise RuntimeError("job 7 failed") from error'
    assert event["user"] == {"id": "job-7", "email": "ada@example.com"}
    assert event["breadcrumbs"][0]["message"] == "picked job 7"


def test_a_thread_that_dies_is_reported_and_the_process_carries_on(receiver):
    finished = run_script("thread_dies.py", receiver.dsn)
    assert finished.returncode == 0
    assert "main thread carried on" in finished.stdout
    assert "Exception in thread consumer" in finished.stderr, "Python's own report of the thread is kept"
    [event] = receiver.events
    assert event["handled"] is False and event["level"] == "error"
    assert event["exception"][-1]["mechanism"] == {"type": "threading", "handled": False}
    assert event["exception"][-1]["type"] == "ConnectionError"


def test_what_is_queued_is_sent_when_the_program_ends_normally(receiver):
    finished = run_script("ends_normally.py", receiver.dsn)
    assert finished.returncode == 0 and "captured" in finished.stdout
    [event] = receiver.events
    assert event["exception"][0]["type"] == "KeyError"
    assert event["handled"] is True


def test_an_unreachable_server_delays_exit_by_at_most_the_shutdown_timeout(receiver):
    dsn = receiver.dsn
    receiver.stop()
    started = time.monotonic()
    finished = run_script("ends_normally.py", dsn, "0.5")
    assert finished.returncode == 0
    assert time.monotonic() - started < 3.5, "interpreter start + 0.5 s, not the retries' backoff"


def test_a_forked_child_sends_its_own_events_and_not_what_the_parent_had_queued(receiver):
    receiver.answers.append({"status": 200, "delay": 1})
    finished = run_script("forks.py", receiver.dsn)
    assert finished.returncode == 0, finished.stderr
    assert "child exit 0" in finished.stdout and "parent flushed True" in finished.stdout
    assert sorted(e["message"] for e in receiver.events) == [
        "child", "parent, being sent at the fork", "parent, queued at the fork"]


def test_sys_exit_in_a_thread_or_passed_to_sys_excepthook_is_not_reported_and_the_previous_hooks_still_run(receiver):
    # Python's own threading.excepthook ignores SystemExit silently; the SDK reported it as an error
    finished = run_script("threads_exit.py", receiver.dsn)
    assert finished.returncode == 0, finished.stderr
    assert "threading hook saw SystemExit; threading hook saw ConnectionError; sys hook saw SystemExit" in finished.stdout
    assert "flushed True" in finished.stdout
    reported = [e["exception"][-1]["type"] for e in receiver.events]
    assert reported == ["ConnectionError"], "a real error in a thread is still reported, and only that"


def test_a_child_forked_while_another_thread_held_the_scope_lock_does_not_hang(receiver):
    # The fork handler recreated the transport's locks only: the child's first breadcrumb waited forever
    finished = run_script("fork_while_scope_locked.py", receiver.dsn, timeout=20)
    assert "child exit 0" in finished.stdout, finished.stdout + finished.stderr
    [event] = receiver.events
    assert event["message"] == "child" and event["breadcrumbs"][-1]["message"] == "in the child"
