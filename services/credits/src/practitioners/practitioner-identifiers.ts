/**
 * Check digits of the identifiers a profile carries, so a typo is caught when it is entered rather than
 * when a board or a pharmacy rejects the number.
 */

/**
 * NPI (CMS): 10 digits whose last is a Luhn check digit computed over the card-issuer prefix 80840 followed by
 * the first nine digits (the NPI standard, 45 CFR 162.406; CMS "NPI check digit" guidance).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  // Luhn: double every second digit from the right of the payload (its rightmost digit is doubled).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let digit = Number(digits[i]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9]);
}

/** DEA registrant types that prescribers and practitioners hold (A/B/F/G practitioners, M mid-levels, …). */
const DEA_REGISTRANT_TYPES = 'ABCDEFGHJKLMPRSTUX';

/**
 * DEA registration number: a registrant-type letter, the registrant's last-name initial (or 9), six digits and
 * a check digit: (d1 + d3 + d5) + 2 × (d2 + d4 + d6), whose last digit is d7.
 */
export function isValidDeaNumber(number: string): boolean {
  const match = /^([A-Z])([A-Z9])(\d{7})$/.exec(number);
  if (!match || !DEA_REGISTRANT_TYPES.includes(match[1])) return false;
  const d = [...match[3]].map(Number);
  const sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
  return sum % 10 === d[6];
}
