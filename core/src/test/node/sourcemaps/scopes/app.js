import { dispatch } from './events.js';

function totalOf(order) {
  if (!order.items) {
    throw new TypeError('order ' + order.id + ' has no items');
  }
  return order.items.length;
}

// Called only through dispatch (fn.apply): no call site names it
function handleCheckout(order) {
  return totalOf(order) * 2;
}

// Called only by the runtime's EventTarget, as a browser calls a click listener
function onCouponApplied(event) {
  throw new RangeError('coupon ' + event.type + ' expired');
}

export function start(report) {
  try {
    dispatch(handleCheckout, [{ id: 7 }]);
  } catch (error) {
    report('checkout', error);
  }
  process.once('uncaughtException', (error) => report('coupon', error));
  const button = new EventTarget();
  button.addEventListener('coupon', onCouponApplied);
  button.dispatchEvent(new Event('coupon'));
}
