/**
 * Who counts as "the same organisation" at a table. Registry people carry their organisation's id;
 * guests type a name, so the name is normalised (full-width to half-width, case, spaces, legal-form
 * words such as 株式会社 or Co., Ltd.) before two guests are compared.
 */
const LEGAL_FORMS = [
  '株式会社',
  '有限会社',
  '合同会社',
  '一般社団法人',
  '公益社団法人',
  '一般財団法人',
  '公益財団法人',
  '国立大学法人',
  '独立行政法人',
  '地方独立行政法人',
  '特定非営利活動法人',
  '(株)',
  '(有)',
  '(同)',
  '(一社)',
  '(公財)',
  '(一財)',
];
/** Latin legal forms, only at the end of a name (so that "Princeton" keeps its "inc"). */
const LATIN_SUFFIX = /(co\.?,?ltd\.?|inc\.?|ltd\.?|llc|k\.k\.?|corp\.?|corporation)$/;

export function normalizeOrganizationName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  for (const form of LEGAL_FORMS) s = s.split(form).join('');
  s = s.replace(/,$/, '').replace(LATIN_SUFFIX, '');
  return s.replace(/[.,、。・]/g, '');
}

export function organizationKey(organizationId: string | null, organizationName: string | null): string | null {
  if (organizationId) return `id:${organizationId}`;
  if (organizationName) {
    const normalized = normalizeOrganizationName(organizationName);
    return normalized ? `name:${normalized}` : null;
  }
  return null;
}
