import { Anchor, Card, Group, NumberInput, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { fiscalYear, fiscalYearOf, formatDate, localized } from '../../format';
import { ReportsNav } from './nav';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const entries = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]);

/** The events' fiscal-year report (年度, `?year=`): events held by kind, registrations, attendance, the field mix, one row per event. */
export function EventsReportPage() {
  const { t, i18n } = useTranslation();
  const [year, setYear] = useParam('year', String(fiscalYearOf(new Date())));
  const report = useQuery({
    queryKey: ['events', 'fiscal-year-report', year],
    enabled: Number(year) >= 1990,
    queryFn: async () => (await api.events.GET('/v1/reports/fiscal-years/{year}', { params: { path: { year: Number(year) } } })).data!,
  });
  const r = report.data;
  const figure = (label: string, value: React.ReactNode) => (
    <Card withBorder padding="sm">
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
  return (
    <>
      <ReportsNav />
      <Title order={2} mb="md">
        {t('eventsReport.title')}
      </Title>
      <NumberInput
        label={t('common.fiscalYear')}
        value={Number(year)}
        onChange={(v) => setYear(String(v))}
        min={1990}
        max={2200}
        w={140}
        mb="md"
      />
      <ProblemAlert error={report.error} />
      {report.isPending && report.fetchStatus !== 'idle' && <Loading />}
      {r && (
        <>
          <SimpleGrid cols={{ base: 2, md: 6 }} mb="md" data-testid="events-report-figures">
            {figure(t('eventsReport.held'), r.events.held)}
            {figure(t('eventsReport.registrations'), r.registrations.active)}
            {figure(t('eventsReport.attended'), r.attendance.total)}
            {figure(t('eventsReport.rate'), percent(r.attendance.rate))}
            {figure(t('eventsReport.connections'), r.connections.count)}
            {figure(t('eventsReport.proposals'), r.proposals)}
          </SimpleGrid>
          <Group align="start" grow mb="md">
            <div>
              <Title order={3} size="h4" mb="xs" id="er-kinds">
                {t('eventsReport.byKind')}
              </Title>
              <Table aria-labelledby="er-kinds">
                <Table.Tbody>
                  {entries(r.events.byKind).map(([k, n]) => (
                    <Table.Tr key={k}>
                      <Table.Th scope="row">{t(`eventsReport.kinds.${k}`, { defaultValue: k })}</Table.Th>
                      <Table.Td>{n}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
            <div>
              <Title order={3} size="h4" mb="xs" id="er-sectors">
                {t('eventsReport.sectors', { n: r.fieldMix.participants })}
              </Title>
              <Table aria-labelledby="er-sectors">
                <Table.Tbody>
                  {entries(r.fieldMix.sectors).map(([k, n]) => (
                    <Table.Tr key={k}>
                      <Table.Th scope="row">{t(`orgEdit.sectors.${k}`, { defaultValue: k })}</Table.Th>
                      <Table.Td>
                        {n} ({percent(r.fieldMix.sectorShares[k] ?? null)})
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
            <div>
              <Title order={3} size="h4" mb="xs" id="er-followups">
                {t('eventsReport.followUps', { n: r.followUps.total })}
              </Title>
              <Table aria-labelledby="er-followups">
                <Table.Tbody>
                  {entries(r.followUps.byStatus).map(([k, n]) => (
                    <Table.Tr key={k}>
                      <Table.Th scope="row">{k}</Table.Th>
                      <Table.Td>{n}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="sm" mt="xs">
                {t('eventsReport.questionnaire', {
                  n: r.questionnaire.responses,
                  avg: r.questionnaire.averageSatisfaction === null ? '—' : r.questionnaire.averageSatisfaction.toFixed(2),
                })}
              </Text>
            </div>
          </Group>
          <Title order={3} size="h4" mb="xs" id="er-events">
            {t('eventsReport.perEvent', { year: fiscalYear(r.fiscalYear, i18n.language) })}
          </Title>
          <Table striped aria-labelledby="er-events" data-testid="events-report">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('events.startsAt')}</Table.Th>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('common.kind')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
                <Table.Th scope="col">{t('eventsReport.registrations')}</Table.Th>
                <Table.Th scope="col">{t('eventsReport.attended')}</Table.Th>
                <Table.Th scope="col">{t('eventsReport.rate')}</Table.Th>
                <Table.Th scope="col">{t('eventsReport.connections')}</Table.Th>
                <Table.Th scope="col">{t('eventsReport.proposals')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.perEvent.map((e) => (
                <Table.Tr key={e.eventId}>
                  <Table.Td>{formatDate(e.startsAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/events/${e.eventId}`}>
                      {localized(e.title, i18n.language)}
                    </Anchor>
                    {e.historical && (
                      <Text span size="xs" ml={4}>
                        ({t('eventsReport.historical')})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{t(`eventsReport.kinds.${e.kind}`, { defaultValue: e.kind })}</Table.Td>
                  <Table.Td>{e.status}</Table.Td>
                  <Table.Td>{e.registrations}</Table.Td>
                  <Table.Td>{e.attended}</Table.Td>
                  <Table.Td>{percent(e.attendanceRate)}</Table.Td>
                  <Table.Td>{e.connections}</Table.Td>
                  <Table.Td>{e.proposals}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {r.perEvent.length === 0 && <Text size="sm">{t('common.none')}</Text>}
        </>
      )}
    </>
  );
}
