// The measurement shared by Node and the page (a classic script: Node runs it with vm, the page with <script src>).
// Each round is `batches` batches of `batch` captures. Per batch: a baseline (`batch` fresh errors made and their
// .stack read), then `batch` fresh errors made untimed, captured in a timed loop (the calling-thread cost: until
// captureException returns), then flush() awaited (the total cost: until everything captured is sent). Batches stay
// below both SDKs' queues (Flytrap 30 events; Sentry 64, its browser transport 40), so every capture becomes an
// event that is built and sent (in a tight loop of thousands, Sentry would turn most captures away cheaply).
// With o.cpu (Node: process CPU in µs), also the CPU the process spent from the first capture until flush resolved.
/* eslint-disable */
var benchCapture = async function (o) {
  var now = o.now || function () { return performance.now(); };
  var seq = 0;
  var sink = 0;
  var rounds = [];
  var n = o.batches * o.batch;
  for (var r = 0; r < o.warmup + o.rounds; r++) {
    var baseline = 0, sync = 0, total = 0, cpu = 0;
    for (var b = 0; b < o.batches; b++) {
      var t = now();
      for (var i = 0; i < o.batch; i++) {
        sink += makeBenchError(seq++).stack.length;
      }
      baseline += now() - t;
      var errors = [];
      for (i = 0; i < o.batch; i++) {
        errors.push(makeBenchError(seq++));
      }
      var c = o.cpu ? o.cpu() : 0;
      t = now();
      for (i = 0; i < o.batch; i++) {
        o.capture(errors[i]);
      }
      sync += now() - t;
      await o.flush();
      total += now() - t;
      cpu += o.cpu ? o.cpu() - c : 0;
    }
    if (r >= o.warmup) {
      // microseconds per error
      rounds.push({ baseline: baseline / n * 1000, capture: sync / n * 1000, total: total / n * 1000, cpu: cpu / n });
    }
  }
  return { rounds: rounds, capturesPerRound: n, captured: (o.warmup + o.rounds) * n, stackFrames: makeBenchError(0).stack.split('\n').length - 1, sink: sink };
};
