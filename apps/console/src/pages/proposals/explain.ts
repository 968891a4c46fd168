/** A team suggestion's score explained in the user's language, from the factors the proposals service scored. */
import type { TFunction } from 'i18next';
import type { TeamSuggestion } from '../../api/types';

export function explainFactor(t: TFunction, s: TeamSuggestion, factor: TeamSuggestion['explanation'][number]): string {
  switch (factor.factor) {
    case 'focus_match':
      return s.matchingFields.length ? t('team.focusMatch', { fields: s.matchingFields.join(', ') }) : t('team.noFocusMatch');
    case 'new_sector':
      if (factor.points > 0) return t('team.newSector', { sectors: s.sectors.join(' / ') });
      return s.sectors.length ? t('team.sectorPresent', { sectors: s.sectors.join(' / ') }) : t('team.sectorUnknown');
    case 'open_assignments':
      return t('team.openAssignments', { n: s.openAssignments });
    default:
      return (factor as { detail: string }).detail;
  }
}

/** "+8" / "−3" / "0": the points of a factor as the table shows them. */
export const signedPoints = (points: number) => (points > 0 ? `+${points}` : points < 0 ? `−${Math.abs(points)}` : '0');
