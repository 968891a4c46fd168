import { Button, Card, Grid, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { canWrite, mayRead } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { formatDateTime } from '../../format';
import './labels';

const LIMIT = 50;

/** Saves a registration's calendar entry (.ics): the route needs the bearer token, so it is fetched, not linked. */
export async function downloadRegistrationIcs(registrationId: string) {
  const result = await api.events.GET('/v1/registrations/{id}/calendar.ics', {
    params: { path: { id: registrationId } },
    parseAs: 'blob',
  });
  const url = URL.createObjectURL(result.data as unknown as Blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `registration-${registrationId}.ics`;
  a.click();
  URL.revokeObjectURL(url);
}

/** Registrations and the waiting list (filter in the URL), seat offers, each one's .ics, and registering a guest. */
export function RegistrationsPanel({ eventId }: { eventId: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [status, setStatus] = useParam('status');
  const offset = offsetParam(params);
  const registrations = useQuery({
    queryKey: ['events', 'one', eventId, 'registrations', status, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.events.GET('/v1/events/{id}/registrations', {
          params: {
            path: { id: eventId },
            query: { status: (status || undefined) as 'waitlisted' | 'offered' | undefined, limit: LIMIT, offset },
          },
        })
      ).data!,
  });
  const [guest, setGuest] = useState({ name: '', email: '' });
  const register = useMutation({
    mutationFn: async () =>
      (
        await api.events.POST('/v1/events/{id}/registrations', {
          params: { path: { id: eventId } },
          body: { guest: { ...guest, language: 'ja', consentToList: false } },
        })
      ).data!,
    onSuccess: async () => {
      setGuest({ name: '', email: '' });
      await queryClient.invalidateQueries({ queryKey: ['events', 'one', eventId] });
    },
  });
  const ics = useMutation({ mutationFn: downloadRegistrationIcs });
  const onRegister = (ev: FormEvent) => {
    ev.preventDefault();
    register.mutate();
  };
  const filters = [
    ['', t('common.all')],
    ['waitlisted', t('events.waitlist')],
    ['offered', t('eventsX.offered')],
  ] as const;
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Group mb="xs">
          {filters.map(([value, label]) => (
            <Button key={value} size="xs" variant={status === value ? 'filled' : 'default'} onClick={() => setStatus(value)}>
              {label}
            </Button>
          ))}
        </Group>
        <ProblemAlert error={registrations.error ?? ics.error} />
        {registrations.data && (
          <>
            <Table striped aria-label={t('events.registrations')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">#</Table.Th>
                  <Table.Th scope="col">{t('events.guestName')}</Table.Th>
                  <Table.Th scope="col">{t('common.status')}</Table.Th>
                  <Table.Th scope="col">{t('events.waitlist')}</Table.Th>
                  <Table.Th scope="col">{t('eventsX.offer')}</Table.Th>
                  <Table.Th scope="col">{t('eventsX.registrationIcs')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {registrations.data.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.queueNumber}</Table.Td>
                    <Table.Td id={`registrant-${r.id}`}>{r.registrant.name}</Table.Td>
                    <Table.Td>{r.status}</Table.Td>
                    <Table.Td>{r.waitlistPosition ?? ''}</Table.Td>
                    <Table.Td>
                      {r.offer
                        ? t('eventsX.offerUntil', { status: r.offer.status, until: formatDateTime(r.offer.expiresAt, i18n.language) })
                        : ''}
                    </Table.Td>
                    <Table.Td>
                      {mayRead(user?.roles, 'registrationCalendar') && r.status !== 'cancelled' && (
                        <Button
                          size="compact-xs"
                          variant="default"
                          aria-describedby={`registrant-${r.id}`}
                          title={t('eventsX.registrationIcsLabel', { n: r.queueNumber })}
                          onClick={() => ics.mutate(r.id)}
                        >
                          .ics
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Pager total={registrations.data.total} limit={LIMIT} offset={offset} label={t('events.registrations')} />
          </>
        )}
      </Grid.Col>
      {canWrite(user?.roles) && (
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
      )}
    </Grid>
  );
}
