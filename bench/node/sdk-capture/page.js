// The page's driver (a classic script, after the SDK, frames.js and measure.js): starts the SDK named in
// window.benchConfig with its defaults (sentry-noop: with a transport that sends nothing), runs benchCapture and reports the result — to window.benchReport under
// jsdom, by a POST to /result in Chromium.
/* eslint-disable */
(function () {
  var config = window.benchConfig;
  var report = window.benchReport || function (result) {
    return fetch('/result', { method: 'POST', body: JSON.stringify(result) });
  };
  try {
    var api = config.sdk === 'flytrap' ? window.Flytrap : window.Sentry;
    if (config.sdk === 'sentry-noop') {
      // Informational: Sentry's work on the calling thread without the browser's fetch() call
      api.init({ dsn: config.dsn, transport: function () {
        return { send: function () { return Promise.resolve({}); }, flush: function () { return Promise.resolve(true); } };
      } });
    } else {
      api.init({ dsn: config.dsn });
    }
    var limitAfterInit = Error.stackTraceLimit;
    Error.stackTraceLimit = 20;
    benchCapture({
      capture: function (error) { api.captureException(error); },
      flush: function () { return api.flush(5000); },
      rounds: config.rounds, warmup: config.warmup, batches: config.batches, batch: config.batch,
    }).then(function (result) {
      result.sdk = config.sdk;
      result.stackTraceLimitAfterInit = limitAfterInit;
      result.crossOriginIsolated = !!window.crossOriginIsolated;
      result.userAgent = navigator.userAgent;
      report(result);
    }, function (e) {
      report({ error: String((e && e.stack) || e) });
    });
  } catch (e) {
    report({ error: String((e && e.stack) || e) });
  }
})();
