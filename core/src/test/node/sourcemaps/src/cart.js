export function checkout(items) {
  let sum = 0;
  for (const item of items) {
    sum += priceOf(item);
  }
  return sum;
}

function priceOf(item) {
  if (item.price === undefined) {
    throw new TypeError('item ' + item.name + ' has no price');
  }
  return item.price;
}
