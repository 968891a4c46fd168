import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Loading, ProblemAlert } from '../../components/common';
import './labels';

/** The attendee list to share with attendees: only those who consented to be listed; how many were left out. */
export function AttendeesPanel({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['events', 'one', eventId, 'attendee-list'],
    queryFn: async () => (await api.events.GET('/v1/events/{id}/attendee-list', { params: { path: { id: eventId } } })).data!,
  });
  if (list.isPending) return <Loading />;
  if (list.error) return <ProblemAlert error={list.error} />;
  return (
    <>
      <Table striped aria-label={t('attendees.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">#</Table.Th>
            <Table.Th scope="col">{t('events.guestName')}</Table.Th>
            <Table.Th scope="col">{t('attendees.organization')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.listed.map((a, i) => (
            <Table.Tr key={`${i}-${a.name}`}>
              <Table.Td>{i + 1}</Table.Td>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{a.organizationName ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data.listed.length === 0 && <Text size="sm">{t('common.none')}</Text>}
      <Text size="sm" mt="xs" data-testid="attendees-withheld">
        {t('attendees.withheld', { n: list.data.withheld })}
      </Text>
    </>
  );
}
