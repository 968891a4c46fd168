import { Anchor, Group, NumberInput, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, ComposedChart } from 'recharts';
import { api, body } from '../../api/client';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { fiscalYear, fiscalYearOf, localized, yen } from '../../format';
import type { KpiReport } from './kpi';

/** KPI per fiscal year (年度) and across years: a chart and the same figures as a table; the service's CSV to download. */
export function KpiPage() {
  const { t, i18n } = useTranslation();
  const current = fiscalYearOf(new Date());
  const [from, setFrom] = useParam('from', String(current - 4));
  const [to, setTo] = useParam('to', String(current));
  const query = { fromFiscalYear: Number(from), toFiscalYear: Number(to) };
  const report = useQuery({
    queryKey: ['proposals', 'kpi', query],
    enabled: Number(from) <= Number(to),
    queryFn: async () => body<KpiReport>(await api.proposals.GET('/v1/reports/kpi', { params: { query } })),
  });
  const rows = report.data?.byFiscalYear ?? [];
  const chart = rows.map((r) => ({
    name: fiscalYear(r.fiscalYear, i18n.language),
    received: r.received,
    screened: r.cumulativeScreened,
    accepted: r.accepted,
    onSale: r.onSale,
  }));
  const csvHref = `/api/proposals/v1/reports/kpi?fromFiscalYear=${from}&toFiscalYear=${to}&format=csv`;
  const downloadCsv = async () => {
    const result = await api.proposals.GET('/v1/reports/kpi', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob' });
    const url = URL.createObjectURL(result.data as Blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `kpi-${from}-${to}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <Title order={2} mb="md">
        {t('reports.title')}
      </Title>
      <Group mb="md" align="end">
        <NumberInput
          label={`${t('common.fiscalYear')} (from)`}
          value={Number(from)}
          onChange={(v) => setFrom(String(v))}
          min={1990}
          max={2100}
          w={140}
        />
        <NumberInput
          label={`${t('common.fiscalYear')} (to)`}
          value={Number(to)}
          onChange={(v) => setTo(String(v))}
          min={1990}
          max={2100}
          w={140}
        />
        <Anchor
          href={csvHref}
          onClick={(e) => {
            e.preventDefault();
            void downloadCsv();
          }}
        >
          {t('reports.download')}
        </Anchor>
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
          <Title order={3} size="h4" mt="lg" mb="xs">
            {t('registry.focusFields')}
          </Title>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={report.data.byFocusField.map((r) => ({ name: localized(r.label, i18n.language), received: r.received }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis />
              <Tooltip />
              <Bar dataKey="received" name={t('reports.received')} fill="#1c7ed6" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </>
      )}
    </>
  );
}
