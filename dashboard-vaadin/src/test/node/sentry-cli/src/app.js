function priceOf(item) {
  if (item.price === undefined) {
    throw new TypeError('item ' + item.name + ' has no price');
  }
  return item.price;
}

export function checkout(items) {
  return items.reduce((sum, item) => sum + priceOf(item), 0);
}

try {
  checkout([{ name: 'broken' }]);
} catch (error) {
  console.log(JSON.stringify({ stack: error.stack }));
}
