import { Badge, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, body } from '../../api/client';
import type { FailRule, ReviewSummary } from '../../api/types';
import { ProblemAlert } from '../../components/common';
import './labels';

export function failRuleText(t: TFunction, f: FailRule): string {
  return f.rule === 'total_below_minimum'
    ? t('summary.totalBelow', { total: f.total, minimum: f.minimum })
    : t('summary.criterionBelow', { criterion: f.criterion, points: f.points, minimum: f.minimum });
}

/** The reviews together (admins, coordinators): mean and spread per criterion and overall, the fail rules on the means, recommendations. */
export function ReviewSummaryPanel({ proposalId }: { proposalId: string }) {
  const { t } = useTranslation();
  const summary = useQuery({
    queryKey: ['proposals', 'one', proposalId, 'review-summary'],
    queryFn: async () =>
      body<ReviewSummary>(await api.proposals.GET('/v1/proposals/{id}/review-summary', { params: { path: { id: proposalId } } })),
  });
  const s = summary.data;
  return (
    <section aria-labelledby="summary-title">
      <Group mt="md" mb="xs">
        <Title order={3} size="h5" id="summary-title">
          {t('summary.title')}
        </Title>
        {s && <Text size="sm">{t('summary.reviews', { n: s.reviews })}</Text>}
        {s && s.failed !== null && (
          <Badge variant="filled" color={s.failed ? 'red.9' : 'dark.6'} style={{ textTransform: 'none' }}>
            {s.failed ? t('summary.failed') : t('summary.passed')}
          </Badge>
        )}
      </Group>
      <ProblemAlert error={summary.error} />
      {s && s.reviews === 0 && <Text size="sm">{t('summary.noReviews')}</Text>}
      {s && s.reviews > 0 && (
        <>
          <Table striped aria-label={t('summary.title')} data-testid="review-summary">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('summary.criterion')}</Table.Th>
                <Table.Th scope="col">{t('summary.mean')}</Table.Th>
                <Table.Th scope="col">{t('summary.min')}</Table.Th>
                <Table.Th scope="col">{t('summary.max')}</Table.Th>
                <Table.Th scope="col">{t('summary.stdDev')}</Table.Th>
                <Table.Th scope="col">{t('summary.minimum')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.criteria.map((c) => (
                <Table.Tr key={c.criterion}>
                  <Table.Th scope="row">{c.criterion}</Table.Th>
                  <Table.Td>
                    {c.mean} / {c.maxPoints}
                  </Table.Td>
                  <Table.Td>{c.min}</Table.Td>
                  <Table.Td>{c.max}</Table.Td>
                  <Table.Td>{c.stdDev}</Table.Td>
                  <Table.Td>{c.minimum}</Table.Td>
                </Table.Tr>
              ))}
              {s.total && (
                <Table.Tr>
                  <Table.Th scope="row">{t('summary.total')}</Table.Th>
                  <Table.Td>
                    {s.total.mean} / {s.maxTotal}
                  </Table.Td>
                  <Table.Td>{s.total.min}</Table.Td>
                  <Table.Td>{s.total.max}</Table.Td>
                  <Table.Td>{s.total.stdDev}</Table.Td>
                  <Table.Td />
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          {s.failures.length > 0 && (
            <Text size="sm" c="red.9" mt="xs">
              {s.failures.map((f) => failRuleText(t, f)).join('; ')}
            </Text>
          )}
          <Text size="sm" mt="xs">
            {t('summary.recommendations')}:{' '}
            {Object.entries(s.recommendations)
              .map(([k, n]) => `${t(`proposals.recommendations.${k}`, { defaultValue: k })} ${n}`)
              .join(' · ')}
          </Text>
        </>
      )}
    </section>
  );
}
