"""
Python SDK capture cost: what capture_exception costs the thread that calls it, for a fresh exception with a
20-frame traceback, Flytrap's SDK (sdks/python) beside the official sentry-sdk where it is installed (Debian's
python3-sentry-sdk), each in its own child process, alternating, all sending to a receiver on 127.0.0.1 that
answers 200. The baseline, in the same batches of the same processes: traceback.extract_tb on the same exceptions.

Per batch of 20 fresh exceptions (made untimed): the baseline (extract_tb of each) and the captures (a timed loop
of capture_exception: the calling-thread cost, until it returns), in alternating order, then flush() (the time
until flush and the process CPU from the first capture to the flush's return are the informational send-side
cost; a batch stays below both SDKs' queues, so every capture becomes a sent event).

    python3 bench/python/sdk_capture.py [--rounds 5] [--batches 25] [--processes 2] [--markdown FILE]
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BATCH = 20
WARMUP_ROUNDS = 2


# --- child: one SDK in one process ---------------------------------------------------------------------------

def child(sdk: str, port: int, rounds: int, batches: int) -> None:
    sys.path.insert(0, HERE)
    import deep

    dsn = "http://public@127.0.0.1:%d/1" % port
    if sdk == "flytrap":
        sys.path.insert(0, os.path.join(REPO, "sdks", "python", "src"))
        import flytrap
        flytrap.init(dsn=dsn)
        capture, flush, version = flytrap.capture_exception, flytrap.flush, flytrap.__version__
    else:
        import sentry_sdk
        sentry_sdk.init(dsn=dsn)  # its defaults, nothing else
        capture, flush, version = sentry_sdk.capture_exception, sentry_sdk.flush, sentry_sdk.VERSION

    counter = [0]

    def fresh_error() -> BaseException:
        counter[0] += 1
        try:
            deep.level_1("order %d failed" % counter[0])  # a different message each time, as real errors differ
        except ValueError as error:
            return error
        raise AssertionError("unreachable")

    results = []
    for round_number in range(WARMUP_ROUNDS + rounds):
        base_s = capture_s = flush_s = cpu_s = 0.0
        for batch in range(batches):
            errors = [fresh_error() for _ in range(BATCH)]
            baseline_first = (round_number + batch) % 2 == 0
            if baseline_first:
                base_s += _baseline(errors)
            cpu = time.process_time()
            started = time.perf_counter()
            for error in errors:
                capture(error)
            captured = time.perf_counter()
            if flush(10) is False:  # sentry-sdk 1.x returns None; received counts are checked at the end
                raise SystemExit("flush timed out")
            flushed = time.perf_counter()
            cpu_s += time.process_time() - cpu
            capture_s += captured - started
            flush_s += flushed - started
            if not baseline_first:
                base_s += _baseline(errors)
        if round_number >= WARMUP_ROUNDS:
            count = batches * BATCH
            results.append({"capture_us": capture_s / count * 1e6, "baseline_us": base_s / count * 1e6,
                            "flush_us": flush_s / count * 1e6, "cpu_us": cpu_s / count * 1e6})
    print(json.dumps({"sdk": sdk, "version": version, "rounds": results, "captures": (WARMUP_ROUNDS + rounds) * batches * BATCH}))


def _baseline(errors) -> float:
    started = time.perf_counter()
    for error in errors:
        traceback.extract_tb(error.__traceback__)
    return time.perf_counter() - started


# --- driver: receiver, children, report ------------------------------------------------------------------------

class Counter(BaseHTTPRequestHandler):
    received = {"flytrap": 0, "sentry": 0}
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with Counter.lock:
            Counter.received["flytrap" if self.path.startswith("/api/errors") else "sentry"] += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args) -> None:
        pass


def has_sentry() -> bool:
    return subprocess.run([sys.executable, "-c", "import sentry_sdk"], capture_output=True).returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--port", type=int)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batches", type=int, default=25)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--markdown")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.port, args.rounds, args.batches)
        return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sdks = ["flytrap"] + (["sentry"] if has_sentry() else [])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "FLYTRAP_"))}
    runs = {sdk: [] for sdk in sdks}
    versions, expected = {}, {sdk: 0 for sdk in sdks}
    for _ in range(args.processes):
        for sdk in sdks:  # alternating: flytrap, sentry, flytrap, sentry
            out = subprocess.run([sys.executable, __file__, "--child", sdk, "--port", str(server.server_address[1]),
                                  "--rounds", str(args.rounds), "--batches", str(args.batches)],
                                 env=env, capture_output=True, text=True, check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            runs[sdk].extend(result["rounds"])
            versions[sdk] = result["version"]
            expected[sdk] += result["captures"]
    time.sleep(0.5)

    def median(sdk, key):
        return statistics.median(r[key] for r in runs[sdk])

    baseline = statistics.median(r["baseline_us"] for sdk in sdks for r in runs[sdk])
    sentry_capture = median("sentry", "capture_us") if "sentry" in sdks else None
    names = {"flytrap": "flytrap (sdks/python) %s", "sentry": "sentry-sdk %s (Debian python3-sentry-sdk)"}
    rows = []
    for sdk in sdks:
        capture = median(sdk, "capture_us")
        rows.append("| %s | %.2f | %s | %.2f | %.0f | %.0f | %d/%d |" % (
            names[sdk] % versions[sdk], capture,
            "**%.3f**" % (capture / sentry_capture) if sentry_capture else "",
            capture / baseline, median(sdk, "flush_us"), median(sdk, "cpu_us"), Counter.received[sdk], expected[sdk]))
    rows.append("| baseline: `traceback.extract_tb` of the same exception (20 frames) | %.2f | | 1.00 | | | |" % baseline)
    table = "\n".join([
        "| SDK | calling thread µs / capture | / sentry-sdk | / extract_tb | until flush µs / event | process CPU µs / event | events received |",
        "|---|---|---|---|---|---|---|"] + rows)
    setup = ("%s %s, %s, %d processes per SDK in alternating order, %d warm-up + %d timed rounds of %d captures "
             "each: medians of %d rounds per SDK; %s." % (
                 platform.python_implementation(), platform.python_version(), sys.executable, args.processes,
                 WARMUP_ROUNDS, args.rounds, args.batches * BATCH, args.rounds * args.processes,
                 time.strftime("%Y-%m-%d")))
    print(setup)
    print(table)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as out:
            out.write("# Python SDK capture cost\n\nWritten by `bench/python-sdk-capture.sh`. " + setup + "\n\n" + table + "\n")


if __name__ == "__main__":
    main()
