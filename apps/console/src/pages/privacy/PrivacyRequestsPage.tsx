import { Anchor, Badge, Button, Checkbox, Group, Select, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { components } from '../../api/generated/registry';
import type { PrivacyRequestView, PrivacyService } from '../../api/types';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { PersonName } from '../../components/PersonName';
import { formatDate } from '../../format';
import './labels';

type Kind = components['schemas']['OpenPrivacyRequestDto']['kind'];
export const KINDS: Kind[] = ['disclosure', 'erasure', 'cessation', 'cessation_lifted'];
export const PRIVACY_SERVICES: PrivacyService[] = ['registry', 'proposals', 'events', 'notifications'];
const LIMIT = 25;

/** The services that have answered a request: the registry at once, the others as their answers arrive. */
export const answeredServices = (r: Pick<PrivacyRequestView, 'pending'>) => PRIVACY_SERVICES.filter((s) => !r.pending.includes(s));

/** Who a request is about: the registry person by name, else the guest's email. */
export function PrivacySubject({ request }: { request: Pick<PrivacyRequestView, 'personId' | 'email' | 'subject'> }) {
  if (request.personId) return <PersonName id={request.personId} />;
  return <>{request.email ?? request.subject.emails[0] ?? '—'}</>;
}

/**
 * Privacy requests (admin only, as the registry's routes): filtered by status, kind and overdue, paged, all in the
 * URL; each with who it is about, when it was opened, its status, which services have answered, overdue marked.
 */
export function PrivacyRequestsPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [status, setStatus] = useParam('status');
  const [kind, setKind] = useParam('kind');
  const [overdue, setOverdue] = useParam('overdue');
  const offset = offsetParam(params);
  const list = useQuery({
    queryKey: ['registry', 'privacy-requests', status, kind, overdue, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.registry.GET('/v1/privacy-requests', {
          params: {
            query: {
              status: (status || undefined) as 'open' | 'completed' | undefined,
              kind: (kind || undefined) as Kind | undefined,
              overdue: overdue === 'true' ? 'true' : undefined,
              limit: LIMIT,
              offset,
            },
          },
        })
      ).data!,
  });
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Title order={2}>{t('privacy.title')}</Title>
        <Button component={Link} to="/privacy/new">
          {t('privacy.open')}
        </Button>
      </Group>
      <Text size="sm" mb="md">
        {t('privacy.intro')}
      </Text>
      <Group mb="md" align="end">
        <Select
          label={t('common.status')}
          data={[
            { value: '', label: t('common.all') },
            { value: 'open', label: t('privacy.statuses.open') },
            { value: 'completed', label: t('privacy.statuses.completed') },
          ]}
          value={status}
          onChange={(v) => setStatus(v ?? '')}
          allowDeselect={false}
          w={160}
        />
        <Select
          label={t('privacy.kind')}
          data={[{ value: '', label: t('common.all') }, ...KINDS.map((k) => ({ value: k, label: t(`privacy.kinds.${k}`) }))]}
          value={kind}
          onChange={(v) => setKind(v ?? '')}
          allowDeselect={false}
          w={200}
        />
        <Checkbox
          label={t('privacy.overdueOnly')}
          checked={overdue === 'true'}
          onChange={(e) => setOverdue(e.currentTarget.checked ? 'true' : '')}
          mb={8}
        />
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.data && (
        <>
          <Table aria-label={t('privacy.list')} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('privacy.kind')}</Table.Th>
                <Table.Th scope="col">{t('privacy.subject')}</Table.Th>
                <Table.Th scope="col">{t('privacy.openedAt')}</Table.Th>
                <Table.Th scope="col">{t('privacy.dueAt')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
                <Table.Th scope="col">{t('privacy.answered')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((r) => {
                const answered = answeredServices(r);
                return (
                  <Table.Tr key={r.id} data-request={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/privacy/${r.id}`}>
                        {t(`privacy.kinds.${r.kind}`)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <PrivacySubject request={r} />
                    </Table.Td>
                    <Table.Td>{formatDate(r.openedAt, i18n.language)}</Table.Td>
                    <Table.Td>{formatDate(r.dueAt, i18n.language)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge color={r.status === 'completed' ? 'teal.9' : 'blue.9'}>{t(`privacy.statuses.${r.status}`)}</Badge>
                        {r.overdue && <Badge color="red.9">{t('privacy.overdue')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={answered.map((s) => t(`privacy.services.${s}`)).join('、')}>
                        {t('privacy.answeredOf', { n: answered.length })}: {answered.map((s) => t(`privacy.services.${s}`)).join('、')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Pager total={list.data.total} limit={LIMIT} offset={offset} label={t('privacy.list')} />
        </>
      )}
    </>
  );
}
