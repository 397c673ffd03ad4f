// Code added in the next build, unrelated to the failing code: it shifts every name the minifiers pick
function normalizeSku(s) { return String(s).trim().toUpperCase(); }
function parseQuantity(q) { const n = Number.parseInt(q, 10); return Number.isNaN(n) ? 0 : n; }
function roundCents(v) { return Math.round(v * 100) / 100; }
function describe(item) { return normalizeSku(item.sku) + ' x' + parseQuantity(item.q) + ' @' + roundCents(item.p); }

// Kept whole by both minifiers: an object of tools that other code could call
globalThis.__catalogTools = { normalizeSku, parseQuantity, roundCents, describe };
globalThis.__catalog = [{ sku: ' a1 ', q: '2', p: 1.005 }, { sku: 'b2', q: 'x', p: 3 }].map(describe);
