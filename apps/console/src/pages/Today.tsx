import { Anchor, Badge, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Service } from '../api/client';
import type { ProposalView } from '../api/types';
import { canUse } from '../auth/access';
import { hasRole, useAuth } from '../auth/auth';
import { Loading, ProblemAlert } from '../components/common';
import { formatDate, formatDateTime, localized } from '../format';

const SERVICES: Service[] = ['registry', 'proposals', 'events', 'notifications'];
const WAITING_KINDS = ['intake', 'step', 'screening', 'accepted', 'team', 'paused'];

/** Tokyo's first instant of this month and of the next, as the events service's from/to. */
function thisMonth(now: Date): { from: string; to: string } {
  const tokyo = new Date(now.getTime() + 9 * 3600_000);
  const y = tokyo.getUTCFullYear();
  const m = tokyo.getUTCMonth();
  const iso = (year: number, month: number) => new Date(Date.UTC(year, month, 1) - 9 * 3600_000).toISOString();
  return { from: iso(y, m), to: iso(y, m + 1) };
}

/** What needs the user today: proposals waiting on them, reviews, this month's events, dead letters (admin/coordinator). */
export function TodayPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  // The moment the screen opened: the ages of the proposals are counted from it.
  const [now] = useState(() => Date.now());
  const advisor = hasRole(user, 'advisor') && !hasRole(user, 'admin', 'coordinator');
  const mine = useQuery({
    queryKey: ['proposals', 'today', user?.personId, advisor],
    queryFn: async () =>
      (
        await api.proposals.GET('/v1/proposals', {
          params: { query: { coordinatorId: advisor || hasRole(user, 'viewer') ? undefined : user?.personId, limit: 50 } },
        })
      ).data!,
  });
  const month = thisMonth(new Date());
  const events = useQuery({
    queryKey: ['events', 'today', month.from],
    queryFn: async () => (await api.events.GET('/v1/events', { params: { query: { from: month.from, to: month.to, limit: 20 } } })).data!,
  });
  const deadLetters = useQueries({
    queries: canUse(user?.roles, 'deadLetters')
      ? SERVICES.map((s) => ({
          queryKey: [s, 'dead-letters', 'count'],
          queryFn: async () =>
            (await (api[s] as unknown as typeof api.registry).GET('/v1/dead-letters', { params: { query: { open: true, limit: 1 } } }))
              .data!.total,
        }))
      : [],
  });
  // Waiting on staff: the stages where someone has to act (not those of a decided, selling or closed proposal).
  const open = mine.data?.items.filter((p) => WAITING_KINDS.includes(p.stage.kind)) ?? [];
  const ageDays = (p: ProposalView) => Math.max(0, Math.floor((now - Date.parse(p.updatedAt)) / 86_400_000));
  const byStage = new Map<string, ProposalView[]>();
  for (const p of open)
    byStage.set(localized(p.stage.label, i18n.language), [...(byStage.get(localized(p.stage.label, i18n.language)) ?? []), p]);
  return (
    <>
      <Title order={2} mb="md">
        {t('today.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder component="section" aria-labelledby="today-proposals">
          <Title order={3} size="h4" id="today-proposals" mb="xs">
            {advisor ? t('today.reviews') : t('today.waiting')}
          </Title>
          <ProblemAlert error={mine.error} />
          {mine.isPending && <Loading />}
          <Stack gap="xs">
            {[...byStage.entries()].map(([stage, items]) => (
              <div key={stage}>
                <Text fw={600} size="sm">
                  {stage} ({items.length})
                </Text>
                {[...items]
                  .sort((a, b) => ageDays(b) - ageDays(a))
                  .slice(0, 5)
                  .map((p) => (
                    <Text size="sm" key={p.id}>
                      <Anchor component={Link} to={`/proposals/${p.id}`}>
                        {localized(p.title, i18n.language)}
                      </Anchor>{' '}
                      · {formatDate(p.updatedAt, i18n.language)} ({t('today.age', { n: ageDays(p) })})
                    </Text>
                  ))}
              </div>
            ))}
            {mine.data && open.length === 0 && <Text size="sm">{t('common.none')}</Text>}
          </Stack>
        </Card>
        <Card withBorder component="section" aria-labelledby="today-events">
          <Title order={3} size="h4" id="today-events" mb="xs">
            {t('today.events')}
          </Title>
          <ProblemAlert error={events.error} />
          {events.isPending && <Loading />}
          <Stack gap={4}>
            {events.data?.items.map((e) => (
              <Text size="sm" key={e.id}>
                <Anchor component={Link} to={`/events/${e.id}`}>
                  {localized(e.title, i18n.language)}
                </Anchor>{' '}
                · {formatDateTime(e.startsAt, i18n.language)} · {t('today.seatsLeft', { n: e.seats.free })}
              </Text>
            ))}
            {events.data?.items.length === 0 && <Text size="sm">{t('common.none')}</Text>}
          </Stack>
        </Card>
        {canUse(user?.roles, 'deadLetters') && (
          <Card withBorder component="section" aria-labelledby="today-dead-letters">
            <Title order={3} size="h4" id="today-dead-letters" mb="xs">
              {t('today.deadLetters')}
            </Title>
            <Stack gap={4}>
              {SERVICES.map((s, i) => (
                <Text size="sm" key={s}>
                  <Anchor component={Link} to={`/dead-letters?service=${s}`}>
                    {s}
                  </Anchor>{' '}
                  <Badge variant="filled" color={deadLetters[i]?.data ? 'red.9' : 'gray.8'}>
                    {deadLetters[i]?.data ?? '…'}
                  </Badge>
                </Text>
              ))}
            </Stack>
          </Card>
        )}
      </SimpleGrid>
    </>
  );
}
