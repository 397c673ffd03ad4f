export function formatPrice(amount) {
  const whole = Math.floor(amount);
  const cents = Math.round((amount - whole) * 100);
  return whole + '.' + String(cents).padStart(2, '0') + ' EUR';
}

export function formatEach(groups, total) {
  return groups.map((items) => formatPrice(total(items)));
}
