import { Button, Card, Grid, Group, MultiSelect, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { components } from '../../api/generated/events';
import { canWrite, mayRead } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { formatDate } from '../../format';
import './labels';

type CreateFollowUp = components['schemas']['CreateFollowUpDto'];
type FollowUpKind = CreateFollowUp['kind'];
type FollowUpStatus = 'open' | 'done' | 'dropped';
const KINDS: FollowUpKind[] = ['meeting', 'site_visit', 'joint_research', 'proposal', 'other'];
const STATUSES: FollowUpStatus[] = ['open', 'done', 'dropped'];
const LIMIT = 20;

/** What happened after the event between registrants: the follow-ups (status filter and paging in the URL), recording one, closing one. */
export function FollowUpsPanel({ eventId }: { eventId: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const staff = canWrite(user?.roles);
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [status, setStatus] = useParam('followUpStatus');
  const offset = offsetParam(params);
  const list = useQuery({
    queryKey: ['events', 'one', eventId, 'follow-ups', status, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.events.GET('/v1/events/{id}/follow-ups', {
          params: { path: { id: eventId }, query: { status: (status || undefined) as FollowUpStatus | undefined, limit: LIMIT, offset } },
        })
      ).data!,
  });
  // The people a follow-up can name: the event's registrations (admins and coordinators read them).
  const people = useQuery({
    queryKey: ['events', 'one', eventId, 'registrations', 'names'],
    enabled: mayRead(user?.roles, 'eventRegistrations'),
    queryFn: async () =>
      (await api.events.GET('/v1/events/{id}/registrations', { params: { path: { id: eventId }, query: { limit: 100 } } })).data!,
  });
  const nameOf = (id: string) => people.data?.items.find((r) => r.id === id)?.registrant.name ?? id.slice(0, 8);
  const [form, setForm] = useState<{ kind: FollowUpKind; note: string; dueOn: string; registrationIds: string[] }>({
    kind: 'meeting',
    note: '',
    dueOn: '',
    registrationIds: [],
  });
  const create = useMutation({
    mutationFn: async () =>
      (
        await api.events.POST('/v1/events/{id}/follow-ups', {
          params: { path: { id: eventId } },
          body: { kind: form.kind, note: form.note, registrationIds: form.registrationIds, ...(form.dueOn ? { dueOn: form.dueOn } : {}) },
        })
      ).data!,
    onSuccess: async () => {
      setForm({ kind: 'meeting', note: '', dueOn: '', registrationIds: [] });
      await queryClient.invalidateQueries({ queryKey: ['events', 'one', eventId, 'follow-ups'] });
    },
  });
  const close = useMutation({
    mutationFn: async ({ id, version }: { id: string; version: number }) =>
      (
        await api.events.PATCH('/v1/follow-ups/{id}', {
          params: { path: { id }, header: { 'if-match': `"${version}"` } },
          body: { status: 'done' },
        })
      ).data!,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['events', 'one', eventId, 'follow-ups'] }),
  });
  const onCreate = (ev: FormEvent) => {
    ev.preventDefault();
    create.mutate();
  };
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: staff ? 8 : 12 }}>
        <Group mb="xs">
          {(['', ...STATUSES] as const).map((s) => (
            <Button key={s} size="xs" variant={status === s ? 'filled' : 'default'} onClick={() => setStatus(s)}>
              {s ? t(`followUps.statuses.${s}`) : t('common.all')}
            </Button>
          ))}
        </Group>
        <ProblemAlert error={list.error ?? close.error} />
        {list.data && (
          <>
            <Table striped aria-label={t('eventsX.followUps')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('followUps.kind')}</Table.Th>
                  <Table.Th scope="col">{t('followUps.note')}</Table.Th>
                  <Table.Th scope="col">{t('followUps.participants')}</Table.Th>
                  <Table.Th scope="col">{t('followUps.dueOn')}</Table.Th>
                  <Table.Th scope="col">{t('common.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{t(`followUps.kinds.${f.kind}`, { defaultValue: f.kind })}</Table.Td>
                    <Table.Td>{f.note}</Table.Td>
                    <Table.Td>{f.registrationIds.map(nameOf).join('、')}</Table.Td>
                    <Table.Td>{formatDate(f.dueOn, i18n.language)}</Table.Td>
                    <Table.Td>
                      {t(`followUps.statuses.${f.status}`, { defaultValue: f.status })}
                      {staff && f.status === 'open' && (
                        <Button ml="xs" size="compact-xs" variant="default" onClick={() => close.mutate({ id: f.id, version: f.version })}>
                          {t('followUps.markDone')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {list.data.total === 0 && <Text size="sm">{t('followUps.none')}</Text>}
            <Pager total={list.data.total} limit={LIMIT} offset={offset} label={t('eventsX.followUps')} />
          </>
        )}
      </Grid.Col>
      {staff && (
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <form onSubmit={onCreate} aria-labelledby="follow-up-title">
              <Stack gap="xs">
                <Title order={3} size="h5" id="follow-up-title">
                  {t('followUps.add')}
                </Title>
                <Select
                  label={t('followUps.kind')}
                  required
                  value={form.kind}
                  onChange={(v) => setForm({ ...form, kind: (v ?? 'meeting') as FollowUpKind })}
                  data={KINDS.map((k) => ({ value: k, label: t(`followUps.kinds.${k}`) }))}
                  allowDeselect={false}
                />
                <MultiSelect
                  label={t('followUps.participants')}
                  required
                  searchable
                  value={form.registrationIds}
                  onChange={(v) => setForm({ ...form, registrationIds: v })}
                  data={(people.data?.items ?? [])
                    .filter((r) => r.status !== 'cancelled')
                    .map((r) => ({ value: r.id, label: r.registrant.name }))}
                  maxValues={20}
                />
                <Textarea
                  label={t('followUps.note')}
                  required
                  value={form.note}
                  onChange={(e) => setForm({ ...form, note: e.currentTarget.value })}
                  maxLength={2000}
                  autosize
                  minRows={2}
                />
                <TextInput
                  label={t('followUps.dueOn')}
                  type="date"
                  value={form.dueOn}
                  onChange={(e) => setForm({ ...form, dueOn: e.currentTarget.value })}
                />
                <ProblemAlert error={create.error} />
                {create.isSuccess && (
                  <Text size="sm" role="status">
                    {t('followUps.saved')}
                  </Text>
                )}
                <Button type="submit" loading={create.isPending}>
                  {t('followUps.add')}
                </Button>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
      )}
    </Grid>
  );
}
