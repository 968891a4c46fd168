import { Anchor, Badge, Card, Group, NumberInput, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { ProposalView } from '../../api/types';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { formatDate, localized } from '../../format';

const LIMIT = 25;

/** Proposals as a table or a board by stage; search, stage and fiscal year in the URL. Advisors see theirs only (the service decides). */
export function ProposalsPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [view, setView] = useParam('view', 'table');
  const [q, setQ] = useParam('q');
  const [stage, setStage] = useParam('stage');
  const [fy, setFy] = useParam('fiscalYear');
  const [text, setText] = useState(q);
  const [debounced] = useDebouncedValue(text, 250);
  const offset = offsetParam(params);
  useEffect(() => {
    if (debounced !== q) setQ(debounced);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text drives the URL
  }, [debounced]);
  const limit = view === 'board' ? 100 : LIMIT;
  const list = useQuery({
    queryKey: ['proposals', 'list', q, stage, fy, offset, limit],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.proposals.GET('/v1/proposals', {
          params: {
            query: {
              q: q || undefined,
              stage: stage ? [stage] : undefined,
              fiscalYear: fy ? Number(fy) : undefined,
              limit,
              offset,
            },
          },
        })
      ).data!,
  });
  const columns = new Map<string, { label: string; items: ProposalView[] }>();
  for (const p of list.data?.items ?? []) {
    const column = columns.get(p.stage.code) ?? { label: localized(p.stage.label, i18n.language), items: [] };
    column.items.push(p);
    columns.set(p.stage.code, column);
  }
  return (
    <>
      <Title order={2} mb="md">
        {t('proposals.title')}
      </Title>
      <Group mb="md" align="end">
        <TextInput label={t('common.search')} type="search" value={text} onChange={(e) => setText(e.currentTarget.value)} w={260} />
        <TextInput label={t('proposals.stage')} value={stage} onChange={(e) => setStage(e.currentTarget.value.trim())} w={160} />
        <NumberInput
          label={t('common.fiscalYear')}
          value={fy ? Number(fy) : ''}
          onChange={(v) => setFy(v === '' ? '' : String(v))}
          min={1990}
          max={2100}
          w={120}
        />
        <SegmentedControl
          aria-label={t('common.view')}
          value={view}
          onChange={setView}
          data={[
            { value: 'table', label: t('common.table') },
            { value: 'board', label: t('common.board') },
          ]}
        />
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.data && view === 'table' && (
        <>
          <Table striped highlightOnHover aria-label={t('proposals.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('proposals.reference')}</Table.Th>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('proposals.stage')}</Table.Th>
                <Table.Th scope="col">{t('common.fiscalYear')}</Table.Th>
                <Table.Th scope="col">{t('common.date')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.referenceNumber}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/proposals/${p.id}`}>
                      {localized(p.title, i18n.language)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="filled" color="blue.9">
                      {localized(p.stage.label, i18n.language)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{p.fiscalYear}</Table.Td>
                  <Table.Td>{formatDate(p.broughtInOn, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager total={list.data.total} limit={limit} offset={offset} label={t('proposals.title')} />
        </>
      )}
      {list.data && view === 'board' && (
        <>
          <div className="board">
            {[...columns.entries()].map(([code, column]) => (
              <section key={code} aria-label={column.label}>
                <Title order={3} size="h5" mb="xs">
                  {column.label} ({column.items.length})
                </Title>
                <Stack gap="xs">
                  {column.items.map((p) => (
                    <Card key={p.id} withBorder padding="xs">
                      <Anchor component={Link} to={`/proposals/${p.id}`} size="sm">
                        {localized(p.title, i18n.language)}
                      </Anchor>
                      <Text size="xs">{p.referenceNumber}</Text>
                    </Card>
                  ))}
                </Stack>
              </section>
            ))}
          </div>
          <Pager total={list.data.total} limit={limit} offset={offset} label={t('proposals.title')} />
        </>
      )}
    </>
  );
}
