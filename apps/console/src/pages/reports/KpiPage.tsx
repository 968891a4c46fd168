import { Group, NumberInput, SegmentedControl, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, body } from '../../api/client';
import { FileDownload } from '../../components/FileDownload';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { fiscalYear, fiscalYearOf, localized, yen } from '../../format';
import { BREAKDOWNS, breakdownRows, type Breakdown } from './breakdown';
import type { KpiReport } from './kpi';
import { ReportsNav } from './nav';

/** Names of the study groups a breakdown names (the registry's list, up to 300). */
function useStudyGroupNames(enabled: boolean) {
  return useQuery({
    queryKey: ['registry', 'study-groups', 'names'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const names = new Map<string, string>();
      for (let offset = 0; offset < 300; offset += 100) {
        const page = (await api.registry.GET('/v1/study-groups', { params: { query: { limit: 100, offset } } })).data!;
        for (const g of page.items) names.set(g.id, g.name);
        if (offset + 100 >= page.total) break;
      }
      return names;
    },
  });
}

/**
 * KPI across fiscal years (年度; `?from=&to=`) or of one year (`?mode=year&year=`): a chart and the same figures as a
 * table, a breakdown by focus field, bureau or study group (`?by=`), and the service's CSV to download.
 */
export function KpiPage() {
  const { t, i18n } = useTranslation();
  const current = fiscalYearOf(new Date());
  const [mode, setMode] = useParam('mode', 'range');
  const [from, setFrom] = useParam('from', String(current - 4));
  const [to, setTo] = useParam('to', String(current));
  const [year, setYear] = useParam('year', String(current));
  const [by, setBy] = useParam('by', 'focusField');
  const breakdown: Breakdown = (BREAKDOWNS as string[]).includes(by) ? (by as Breakdown) : 'focusField';
  const single = mode === 'year';
  const query = single ? { fiscalYear: Number(year) } : { fromFiscalYear: Number(from), toFiscalYear: Number(to) };
  const report = useQuery({
    queryKey: ['proposals', 'kpi', query],
    enabled: single ? Number(year) > 0 : Number(from) <= Number(to),
    queryFn: async () => body<KpiReport>(await api.proposals.GET('/v1/reports/kpi', { params: { query } })),
  });
  const studyGroups = useStudyGroupNames(breakdown === 'studyGroup' && !!report.data);
  const rows = report.data?.byFiscalYear ?? [];
  const chart = rows.map((r) => ({
    name: fiscalYear(r.fiscalYear, i18n.language),
    received: r.received,
    screened: r.cumulativeScreened,
    accepted: r.accepted,
    onSale: r.onSale,
  }));
  const csvName = single ? `kpi-FY${year}.csv` : `kpi-FY${from}-FY${to}.csv`;
  const parts = report.data
    ? breakdownRows(report.data, breakdown, {
        label: (l) => localized(l, i18n.language),
        studyGroup: (id) => studyGroups.data?.get(id),
        none: t('kpiViews.none'),
      })
    : [];
  return (
    <>
      <ReportsNav />
      <Title order={2} mb="md">
        {t('reports.title')}
      </Title>
      <Group mb="md" align="end">
        <SegmentedControl
          aria-label={t('kpiViews.period')}
          value={single ? 'year' : 'range'}
          onChange={setMode}
          data={[
            { value: 'range', label: t('kpiViews.acrossYears') },
            { value: 'year', label: t('kpiViews.oneYear') },
          ]}
        />
        {single ? (
          <NumberInput
            label={t('common.fiscalYear')}
            value={Number(year)}
            onChange={(v) => setYear(String(v))}
            min={1990}
            max={2100}
            w={140}
          />
        ) : (
          <>
            <NumberInput
              label={`${t('common.fiscalYear')} (${t('kpiViews.from')})`}
              value={Number(from)}
              onChange={(v) => setFrom(String(v))}
              min={1990}
              max={2100}
              w={140}
            />
            <NumberInput
              label={`${t('common.fiscalYear')} (${t('kpiViews.to')})`}
              value={Number(to)}
              onChange={(v) => setTo(String(v))}
              min={1990}
              max={2100}
              w={140}
            />
          </>
        )}
        <FileDownload
          label={t('reports.download')}
          fileName={csvName}
          fetchFile={async () =>
            (await api.proposals.GET('/v1/reports/kpi', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob' })).data as Blob
          }
        />
      </Group>
      <ProblemAlert error={report.error} />
      {report.isPending && report.fetchStatus !== 'idle' && <Loading />}
      {report.data && (
        <>
          <Title order={3} size="h4" mb="xs">
            {t('reports.chart')}
          </Title>
          <figure aria-label={t('reports.chart')} style={{ margin: 0 }} data-testid="kpi-chart">
            <ResponsiveContainer width="100%" height={300}>
              <ComposedChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis />
                <Tooltip />
                <Legend />
                <Bar dataKey="received" name={t('reports.received')} fill="#1c7ed6" isAnimationActive={false} />
                <Bar dataKey="accepted" name={t('reports.accepted')} fill="#2b8a3e" isAnimationActive={false} />
                <Bar dataKey="onSale" name={t('reports.onSale')} fill="#e67700" isAnimationActive={false} />
                <Line dataKey="screened" name={t('reports.screened')} stroke="#862e9c" isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </figure>
          <Table striped mt="md" aria-label={t('reports.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.fiscalYear')}</Table.Th>
                <Table.Th scope="col">{t('reports.received')}</Table.Th>
                <Table.Th scope="col">{t('reports.screened')}</Table.Th>
                <Table.Th scope="col">{t('reports.accepted')}</Table.Th>
                <Table.Th scope="col">{t('reports.onSale')}</Table.Th>
                <Table.Th scope="col">{t('reports.salesPlanned')}</Table.Th>
                <Table.Th scope="col">{t('reports.patents')}</Table.Th>
                <Table.Th scope="col">{t('reports.salesYen')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.fiscalYear} data-fiscal-year={r.fiscalYear}>
                  <Table.Th scope="row">{fiscalYear(r.fiscalYear, i18n.language)}</Table.Th>
                  <Table.Td>{r.received}</Table.Td>
                  <Table.Td data-kpi="cumulativeScreened">{r.cumulativeScreened}</Table.Td>
                  <Table.Td>{r.accepted}</Table.Td>
                  <Table.Td>{r.onSale}</Table.Td>
                  <Table.Td>{r.salesPlanned}</Table.Td>
                  <Table.Td>{r.patentsFiled}</Table.Td>
                  <Table.Td>{yen(r.salesYen, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group mt="lg" mb="xs" justify="space-between">
            <Title order={3} size="h4" id="kpi-breakdown">
              {t(`kpiViews.by.${breakdown}`)}
            </Title>
            <SegmentedControl
              aria-label={t('kpiViews.breakdown')}
              value={breakdown}
              onChange={setBy}
              data={BREAKDOWNS.map((b) => ({ value: b, label: t(`kpiViews.by.${b}`) }))}
            />
          </Group>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={parts.slice(0, 15).map((r) => ({ name: r.name, received: r.counts.received, accepted: r.counts.accepted }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Bar dataKey="received" name={t('reports.received')} fill="#1c7ed6" isAnimationActive={false} />
              <Bar dataKey="accepted" name={t('reports.accepted')} fill="#2b8a3e" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          <Table striped mt="sm" aria-labelledby="kpi-breakdown" data-testid="kpi-breakdown">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t(`kpiViews.column.${breakdown}`)}</Table.Th>
                <Table.Th scope="col">{t('reports.received')}</Table.Th>
                <Table.Th scope="col">{t('kpiViews.screenedInPeriod')}</Table.Th>
                <Table.Th scope="col">{t('reports.accepted')}</Table.Th>
                <Table.Th scope="col">{t('reports.onSale')}</Table.Th>
                <Table.Th scope="col">{t('reports.patents')}</Table.Th>
                <Table.Th scope="col">{t('reports.salesYen')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {parts.map((r) => (
                <Table.Tr key={r.key || 'none'} data-key={r.key}>
                  <Table.Th scope="row">{r.name}</Table.Th>
                  <Table.Td>{r.counts.received}</Table.Td>
                  <Table.Td>{r.counts.screened}</Table.Td>
                  <Table.Td>{r.counts.accepted}</Table.Td>
                  <Table.Td>{r.counts.onSale}</Table.Td>
                  <Table.Td>{r.counts.patentsFiled}</Table.Td>
                  <Table.Td>{yen(r.counts.salesYen, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}
