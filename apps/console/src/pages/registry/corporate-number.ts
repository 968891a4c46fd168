/**
 * The check digit of a 13-digit corporate number (法人番号): the first digit is 9 − (Σ of the next 12 digits,
 * weighted 1 and 2 alternately from the right, mod 9).
 */
export function corporateNumberValid(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  const digits = value.slice(1).split('').map(Number);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += digits[11 - i]! * (i % 2 === 0 ? 1 : 2);
  return Number(value[0]) === 9 - (sum % 9);
}
