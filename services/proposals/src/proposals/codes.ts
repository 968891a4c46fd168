import type { FocusField } from '@collabo/contracts';

/**
 * Hokkaido's local government codes: 6 digits, `01` for the prefecture, the 6th digit a check digit:
 * s = 6d1 + 5d2 + 4d3 + 3d4 + 2d5, check = (11 - s mod 11) mod 10.
 */
export function isHokkaidoMunicipalityCode(code: string): boolean {
  if (!/^01\d{4}$/.test(code)) return false;
  const d = [...code].map(Number);
  const s = 6 * d[0]! + 5 * d[1]! + 4 * d[2]! + 3 * d[3]! + 2 * d[4]!;
  return (11 - (s % 11)) % 10 === d[5];
}

/** The 14 subprefectural bureaus (振興局), as `data/hokkaido-bureaus.csv` names them. */
export const BUREAUS = {
  sorachi: { ja: '空知総合振興局', en: 'Sorachi' },
  ishikari: { ja: '石狩振興局', en: 'Ishikari' },
  shiribeshi: { ja: '後志総合振興局', en: 'Shiribeshi' },
  iburi: { ja: '胆振総合振興局', en: 'Iburi' },
  hidaka: { ja: '日高振興局', en: 'Hidaka' },
  oshima: { ja: '渡島総合振興局', en: 'Oshima' },
  hiyama: { ja: '檜山振興局', en: 'Hiyama' },
  kamikawa: { ja: '上川総合振興局', en: 'Kamikawa' },
  rumoi: { ja: '留萌振興局', en: 'Rumoi' },
  soya: { ja: '宗谷総合振興局', en: 'Soya' },
  okhotsk: { ja: 'オホーツク総合振興局', en: 'Okhotsk' },
  tokachi: { ja: '十勝総合振興局', en: 'Tokachi' },
  kushiro: { ja: '釧路総合振興局', en: 'Kushiro' },
  nemuro: { ja: '根室振興局', en: 'Nemuro' },
} as const;
export type BureauCode = keyof typeof BUREAUS;
export const BUREAU_CODES = Object.keys(BUREAUS) as BureauCode[];

export const FOCUS_FIELD_LABELS: Record<FocusField, { ja: string; en: string }> = {
  food: { ja: '食', en: 'Food' },
  housing: { ja: '住', en: 'Housing' },
  tourism: { ja: '遊（観光）', en: 'Leisure and tourism' },
  it: { ja: '情報技術', en: 'IT' },
  bio: { ja: 'バイオ', en: 'Bio' },
  environment: { ja: '環境', en: 'Environment' },
  energy: { ja: 'エネルギー', en: 'Energy' },
  manufacturing: { ja: 'ものづくり', en: 'Manufacturing' },
  medical: { ja: '医療・福祉', en: 'Medical and welfare' },
  other: { ja: 'その他', en: 'Other' },
};

/** The human reference of a proposal: `P<fiscal year>-<4-digit number within the year>`, e.g. `P2002-0042`. */
export function referenceNumber(fiscalYear: number, sequence: number): string {
  return `P${fiscalYear}-${String(sequence).padStart(4, '0')}`;
}
