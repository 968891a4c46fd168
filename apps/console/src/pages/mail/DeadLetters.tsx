import { Button, Group, Select, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Service } from '../../api/client';
import type { components } from '../../api/generated/registry';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { formatDateTime } from '../../format';

type DeadLetter = components['schemas']['DeadLetterView'];
const SERVICES: Service[] = ['registry', 'proposals', 'events', 'notifications'];

/** The open dead letters of one service (the same kit route in each); retry or dismiss. */
export function DeadLettersPage() {
  const { t, i18n } = useTranslation();
  const [service, setService] = useParam('service', 'notifications');
  const which = (SERVICES.includes(service as Service) ? service : 'notifications') as Service;
  const queryClient = useQueryClient();
  // The four services share the kit's dead-letter routes; the registry's generated client stands for them all.
  const client = api[which] as unknown as typeof api.registry;
  const list = useQuery({
    queryKey: [which, 'dead-letters'],
    queryFn: async () => (await client.GET('/v1/dead-letters', { params: { query: { open: true, limit: 50 } } })).data!,
  });
  const act = useMutation({
    mutationFn: async ({ id, action }: { id: string; action: 'retry' | 'dismiss' }) =>
      action === 'retry'
        ? client.POST('/v1/dead-letters/{id}/retry', { params: { path: { id } } })
        : client.POST('/v1/dead-letters/{id}/dismiss', { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [which, 'dead-letters'] }),
  });
  return (
    <>
      <Title order={2} mb="md">
        {t('mail.deadLetters')}
      </Title>
      <Select
        label={t('mail.service')}
        value={which}
        onChange={(v) => setService(v ?? 'notifications')}
        data={SERVICES}
        allowDeselect={false}
        w={220}
        mb="md"
      />
      <ProblemAlert error={list.error ?? act.error} />
      {list.isPending && <Loading />}
      {list.data && (
        <>
          <Text size="sm" mb="xs" aria-live="polite">
            {list.data.total === 0 ? t('common.none') : `${list.data.total}`}
          </Text>
          <Table striped aria-label={t('mail.deadLetters')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.date')}</Table.Th>
                <Table.Th scope="col">{t('mail.consumer')}</Table.Th>
                <Table.Th scope="col">subject</Table.Th>
                <Table.Th scope="col">{t('common.error')}</Table.Th>
                <Table.Th scope="col">
                  <span className="skip-link">actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((d: DeadLetter) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{formatDateTime(d.parkedAt, i18n.language)}</Table.Td>
                  <Table.Td>{d.consumer}</Table.Td>
                  <Table.Td>{d.subject}</Table.Td>
                  <Table.Td>{d.error}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Button size="xs" onClick={() => act.mutate({ id: d.id, action: 'retry' })}>
                        {t('mail.retry')}
                      </Button>
                      <Button size="xs" variant="default" onClick={() => act.mutate({ id: d.id, action: 'dismiss' })}>
                        {t('mail.dismiss')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}
