import { Anchor, Badge, Group, NumberInput, Select, Table, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { components } from '../../api/generated/events';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { formatDateTime, localized } from '../../format';

type EventStatus = components['schemas']['EventView']['status'];
const STATUSES: EventStatus[] = ['draft', 'published', 'changed', 'cancelled', 'completed'];
const LIMIT = 20;

/** Exchange events: filter by status, fiscal year and text; paged; all in the URL. */
export function EventsPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [status, setStatus] = useParam('status');
  const [fy, setFy] = useParam('fiscalYear');
  const [q, setQ] = useParam('q');
  const offset = offsetParam(params);
  const list = useQuery({
    queryKey: ['events', 'list', status, fy, q, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.events.GET('/v1/events', {
          params: {
            query: {
              status: (status || undefined) as EventStatus | undefined,
              fiscalYear: fy ? Number(fy) : undefined,
              q: q || undefined,
              limit: LIMIT,
              offset,
            },
          },
        })
      ).data!,
  });
  return (
    <>
      <Title order={2} mb="md">
        {t('events.title')}
      </Title>
      <Group mb="md" align="end">
        <TextInput label={t('common.search')} type="search" value={q} onChange={(e) => setQ(e.currentTarget.value)} w={240} />
        <Select
          label={t('common.status')}
          value={status || null}
          onChange={(v) => setStatus(v ?? '')}
          data={STATUSES}
          clearable
          placeholder={t('common.all')}
          w={180}
        />
        <NumberInput
          label={t('common.fiscalYear')}
          value={fy ? Number(fy) : ''}
          onChange={(v) => setFy(v === '' ? '' : String(v))}
          w={120}
        />
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.data && (
        <>
          <Table striped highlightOnHover aria-label={t('events.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('events.startsAt')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
                <Table.Th scope="col">{t('events.capacity')}</Table.Th>
                <Table.Th scope="col">{t('events.waitlist')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/events/${e.id}`}>
                      {localized(e.title, i18n.language)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDateTime(e.startsAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Badge variant="filled" color="blue.9">
                      {e.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {e.seats.held} / {e.capacity}
                  </Table.Td>
                  <Table.Td>{e.seats.waitlisted}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager total={list.data.total} limit={LIMIT} offset={offset} label={t('events.title')} />
        </>
      )}
    </>
  );
}
