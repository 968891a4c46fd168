import { Alert, Anchor, Badge, Group, NumberInput, SegmentedControl, Select, Table, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { components } from '../../api/generated/events';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { formatDateTime, localized } from '../../format';
import { EventCalendar } from './EventCalendar';
import { monthKey, monthRange, parseMonth, shiftMonth } from './month';
import './events.css';
import './labels';

type EventStatus = components['schemas']['EventView']['status'];
const STATUSES: EventStatus[] = ['draft', 'published', 'changed', 'cancelled', 'completed'];
const LIMIT = 20;
/** The most events one month of the calendar asks for (the service's largest page). */
const MONTH_LIMIT = 100;

/** This month in Tokyo. */
function currentMonth(): [number, number] {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  return [Number(parts.find((p) => p.type === 'year')!.value), Number(parts.find((p) => p.type === 'month')!.value)];
}

/** Exchange events as a list or a month calendar: filter by status, fiscal year and text; paged; all in the URL. */
export function EventsPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [status, setStatus] = useParam('status');
  const [fy, setFy] = useParam('fiscalYear');
  const [q, setQ] = useParam('q');
  const offset = offsetParam(params);
  const [view, setView] = useParam('view', 'list');
  const [monthParam, setMonth] = useParam('month');
  const [year, month] = parseMonth(monthParam) ?? currentMonth();
  const calendar = view === 'calendar';
  const range = monthRange(year, month);
  const list = useQuery({
    queryKey: ['events', 'list', status, fy, q, offset],
    enabled: !calendar,
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
  const monthEvents = useQuery({
    queryKey: ['events', 'month', status, q, year, month],
    enabled: calendar,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.events.GET('/v1/events', {
          params: {
            query: {
              status: (status || undefined) as EventStatus | undefined,
              q: q || undefined,
              from: range.from,
              to: range.to,
              limit: MONTH_LIMIT,
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
        <SegmentedControl
          aria-label={t('common.view')}
          value={view}
          onChange={setView}
          data={[
            { value: 'list', label: t('eventsX.list') },
            { value: 'calendar', label: t('eventsX.calendar') },
          ]}
        />
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
        {!calendar && (
          <NumberInput
            label={t('common.fiscalYear')}
            value={fy ? Number(fy) : ''}
            onChange={(v) => setFy(v === '' ? '' : String(v))}
            w={120}
          />
        )}
        <Anchor href="/api/events/v1/public/events.ics" size="sm" download>
          {t('eventsX.publicFeed')}
        </Anchor>
      </Group>
      {calendar && (
        <>
          <ProblemAlert error={monthEvents.error} />
          {monthEvents.isPending && <Loading />}
          {monthEvents.data && monthEvents.data.total > monthEvents.data.items.length && (
            <Alert color="yellow" mb="sm" role="status">
              {t('eventsX.moreInMonth', { total: monthEvents.data.total, shown: monthEvents.data.items.length })}
            </Alert>
          )}
          <EventCalendar
            year={year}
            month={month}
            events={monthEvents.data?.items ?? []}
            onMonth={(delta) => setMonth(monthKey(...shiftMonth(year, month, delta)))}
            onThisMonth={() => setMonth('')}
          />
        </>
      )}
      {!calendar && <ProblemAlert error={list.error} />}
      {!calendar && list.isPending && <Loading />}
      {!calendar && list.data && (
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
