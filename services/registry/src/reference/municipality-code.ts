/**
 * Japan's local government code (全国地方公共団体コード): 5 digits plus a check digit.
 * s = 6d1 + 5d2 + 4d3 + 3d4 + 2d5; check = (11 - s mod 11) mod 10.
 */
export function municipalityCheckDigit(base5: string): number {
  if (!/^\d{5}$/.test(base5)) throw new Error('the base of a local government code is 5 digits');
  let s = 0;
  for (let i = 0; i < 5; i++) s += (6 - i) * Number(base5[i]);
  return (11 - (s % 11)) % 10;
}

export function isValidMunicipalityCode(value: string): boolean {
  return /^\d{6}$/.test(value) && Number(value[5]) === municipalityCheckDigit(value.slice(0, 5));
}

/** Hokkaido's prefecture code is 01: every municipality code there starts with it. */
export function isHokkaidoCode(value: string): boolean {
  return value.startsWith('01');
}
