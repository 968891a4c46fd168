import { Badge, Button, Card, Group, SimpleGrid, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { canWrite, mayRead, type Part } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { formatDateTime, localized } from '../../format';
import { AttendeesPanel } from './AttendeesPanel';
import { FollowUpsPanel } from './FollowUpsPanel';
import { LotteryPanel } from './LotteryPanel';
import { RegistrationsPanel } from './RegistrationsPanel';
import { SeatingPanel } from './SeatingPanel';
import './events.css';
import './labels';

type Tab = 'registrations' | 'lottery' | 'seating' | 'followUps' | 'attendees';
const TABS: { tab: Tab; part: Part; label: string }[] = [
  { tab: 'registrations', part: 'eventRegistrations', label: 'events.registrations' },
  { tab: 'lottery', part: 'eventLottery', label: 'eventsX.lottery' },
  { tab: 'seating', part: 'eventSeating', label: 'events.seating' },
  { tab: 'followUps', part: 'eventFollowUps', label: 'eventsX.followUps' },
  { tab: 'attendees', part: 'eventAttendeeList', label: 'eventsX.attendees' },
];

/**
 * An event: capacity and seats; tabs (in the URL) for registrations and the waiting list with offers, the lottery,
 * the seating plan, follow-ups and the attendee list, each shown only to the roles that may read it; the check-in
 * screen for admins and coordinators.
 */
export function EventPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const event = useQuery({
    queryKey: ['events', 'one', id],
    queryFn: async () => (await api.events.GET('/v1/events/{id}', { params: { path: { id } } })).data!,
  });
  const tabs = TABS.filter((x) => mayRead(user?.roles, x.part) && (x.tab !== 'lottery' || event.data?.admission === 'lottery'));
  const [tab, setTab] = useParam('tab', tabs[0]?.tab ?? 'registrations');

  if (event.isPending) return <Loading />;
  if (event.error) return <ProblemAlert error={event.error} />;
  const e = event.data;
  const active = tabs.some((x) => x.tab === tab) ? tab : tabs[0]?.tab;
  return (
    <>
      <Group mb="xs">
        <Title order={2}>{localized(e.title, i18n.language)}</Title>
        <Badge variant="filled" color="blue.9">
          {e.status}
        </Badge>
        <Badge variant="outline" color="blue.9">
          {t(`eventsX.admission.${e.admission}`)}
        </Badge>
      </Group>
      <Group mb="md" justify="space-between">
        <Text size="sm">
          {formatDateTime(e.startsAt, i18n.language)} · {localized(e.venue?.name, i18n.language)}
        </Text>
        {canWrite(user?.roles) && (
          <Button component={Link} to={`/events/${id}/check-in`} variant="default" size="xs">
            {t('eventsX.checkIn')}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} mb="md">
        {(
          [
            ['events.capacity', e.capacity],
            ['events.registrations', e.seats.held],
            ['events.waitlist', e.seats.waitlisted],
            ['eventsX.offered', e.seats.offered],
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
      {active && (
        <Tabs value={active} onChange={(v) => setTab(v ?? tabs[0]!.tab)} keepMounted={false}>
          <Tabs.List>
            {tabs.map((x) => (
              <Tabs.Tab key={x.tab} value={x.tab}>
                {t(x.label)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="registrations" pt="sm">
            <RegistrationsPanel eventId={id} />
          </Tabs.Panel>
          <Tabs.Panel value="lottery" pt="sm">
            <LotteryPanel eventId={id} />
          </Tabs.Panel>
          <Tabs.Panel value="seating" pt="sm">
            <SeatingPanel eventId={id} />
          </Tabs.Panel>
          <Tabs.Panel value="followUps" pt="sm">
            <FollowUpsPanel eventId={id} />
          </Tabs.Panel>
          <Tabs.Panel value="attendees" pt="sm">
            <AttendeesPanel eventId={id} />
          </Tabs.Panel>
        </Tabs>
      )}
    </>
  );
}
