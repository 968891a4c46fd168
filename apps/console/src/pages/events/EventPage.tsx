import { Badge, Button, Card, Grid, Group, NumberInput, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { canWrite } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { formatDateTime, localized } from '../../format';

const LIMIT = 50;

/** An event: capacity and seats, registrations and the waiting list, registering a guest, the seating plan. */
export function EventPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const staff = canWrite(user?.roles);
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [tab, setTab] = useParam('tab', 'registrations');
  const [status, setStatus] = useParam('status');
  const offset = offsetParam(params);
  const event = useQuery({
    queryKey: ['events', 'one', id],
    queryFn: async () => (await api.events.GET('/v1/events/{id}', { params: { path: { id } } })).data!,
  });
  const registrations = useQuery({
    queryKey: ['events', 'one', id, 'registrations', status, offset],
    enabled: staff && tab === 'registrations',
    queryFn: async () =>
      (
        await api.events.GET('/v1/events/{id}/registrations', {
          params: {
            path: { id },
            query: { status: (status || undefined) as 'waitlisted' | undefined, limit: LIMIT, offset },
          },
        })
      ).data!,
  });
  const seating = useQuery({
    queryKey: ['events', 'one', id, 'seating'],
    enabled: staff && tab === 'seating',
    retry: false,
    queryFn: async () => {
      try {
        return (await api.events.GET('/v1/events/{id}/seating', { params: { path: { id } } })).data!;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
  const [guest, setGuest] = useState({ name: '', email: '' });
  const register = useMutation({
    mutationFn: async () =>
      (
        await api.events.POST('/v1/events/{id}/registrations', {
          params: { path: { id } },
          body: { guest: { ...guest, language: 'ja', consentToList: false } },
        })
      ).data!,
    onSuccess: async () => {
      setGuest({ name: '', email: '' });
      await queryClient.invalidateQueries({ queryKey: ['events', 'one', id] });
    },
  });
  const [tableSize, setTableSize] = useState<number>(8);
  const plan = useMutation({
    mutationFn: async () =>
      (await api.events.POST('/v1/events/{id}/seating', { params: { path: { id } }, body: { tableSize, hostsPerTable: 0 } })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events', 'one', id, 'seating'] }),
  });

  if (event.isPending) return <Loading />;
  if (event.error) return <ProblemAlert error={event.error} />;
  const e = event.data;
  const onRegister = (ev: FormEvent) => {
    ev.preventDefault();
    register.mutate();
  };
  return (
    <>
      <Group mb="xs">
        <Title order={2}>{localized(e.title, i18n.language)}</Title>
        <Badge variant="filled" color="blue.9">
          {e.status}
        </Badge>
      </Group>
      <Text size="sm" mb="md">
        {formatDateTime(e.startsAt, i18n.language)} · {localized(e.venue?.name, i18n.language)}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 5 }} mb="md">
        {(
          [
            ['events.capacity', e.capacity],
            ['events.registrations', e.seats.held],
            ['events.waitlist', e.seats.waitlisted],
            ['today.seatsLeft', e.seats.free],
          ] as const
        ).map(([label, n]) => (
          <Card key={label} withBorder padding="xs">
            <Text size="xs">{label === 'today.seatsLeft' ? t(label, { n }) : t(label)}</Text>
            <Text fw={700} size="xl" data-testid={`count-${label}`}>
              {n}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {!staff ? null : (
        <Tabs value={tab} onChange={(v) => setTab(v ?? 'registrations')}>
          <Tabs.List>
            <Tabs.Tab value="registrations">{t('events.registrations')}</Tabs.Tab>
            <Tabs.Tab value="seating">{t('events.seating')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="registrations" pt="sm">
            <Grid>
              <Grid.Col span={{ base: 12, md: 8 }}>
                <Group mb="xs">
                  <Button size="xs" variant={status === '' ? 'filled' : 'default'} onClick={() => setStatus('')}>
                    {t('common.all')}
                  </Button>
                  <Button size="xs" variant={status === 'waitlisted' ? 'filled' : 'default'} onClick={() => setStatus('waitlisted')}>
                    {t('events.waitlist')}
                  </Button>
                </Group>
                <ProblemAlert error={registrations.error} />
                {registrations.data && (
                  <>
                    <Table striped aria-label={t('events.registrations')}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th scope="col">#</Table.Th>
                          <Table.Th scope="col">{t('events.guestName')}</Table.Th>
                          <Table.Th scope="col">{t('common.status')}</Table.Th>
                          <Table.Th scope="col">{t('events.waitlist')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {registrations.data.items.map((r) => (
                          <Table.Tr key={r.id}>
                            <Table.Td>{r.queueNumber}</Table.Td>
                            <Table.Td>{r.registrant.name}</Table.Td>
                            <Table.Td>{r.status}</Table.Td>
                            <Table.Td>{r.waitlistPosition ?? ''}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                    <Pager total={registrations.data.total} limit={LIMIT} offset={offset} label={t('events.registrations')} />
                  </>
                )}
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <Card withBorder>
                  <form onSubmit={onRegister} aria-labelledby="guest-title">
                    <Stack gap="xs">
                      <Title order={3} size="h5" id="guest-title">
                        {t('events.registerGuest')}
                      </Title>
                      <TextInput
                        label={t('events.guestName')}
                        required
                        value={guest.name}
                        onChange={(ev) => setGuest({ ...guest, name: ev.currentTarget.value })}
                      />
                      <TextInput
                        label={t('events.guestEmail')}
                        type="email"
                        required
                        value={guest.email}
                        onChange={(ev) => setGuest({ ...guest, email: ev.currentTarget.value })}
                      />
                      <ProblemAlert error={register.error} />
                      {register.data && (
                        <Text size="sm" role="status">
                          {register.data.registrant.name}: {register.data.status}
                          {register.data.waitlistPosition ? ` (${t('events.waitlist')} ${register.data.waitlistPosition})` : ''}
                        </Text>
                      )}
                      <Button type="submit" loading={register.isPending}>
                        {t('events.register')}
                      </Button>
                    </Stack>
                  </form>
                </Card>
              </Grid.Col>
            </Grid>
          </Tabs.Panel>
          <Tabs.Panel value="seating" pt="sm">
            <Group mb="sm" align="end">
              <NumberInput label="tableSize" value={tableSize} onChange={(v) => setTableSize(Number(v) || 8)} min={2} max={20} w={120} />
              <Button onClick={() => plan.mutate()} loading={plan.isPending}>
                {t('events.drawSeating')}
              </Button>
            </Group>
            <ProblemAlert error={plan.error ?? seating.error} />
            {seating.data && (
              <div className="seating">
                {seating.data.tables.map((table) => (
                  <Card key={table.table} withBorder padding="xs" component="section" aria-label={t('events.table', { n: table.table })}>
                    <Title order={3} size="h6">
                      {t('events.table', { n: table.table })}
                    </Title>
                    <ul style={{ margin: 0, paddingLeft: '1rem' }}>
                      {table.seats.map((s) => (
                        <li key={s.registrationId}>
                          <Text size="xs">
                            {s.name} · {s.organizationName}
                          </Text>
                        </li>
                      ))}
                    </ul>
                  </Card>
                ))}
              </div>
            )}
          </Tabs.Panel>
        </Tabs>
      )}
    </>
  );
}
