import { Anchor, Group, NumberInput, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, body } from '../../api/client';
import type { StudyGroupReport } from '../../api/types';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { fiscalYear, fiscalYearOf, lang } from '../../format';
import { useBureaus } from '../registry/StudyGroupsPage';
import { ReportsNav } from './nav';

/**
 * Study groups and their members per fiscal year (the registry's yearly report): groups, members and distinct people
 * per year as a chart and a table, and one year's split by bureau and focus field (`?year=`).
 */
export function StudyGroupReportPage() {
  const { t, i18n } = useTranslation();
  const current = fiscalYearOf(new Date());
  const [from, setFrom] = useParam('from', String(current - 9));
  const [to, setTo] = useParam('to', String(current));
  const [year, setYear] = useParam('year', '');
  const bureaus = useBureaus();
  const en = lang(i18n.language) === 'en';
  const report = useQuery({
    queryKey: ['registry', 'study-group-report', from, to],
    enabled: Number(from) > 0 && Number(from) <= Number(to),
    queryFn: async () =>
      body<StudyGroupReport>(
        await api.registry.GET('/v1/reports/study-groups', { params: { query: { from: Number(from), to: Number(to) } } }),
      ),
  });
  const years = report.data?.fiscalYears ?? [];
  const chosen = years.find((y) => String(y.fiscalYear) === year) ?? years[years.length - 1];
  const bureauName = (code: string | null) => {
    if (!code) return t('kpiViews.none');
    const b = bureaus.data?.find((x) => x.code === code);
    return b ? (en ? b.nameEn : b.nameJa) : code;
  };
  return (
    <>
      <ReportsNav />
      <Title order={2} mb="md">
        {t('sgReport.title')}
      </Title>
      <Group mb="md" align="end">
        <NumberInput
          label={`${t('common.fiscalYear')} (${t('kpiViews.from')})`}
          value={Number(from)}
          onChange={(v) => setFrom(String(v))}
          min={1950}
          max={2100}
          w={140}
        />
        <NumberInput
          label={`${t('common.fiscalYear')} (${t('kpiViews.to')})`}
          value={Number(to)}
          onChange={(v) => setTo(String(v))}
          min={1950}
          max={2100}
          w={140}
        />
      </Group>
      <ProblemAlert error={report.error} />
      {report.isPending && report.fetchStatus !== 'idle' && <Loading />}
      {report.data && (
        <>
          <figure aria-label={t('sgReport.chart')} style={{ margin: 0 }} data-testid="sg-chart">
            <ResponsiveContainer width="100%" height={260}>
              <ComposedChart
                data={years.map((y) => ({
                  name: fiscalYear(y.fiscalYear, i18n.language),
                  groups: y.studyGroups,
                  members: y.members,
                  people: y.people,
                }))}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis />
                <Tooltip />
                <Legend />
                <Bar dataKey="members" name={t('sgReport.members')} fill="#1c7ed6" isAnimationActive={false} />
                <Line dataKey="groups" name={t('sgReport.groups')} stroke="#862e9c" isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </figure>
          <Table striped mt="md" aria-label={t('sgReport.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.fiscalYear')}</Table.Th>
                <Table.Th scope="col">{t('sgReport.groups')}</Table.Th>
                <Table.Th scope="col">{t('sgReport.members')}</Table.Th>
                <Table.Th scope="col">{t('sgReport.people')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {years.map((y) => (
                <Table.Tr key={y.fiscalYear} data-fiscal-year={y.fiscalYear}>
                  <Table.Th scope="row">
                    <Anchor component="button" type="button" onClick={() => setYear(String(y.fiscalYear))} aria-pressed={chosen === y}>
                      {fiscalYear(y.fiscalYear, i18n.language)}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{y.studyGroups}</Table.Td>
                  <Table.Td>{y.members}</Table.Td>
                  <Table.Td>{y.people}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {report.data.undatedStudyGroups > 0 && (
            <Text size="sm" mt="xs">
              {t('sgReport.undated', { n: report.data.undatedStudyGroups })}
            </Text>
          )}
          {chosen && (
            <Group align="start" mt="lg" grow>
              <div>
                <Title order={3} size="h4" mb="xs" id="sg-bureau">
                  {t('sgReport.byBureau', { year: fiscalYear(chosen.fiscalYear, i18n.language) })}
                </Title>
                <Table aria-labelledby="sg-bureau">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('studyGroups.bureau')}</Table.Th>
                      <Table.Th scope="col">{t('sgReport.groups')}</Table.Th>
                      <Table.Th scope="col">{t('sgReport.members')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {chosen.byBureau.map((b) => (
                      <Table.Tr key={b.bureauCode ?? 'none'}>
                        <Table.Th scope="row">{bureauName(b.bureauCode)}</Table.Th>
                        <Table.Td>{b.studyGroups}</Table.Td>
                        <Table.Td>{b.members}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
              <div>
                <Title order={3} size="h4" mb="xs" id="sg-focus">
                  {t('sgReport.byFocusField', { year: fiscalYear(chosen.fiscalYear, i18n.language) })}
                </Title>
                <Table aria-labelledby="sg-focus">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('registry.focusFields')}</Table.Th>
                      <Table.Th scope="col">{t('sgReport.groups')}</Table.Th>
                      <Table.Th scope="col">{t('sgReport.members')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {chosen.byFocusField.map((f) => (
                      <Table.Tr key={f.focusField}>
                        <Table.Th scope="row">{t(`orgEdit.focus.${f.focusField}`)}</Table.Th>
                        <Table.Td>{f.studyGroups}</Table.Td>
                        <Table.Td>{f.members}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
            </Group>
          )}
        </>
      )}
    </>
  );
}
