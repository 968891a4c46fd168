import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProposalConflict } from '../../api/types';
import { formatDate } from '../../format';
import './labels';

/** Conflicts of interest as the registry showed them: the kind, the organisation, the period of the affiliation. */
export function ConflictList({ conflicts }: { conflicts: readonly ProposalConflict[] }) {
  const { t, i18n } = useTranslation();
  if (!conflicts.length) return null;
  return (
    <List size="xs" spacing={2} aria-label={t('assign.conflicts')}>
      {conflicts.map((c, i) => (
        <List.Item key={`${c.organizationId}-${i}`}>
          <Text span size="xs" c="red.9" fw={700}>
            {t(`assign.conflictKinds.${c.kind}`)}
          </Text>
          <Text span size="xs">
            {' '}
            {c.organizationName ?? c.organizationId} (
            {t('assign.period', { from: formatDate(c.from ?? null, i18n.language), to: c.to ? formatDate(c.to, i18n.language) : '' })})
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
