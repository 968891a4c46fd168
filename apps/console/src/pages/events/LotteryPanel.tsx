import { Alert, Button, Group, SimpleGrid, Card, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { canWrite, mayRead } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, ProblemAlert } from '../../components/common';
import { formatDateTime } from '../../format';
import './labels';

/**
 * The lottery of an event that admits by lottery: the recorded draw (seed, applicants, order: the first `seats`
 * got a seat, the rest wait in this order), drawing it once registration has closed, and verifying it by re-running.
 */
export function LotteryPanel({ eventId }: { eventId: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const staff = canWrite(user?.roles);
  const queryClient = useQueryClient();
  const [seed, setSeed] = useState('');
  const result = useQuery({
    queryKey: ['events', 'one', eventId, 'lottery'],
    queryFn: async () => {
      try {
        return (await api.events.GET('/v1/events/{id}/lottery', { params: { path: { id: eventId } } })).data!;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
  // Names for the draw order, only for the roles that may read registrations.
  const names = useQuery({
    queryKey: ['events', 'one', eventId, 'registrations', 'names'],
    enabled: mayRead(user?.roles, 'eventRegistrations') && !!result.data,
    queryFn: async () =>
      (await api.events.GET('/v1/events/{id}/registrations', { params: { path: { id: eventId }, query: { limit: 100 } } })).data!,
  });
  const nameOf = (id: string) => names.data?.items.find((r) => r.id === id)?.registrant.name ?? id.slice(0, 8);
  const draw = useMutation({
    mutationFn: async () =>
      (
        await api.events.POST('/v1/events/{id}/lottery', {
          params: { path: { id: eventId } },
          body: seed.trim() ? { seed: seed.trim() } : {},
        })
      ).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events', 'one', eventId] }),
  });
  const verify = useMutation({
    mutationFn: async () => (await api.events.POST('/v1/events/{id}/lottery/verify', { params: { path: { id: eventId } } })).data!,
  });
  const onDraw = (ev: FormEvent) => {
    ev.preventDefault();
    draw.mutate();
  };
  if (result.isPending) return <Loading />;
  const r = result.data;
  return (
    <>
      <ProblemAlert error={result.error ?? draw.error ?? verify.error} />
      {!r && (
        <>
          <Text size="sm" mb="sm">
            {t('lottery.notDrawn')}
          </Text>
          {staff && (
            <form onSubmit={onDraw}>
              <Group align="end">
                <TextInput
                  label={t('lottery.seed')}
                  value={seed}
                  onChange={(e) => setSeed(e.currentTarget.value)}
                  maxLength={200}
                  w={360}
                />
                <Button type="submit" loading={draw.isPending}>
                  {t('lottery.draw')}
                </Button>
              </Group>
            </form>
          )}
        </>
      )}
      {r && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} mb="sm">
            {(
              [
                ['lottery.drawnAt', formatDateTime(r.drawnAt, i18n.language)],
                ['lottery.applicants', r.applicants.length],
                ['lottery.seats', r.seats],
                ['lottery.algorithm', r.algorithm],
              ] as const
            ).map(([label, value]) => (
              <Card key={label} withBorder padding="xs">
                <Text size="xs">{t(label)}</Text>
                <Text fw={700}>{value}</Text>
              </Card>
            ))}
          </SimpleGrid>
          <Text size="sm" mb="xs">
            seed: <code>{r.seed}</code> {r.automatic ? `· ${t('lottery.automatic')}` : ''}
          </Text>
          {staff && (
            <Button mb="sm" variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
              {t('lottery.verify')}
            </Button>
          )}
          {verify.data && (
            <Alert mb="sm" role="status" color={verify.data.matches ? 'green' : 'red'}>
              {verify.data.matches ? t('lottery.matches') : t('lottery.differs')}
            </Alert>
          )}
          <Table striped aria-label={t('lottery.order')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">{t('events.guestName')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.order.map((id, i) => (
                <Table.Tr key={id}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>{nameOf(id)}</Table.Td>
                  <Table.Td>{i < r.seats ? t('lottery.won') : t('lottery.waiting', { n: i - r.seats + 1 })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}
