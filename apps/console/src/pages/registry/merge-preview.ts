/**
 * What a merge of two organisations leaves (the registry's OrganizationsService.merge): the survivor keeps its own
 * fields, takes over a corporate number it lacks, and everything attached to the merged one (affiliations,
 * memberships, tenancies, consortium memberships, aliases) moves to it; the merged record stays as an archived alias.
 */
import type { Organization, OrganizationRecordView } from '../../api/types';

export const MERGE_FIELDS = [
  'name',
  'nameKana',
  'kind',
  'corporateNumber',
  'municipalityName',
  'address',
  'representative',
  'focusFields',
  'website',
  'foundedOn',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export interface MergeRow {
  field: MergeField;
  survivor: string;
  merged: string;
  result: string;
  /** The two differ. */
  differs: boolean;
  /** The result takes the merged record's value. */
  takenOver: boolean;
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === null || v === undefined || v === '' ? '' : String(v));

export function mergePreview(survivor: Organization, merged: Organization): MergeRow[] {
  return MERGE_FIELDS.map((field) => {
    const s = show(survivor[field]);
    const m = show(merged[field]);
    const takenOver = field === 'corporateNumber' && !s && !!m;
    return { field, survivor: s, merged: m, result: takenOver ? m : s, differs: s !== m, takenOver };
  });
}

/** Why the registry would refuse this merge, known before asking it (it checks again). */
export function mergeBlocker(
  survivor: OrganizationRecordView,
  merged: OrganizationRecordView,
): 'same' | 'archivedSurvivor' | 'alreadyMerged' | undefined {
  if (survivor.id === merged.id) return 'same';
  if (survivor.archived) return 'archivedSurvivor';
  if (merged.mergedInto) return 'alreadyMerged';
  return undefined;
}
