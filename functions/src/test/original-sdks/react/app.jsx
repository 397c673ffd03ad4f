// A page using the original React SDK (flytrap_react) the way its README does; bundled with React's production
// build by capture.sh (esbuild) and run in Chromium. One step at a time so the recordings keep their order.
import React from "react";
import { createRoot } from "react-dom/client";
import flytrap from "flytrap_react";

flytrap.init({ projectId: "PROJECT", apiEndpoint: "http://127.0.0.1:18765", apiKey: "KEY" });

function CartTotal({ cart }) {
  return <p>Total: {cart.items.length}</p>;
}

// a render error: caught by the SDK's ErrorBoundary, which posts it (handled: false) and shows the fallback
createRoot(document.getElementById("root")).render(
  <flytrap.ErrorBoundary fallback={<h1>Something went wrong!</h1>}>
    <CartTotal cart={{}} />
  </flytrap.ErrorBoundary>,
);

const later = (ms, step) => new Promise((resolve) => setTimeout(() => { step(); resolve(); }, ms));
later(1500, () => {
  // thrown outside React: the SDK's window "error" handler
  setTimeout(function applyCoupon() {
    throw new RangeError("coupon SPRING is out of range");
  });
})
  .then(() => later(1500, () => {
    // rejected with a string, not an Error: the SDK posts a rejection with that value
    Promise.reject("checkout timed out");
  }))
  .then(() => later(1500, () => {
    try {
      JSON.parse("{not json");
    } catch (e) {
      flytrap.captureException(e, { method: "POST", url: "/checkout" });
    }
  }));
