// A small shop using the original Express SDK (flytrap_express) the way its README does; run by capture.sh.
const express = require("express");
const flytrap = require(process.env.ORIGINAL_SDK).default;
flytrap.init({ projectId: "PROJECT", apiEndpoint: "http://127.0.0.1:18765", apiKey: "KEY" });
const app = express();
app.get("/orders/:id", (req, res) => {
  const order = null;
  res.json({ total: order.total });
});
app.get("/coupon", async (req, res) => {
  throw "coupon expired";
});
flytrap.setUpExpressErrorHandler(app);
app.use((err, req, res, next) => res.status(500).end());
const server = app.listen(0, async () => {
  const base = "http://127.0.0.1:" + server.address().port;
  await fetch(base + "/orders/7");
  await fetch(base + "/coupon");
  await new Promise((r) => setTimeout(r, 500));
  // unhandled and without a value: the SDK posts a rejection with no "value" (JSON.stringify drops undefined), then exits 1
  Promise.reject();
});
