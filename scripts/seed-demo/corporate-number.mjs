// 法人番号 (corporate numbers): 13 digits, the FIRST one a check digit over the other twelve.
// DOMAIN.md: number the 12 digits n = 1..12 from the right, weight odd n by 1 and even n by 2, sum them;
// check = 9 - (sum mod 9). Valid examples: 7010705000725, 4011001098993, 2120901007402.

/** The check digit for a 12-digit base number. */
export function corporateCheckDigit(base12) {
  if (!/^\d{12}$/.test(base12)) throw new Error(`a corporate number's base has 12 digits, not ${JSON.stringify(base12)}`);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(value) {
  return typeof value === 'string' && /^\d{13}$/.test(value) && Number(value[0]) === corporateCheckDigit(value.slice(1));
}

/** A complete corporate number from its 12-digit base (the check digit put in front). */
export function corporateNumber(base12) {
  return `${corporateCheckDigit(base12)}${base12}`;
}

/**
 * Bases the way the National Tax Agency forms them:
 * - a registered company or association: the 12-digit 会社法人等番号 = registry office (4) + kind (2) + serial (6);
 * - a local government: 000020 + its 6-digit local government code (北海道 010006 gives 7000020010006);
 * - a national government body: 000012 + a 6-digit serial.
 */
export const corporateBase = {
  registered: (office, kind, serial) => `${office}${kind}${String(serial).padStart(6, '0')}`,
  localGovernment: (code6) => `000020${code6}`,
  nationalGovernment: (serial) => `000012${String(serial).padStart(6, '0')}`,
};

/** Registry offices (登記所) in Hokkaido by the bureau whose area they serve: Sapporo, Hakodate, Asahikawa, Kushiro. */
export const REGISTRY_OFFICE_BY_BUREAU = {
  ishikari: '4300',
  sorachi: '4300',
  shiribeshi: '4300',
  iburi: '4300',
  hidaka: '4300',
  oshima: '4400',
  hiyama: '4400',
  kamikawa: '4500',
  rumoi: '4500',
  soya: '4500',
  okhotsk: '4600',
  tokachi: '4600',
  kushiro: '4600',
  nemuro: '4600',
};
