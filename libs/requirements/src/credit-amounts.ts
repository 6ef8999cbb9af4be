/** Digits after the decimal point of a number as JavaScript writes it (`1.25` → 2); NaN for `1e-7`. */
function decimalPlaces(value: number): number {
  const written = String(value);
  if (/e/i.test(written)) return Number.NaN;
  const point = written.indexOf('.');
  return point < 0 ? 0 : written.length - point - 1;
}

/**
 * Whether `amount` is a whole number of `step`s, judged on the decimal digits as written, not with a
 * floating-point tolerance: 6.25 and 1.33 (steps 0.25 and 0.01) are, 6.3 and 8.0000000001 are not.
 * Working in the step's own decimal places keeps binary rounding (0.07 × 100 = 7.000000000000001) out of it.
 */
export function isWholeNumberOfSteps(amount: number, step: number): boolean {
  const places = decimalPlaces(step);
  const amountPlaces = decimalPlaces(amount);
  if (!Number.isFinite(amount) || Number.isNaN(amountPlaces) || amountPlaces > places) return false;
  const scale = 10 ** places;
  return Math.round(amount * scale) % Math.round(step * scale) === 0;
}
