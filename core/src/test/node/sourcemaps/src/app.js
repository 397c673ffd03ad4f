import { checkout } from './cart.js';
import { formatPrice } from './format.js';

export function run(items) {
  const total = checkout(items);
  return formatPrice(total);
}

// Run as a script: fail the way a production bundle fails, and print the stack for the test
try {
  run([{ name: 'book', price: 12 }, { name: 'broken' }]);
} catch (error) {
  console.log(JSON.stringify({ stack: error.stack }));
}
