/**
 * Japan's corporate number (法人番号): 13 digits, the first of which is a check digit over the other 12.
 * Number those 12 digits n = 1..12 from the right; odd n weigh 1, even n weigh 2; check = 9 - (sum mod 9).
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new Error('the base of a corporate number is 12 digits');
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export type CorporateNumberProblem = 'format' | 'check-digit';

/** Why a corporate number is not valid, or null when it is. */
export function corporateNumberProblem(value: string): CorporateNumberProblem | null {
  if (!/^\d{13}$/.test(value)) return 'format';
  return Number(value[0]) === corporateNumberCheckDigit(value.slice(1)) ? null : 'check-digit';
}

export function isValidCorporateNumber(value: string): boolean {
  return corporateNumberProblem(value) === null;
}
