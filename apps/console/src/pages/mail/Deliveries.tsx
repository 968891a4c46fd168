import { Anchor, Badge, Group, Select, Table, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, body } from '../../api/client';
import type { Person } from '../../api/types';
import type { components } from '../../api/generated/notifications';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { LookupSelect } from '../../components/LookupSelect';
import { formatDate, formatDateTime, localized } from '../../format';
import { MailNav } from './nav';

type Status = components['schemas']['DeliveryView']['status'];
const STATUSES: Status[] = ['queued', 'sending', 'sent', 'failed', 'ambiguous', 'suppressed'];
const LIMIT = 25;

/** The delivery log (admin, coordinator): search by email, proposal or event; filter by status; paged in the URL. */
export function DeliveriesPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [email, setEmail] = useParam('email');
  const [personId, setPersonId] = useParam('personId');
  const [proposalId, setProposalId] = useParam('proposalId');
  const [eventId, setEventId] = useParam('eventId');
  const [status, setStatus] = useParam('status');
  const offset = offsetParam(params);
  const uuid = (v: string) => (/^[0-9a-f-]{36}$/i.test(v) ? v : undefined);
  const list = useQuery({
    queryKey: ['notifications', 'deliveries', email, personId, proposalId, eventId, status, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.notifications.GET('/v1/deliveries', {
          params: {
            query: {
              email: email || undefined,
              personId: uuid(personId),
              proposalId: uuid(proposalId),
              eventId: uuid(eventId),
              status: (status || undefined) as Status | undefined,
              limit: LIMIT,
              offset,
            },
          },
        })
      ).data!,
  });
  return (
    <>
      <MailNav />
      <Title order={2} mb="md">
        {t('mail.title')}
      </Title>
      <Group mb="md" align="end">
        <TextInput label={t('mail.to')} type="search" value={email} onChange={(e) => setEmail(e.currentTarget.value.trim())} w={240} />
        <LookupSelect
          label={t('delivery.person')}
          value={uuid(personId) ?? ''}
          onChange={setPersonId}
          queryKey="person"
          search={async (q) =>
            (await api.registry.GET('/v1/people', { params: { query: { q, limit: 20 } } })).data!.items.map((p) => ({
              value: p.id,
              label: p.displayName,
            }))
          }
          resolve={async (id) => body<Person>(await api.registry.GET('/v1/people/{id}', { params: { path: { id } } })).displayName}
        />
        <LookupSelect
          label={t('delivery.proposal')}
          value={uuid(proposalId) ?? ''}
          onChange={setProposalId}
          queryKey="proposal"
          search={async (q) =>
            (await api.proposals.GET('/v1/proposals', { params: { query: { q, limit: 20 } } })).data!.items.map((p) => ({
              value: p.id,
              label: `${p.referenceNumber} ${localized(p.title, i18n.language)}`,
            }))
          }
          resolve={async (id) => {
            const p = (await api.proposals.GET('/v1/proposals/{id}', { params: { path: { id } } })).data!;
            return `${p.referenceNumber} ${localized(p.title, i18n.language)}`;
          }}
        />
        <LookupSelect
          label={t('delivery.event')}
          value={uuid(eventId) ?? ''}
          onChange={setEventId}
          queryKey="event"
          search={async (q) =>
            (await api.events.GET('/v1/events', { params: { query: { q, limit: 20 } } })).data!.items.map((e) => ({
              value: e.id,
              label: `${formatDate(e.startsAt, i18n.language)} ${localized(e.title, i18n.language)}`,
            }))
          }
          resolve={async (id) =>
            localized((await api.events.GET('/v1/events/{id}', { params: { path: { id } } })).data!.title, i18n.language)
          }
        />
        <Select
          label={t('common.status')}
          value={status || null}
          onChange={(v) => setStatus(v ?? '')}
          data={STATUSES}
          clearable
          clearButtonProps={{ 'aria-label': t('lookup.clear') }}
          placeholder={t('common.all')}
          w={160}
        />
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.data && (
        <>
          <Table striped aria-label={t('mail.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('mail.sentAt')}</Table.Th>
                <Table.Th scope="col">{t('mail.to')}</Table.Th>
                <Table.Th scope="col">{t('mail.subject')}</Table.Th>
                <Table.Th scope="col">{t('common.kind')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{formatDateTime(d.sentAt ?? d.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>{d.recipient.email}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/mail/deliveries/${d.id}`}>
                      {d.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{d.kind}</Table.Td>
                  <Table.Td>
                    <Badge variant="filled" color={d.status === 'sent' ? 'teal.9' : d.status === 'failed' ? 'red.9' : 'gray.8'}>
                      {d.status}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager total={list.data.total} limit={LIMIT} offset={offset} label={t('mail.title')} />
        </>
      )}
    </>
  );
}
