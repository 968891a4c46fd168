import { Anchor, Badge, Button, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../../api/generated/events';
import { localized } from '../../format';
import { byTokyoDay, monthGrid } from './month';
import './labels';

type EventView = components['schemas']['EventView'];

/**
 * A month of events as a wall calendar (Sunday first), each event a link on the Tokyo day it starts. A plain table
 * with a caption and weekday headers: screen readers announce the day of each link, Tab walks the events.
 */
export function EventCalendar({
  year,
  month,
  events,
  onMonth,
  onThisMonth,
}: {
  year: number;
  month: number;
  events: readonly EventView[];
  onMonth: (delta: number) => void;
  onThisMonth: () => void;
}) {
  const { t, i18n } = useTranslation();
  const weekdays = t('eventsX.weekdays', { returnObjects: true }) as string[];
  const days = byTokyoDay(events);
  const title = t('eventsX.month', { year, month });
  return (
    <section aria-labelledby="calendar-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="calendar-title">
          {title}
        </Title>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => onMonth(-1)}>
            {t('eventsX.previousMonth')}
          </Button>
          <Button size="xs" variant="default" onClick={onThisMonth}>
            {t('eventsX.thisMonth')}
          </Button>
          <Button size="xs" variant="default" onClick={() => onMonth(1)}>
            {t('eventsX.nextMonth')}
          </Button>
        </Group>
      </Group>
      <table className="month-calendar" data-testid="event-calendar">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {weekdays.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthGrid(year, month).map((week) => (
            <tr key={week[0]!.date}>
              {week.map((cell) => {
                const list = cell.inMonth ? (days.get(cell.date) ?? []) : [];
                return (
                  <td key={cell.date} data-date={cell.date} className={cell.inMonth ? undefined : 'outside'}>
                    <Text size="xs" fw={700} component="div" aria-hidden={!cell.inMonth}>
                      {cell.day}
                    </Text>
                    {list.length > 0 && (
                      <ul aria-label={cell.date}>
                        {list.map((e) => (
                          <li key={e.id}>
                            <Anchor component={Link} to={`/events/${e.id}`} size="xs">
                              {new Intl.DateTimeFormat(i18n.language.startsWith('en') ? 'en-GB' : 'ja-JP', {
                                timeZone: 'Asia/Tokyo',
                                hour: '2-digit',
                                minute: '2-digit',
                              }).format(new Date(e.startsAt))}{' '}
                              {localized(e.title, i18n.language)}
                            </Anchor>{' '}
                            {e.seats.free === 0 && (
                              <Badge size="xs" variant="filled" color="red.9">
                                {t('events.waitlist')}
                              </Badge>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
