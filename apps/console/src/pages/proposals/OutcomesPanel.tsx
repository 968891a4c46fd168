import { Button, Card, Checkbox, Grid, NumberInput, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { OutcomeView } from '../../api/types';
import { canWrite } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Pager, ProblemAlert, offsetParam } from '../../components/common';
import { formatDate, yen } from '../../format';
import './labels';

type Kind = OutcomeView['kind'];
const KINDS: Kind[] = ['prototype', 'sale', 'patent_filed', 'patent_granted', 'award', 'startup_founded', 'jobs_created'];
const LIMIT = 20;

interface Form {
  kind: Kind;
  summary: string;
  occurredOn: string;
  amountYen: number | '';
  fiscalYear: number | '';
  patentNumber: string;
  jobsCreated: number | '';
  historical: boolean;
}
const EMPTY: Form = {
  kind: 'prototype',
  summary: '',
  occurredOn: '',
  amountYen: '',
  fiscalYear: '',
  patentNumber: '',
  jobsCreated: '',
  historical: false,
};

/** The body the service takes for an outcome: only the fields of its kind. */
export function outcomeBody(f: Form) {
  return {
    kind: f.kind,
    summary: f.summary.trim(),
    occurredOn: f.occurredOn,
    ...(f.kind === 'sale' && f.amountYen !== '' ? { amountYen: f.amountYen } : {}),
    ...(f.kind === 'sale' && f.fiscalYear !== '' ? { fiscalYear: f.fiscalYear } : {}),
    ...((f.kind === 'patent_filed' || f.kind === 'patent_granted') && f.patentNumber.trim() ? { patentNumber: f.patentNumber.trim() } : {}),
    ...(f.kind === 'jobs_created' && f.jobsCreated !== '' ? { jobsCreated: f.jobsCreated } : {}),
    ...(f.historical ? { historical: true } : {}),
  };
}

/** A proposal's outcomes (paged in the URL) and recording one (admins, coordinators): prototypes, sales, patents, awards, start-ups, jobs. */
export function OutcomesPanel({ proposalId }: { proposalId: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const staff = canWrite(user?.roles);
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const offset = offsetParam(params);
  const list = useQuery({
    queryKey: ['proposals', 'one', proposalId, 'outcomes', offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (await api.proposals.GET('/v1/proposals/{id}/outcomes', { params: { path: { id: proposalId }, query: { limit: LIMIT, offset } } }))
        .data!,
  });
  const [form, setForm] = useState<Form>(EMPTY);
  const record = useMutation({
    mutationFn: async () =>
      (await api.proposals.POST('/v1/proposals/{id}/outcomes', { params: { path: { id: proposalId } }, body: outcomeBody(form) })).data!,
    onSuccess: async () => {
      setForm(EMPTY);
      await queryClient.invalidateQueries({ queryKey: ['proposals', 'one', proposalId, 'outcomes'] });
    },
  });
  const onRecord = (ev: FormEvent) => {
    ev.preventDefault();
    record.mutate();
  };
  const detail = (o: OutcomeView) =>
    [
      o.amountYen != null ? yen(o.amountYen, i18n.language) : '',
      o.fiscalYear != null && o.kind === 'sale' ? `${o.fiscalYear}${t('common.fiscalYear')}` : '',
      o.patentNumber ?? '',
      o.jobsCreated != null ? `${t('outcomes.jobsCreated')} ${o.jobsCreated}` : '',
      o.historical ? t('outcomes.historical') : '',
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: staff ? 7 : 12 }}>
        <ProblemAlert error={list.error} />
        {list.data && (
          <>
            <Table striped aria-label={t('outcomes.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('outcomes.occurredOn')}</Table.Th>
                  <Table.Th scope="col">{t('outcomes.kind')}</Table.Th>
                  <Table.Th scope="col">{t('outcomes.summary')}</Table.Th>
                  <Table.Th scope="col">{t('outcomes.detail')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>{formatDate(o.occurredOn, i18n.language)}</Table.Td>
                    <Table.Td>{t(`outcomes.kinds.${o.kind}`)}</Table.Td>
                    <Table.Td>{o.summary}</Table.Td>
                    <Table.Td>{detail(o)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {list.data.total === 0 && <Text size="sm">{t('outcomes.none')}</Text>}
            <Pager total={list.data.total} limit={LIMIT} offset={offset} label={t('outcomes.title')} />
          </>
        )}
      </Grid.Col>
      {staff && (
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <form onSubmit={onRecord} aria-labelledby="outcome-title">
              <Stack gap="xs">
                <Title order={3} size="h5" id="outcome-title">
                  {t('outcomes.record')}
                </Title>
                <Select
                  label={t('outcomes.kind')}
                  required
                  allowDeselect={false}
                  value={form.kind}
                  onChange={(v) => setForm({ ...form, kind: (v ?? 'prototype') as Kind })}
                  data={KINDS.map((k) => ({ value: k, label: t(`outcomes.kinds.${k}`) }))}
                />
                <Textarea
                  label={t('outcomes.summary')}
                  required
                  maxLength={500}
                  value={form.summary}
                  onChange={(e) => setForm({ ...form, summary: e.currentTarget.value })}
                  autosize
                  minRows={2}
                />
                <TextInput
                  label={t('outcomes.occurredOn')}
                  type="date"
                  required
                  value={form.occurredOn}
                  onChange={(e) => setForm({ ...form, occurredOn: e.currentTarget.value })}
                />
                {form.kind === 'sale' && (
                  <>
                    <NumberInput
                      label={t('outcomes.amountYen')}
                      min={0}
                      allowDecimal={false}
                      thousandSeparator=","
                      value={form.amountYen}
                      onChange={(v) => setForm({ ...form, amountYen: v === '' ? '' : Number(v) })}
                    />
                    <NumberInput
                      label={t('outcomes.fiscalYear')}
                      min={1900}
                      max={2200}
                      allowDecimal={false}
                      value={form.fiscalYear}
                      onChange={(v) => setForm({ ...form, fiscalYear: v === '' ? '' : Number(v) })}
                    />
                  </>
                )}
                {(form.kind === 'patent_filed' || form.kind === 'patent_granted') && (
                  <TextInput
                    label={t('outcomes.patentNumber')}
                    maxLength={60}
                    value={form.patentNumber}
                    onChange={(e) => setForm({ ...form, patentNumber: e.currentTarget.value })}
                  />
                )}
                {form.kind === 'jobs_created' && (
                  <NumberInput
                    label={t('outcomes.jobsCreated')}
                    required
                    min={1}
                    allowDecimal={false}
                    value={form.jobsCreated}
                    onChange={(v) => setForm({ ...form, jobsCreated: v === '' ? '' : Number(v) })}
                  />
                )}
                <Checkbox
                  label={t('outcomes.historical')}
                  checked={form.historical}
                  onChange={(e) => setForm({ ...form, historical: e.currentTarget.checked })}
                />
                <ProblemAlert error={record.error} />
                {record.isSuccess && (
                  <Text size="sm" role="status">
                    {t('outcomes.saved')}
                  </Text>
                )}
                <Button type="submit" loading={record.isPending}>
                  {t('outcomes.record')}
                </Button>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
      )}
    </Grid>
  );
}
