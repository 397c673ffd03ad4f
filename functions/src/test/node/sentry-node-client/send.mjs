// Reports one handled and one uncaught exception to the DSN in FLYTRAP_DSN, exactly as an app using
// @sentry/node would. The uncaught one ends the process (exit code 1) after Sentry has sent it.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.FLYTRAP_DSN,
  release: 'api@3.1.0',
  environment: 'production',
  sendClientReports: false,
});
Sentry.setUser({ id: 'node-user-1', email: 'grace@example.com' });
Sentry.setTag('service', 'checkout-api');
Sentry.addBreadcrumb({ category: 'db', message: 'SELECT * FROM carts', level: 'info' });

function checkout() {
  throw new TypeError('cart.items is not iterable');
}

// The same handler, once called by our own code and caught, once called by the runtime (a timer) and not
function handleRequest() {
  checkout();
}

try {
  handleRequest();
} catch (error) {
  Sentry.captureException(error);
}
await Sentry.flush(5000);

setTimeout(handleRequest, 10);
