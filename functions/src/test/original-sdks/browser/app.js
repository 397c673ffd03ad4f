// A page using the original browser SDK (flytrap_javascript) the way its README does; run by capture.sh in Chromium.
FlytrapOriginal.default.init({ projectId: "PROJECT", apiEndpoint: "http://127.0.0.1:18765", apiKey: "KEY" });
function renderPrice(cart) {
  return cart.total.toFixed(2);
}
try {
  renderPrice({});
} catch (e) {
  FlytrapOriginal.default.captureException(e, { method: "GET", url: "/cart" });
}
// unhandled and without a value: the SDK posts a rejection with no "value"
Promise.reject();
