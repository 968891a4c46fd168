import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, body } from '../../api/client';
import type { PrivacyRequestView, PrivacyServicePart } from '../../api/types';
import { FileDownload } from '../../components/FileDownload';
import { Loading, ProblemAlert } from '../../components/common';
import { usePersonName } from '../../components/PersonName';
import { formatDateTime, localized } from '../../format';
import { PrivacySubject } from './PrivacyRequestsPage';
import './labels';

/** How often an open request is asked again while services are still to answer. */
const POLL_MS = 3_000;

/** A disclosure download refused in words: who has not answered yet, not a disclosure (409), removed by retention (410). */
function downloadError(t: TFunction, error: unknown): unknown {
  if (error instanceof ApiError && error.status === 410) {
    return new ApiError(410, { ...error.problem, detail: t('privacy.refusals.removed', { days: error.problem['retentionDays'] ?? '—' }) });
  }
  if (!(error instanceof ApiError) || error.status !== 409) return error;
  const pending = (error.problem['pending'] as string[] | undefined) ?? [];
  const detail =
    error.problem.code === 'REGISTRY.PRIVACY_REQUEST_INCOMPLETE'
      ? t('privacy.refusals.incomplete', { pending: pending.map((s) => t(`privacy.services.${s}`)).join('、') })
      : error.problem.code === 'REGISTRY.PRIVACY_REQUEST_NOT_DISCLOSURE'
        ? t('privacy.refusals.notDisclosure')
        : error.problem.detail;
  return new ApiError(409, { ...error.problem, detail });
}

/** One service's answer: what it holds (disclosure), what it did, what it kept and why. */
function ServiceAnswer({ part }: { part: PrivacyServicePart }) {
  const { t, i18n } = useTranslation();
  if (part.status === 'pending') return <Text size="sm">{t('privacy.pending')}</Text>;
  const empty = !part.sections?.length && !part.actions?.length && !part.retained?.length;
  return (
    <>
      <Text size="sm" fw={600}>
        {t('privacy.answeredAt', { at: formatDateTime(part.answeredAt, i18n.language) })}
      </Text>
      {part.sections && part.sections.length > 0 && (
        <>
          <Text size="sm" mt={4}>
            {t('privacy.holds')}
          </Text>
          <List size="sm">
            {part.sections.map((s) => (
              <List.Item key={s.key}>
                {localized(s.title, i18n.language)}: {t('privacy.records', { n: s.records })}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {part.actions && part.actions.length > 0 && (
        <>
          <Text size="sm" mt={4}>
            {t('privacy.did')}
          </Text>
          <List size="sm">
            {part.actions.map((a) => (
              <List.Item key={`${a.what}:${a.action}`}>
                {a.what}: {t(`privacy.actions.${a.action}`)} {t('privacy.records', { n: a.count })}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {part.retained && part.retained.length > 0 && (
        <>
          <Text size="sm" mt={4}>
            {t('privacy.kept')}
          </Text>
          <List size="sm">
            {part.retained.map((r) => (
              <List.Item key={r.what}>
                {r.what}: {t('privacy.records', { n: r.count })} — {t('privacy.keptReason', { reason: localized(r.reason, i18n.language) })}
                {r.until ? ` (${t('privacy.keptUntil', { until: r.until })})` : ''}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {empty && <Text size="sm">{t('privacy.nothing')}</Text>}
    </>
  );
}

/**
 * A privacy request (admin): who, kind, when opened and due, each service's answer (asked again every few seconds
 * while some are pending); a complete disclosure's document downloaded as JSON or HTML; a cessation lifted.
 */
export function PrivacyRequestPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [liftConfirmed, setLiftConfirmed] = useState(false);
  const request = useQuery({
    queryKey: ['registry', 'privacy-request', id],
    queryFn: async () => body<PrivacyRequestView>(await api.registry.GET('/v1/privacy-requests/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && q.state.data.status === 'open' ? POLL_MS : false),
  });
  const personName = usePersonName(request.data?.personId);
  const lift = useMutation({
    mutationFn: async (r: PrivacyRequestView) =>
      body<PrivacyRequestView>(
        await api.registry.POST('/v1/privacy-requests', {
          body: r.personId ? { kind: 'cessation_lifted', personId: r.personId } : { kind: 'cessation_lifted', email: r.email ?? undefined },
        }),
      ),
    onSuccess: (opened) => {
      void queryClient.invalidateQueries({ queryKey: ['registry', 'privacy-requests'] });
      void navigate(`/privacy/${opened.id}`);
    },
  });
  if (request.isPending) return <Loading />;
  if (request.error) return <ProblemAlert error={request.error} />;
  const r = request.data;
  const subject = r.personId ? personName : (r.email ?? '—');
  const disclosure = (format: 'json' | 'html') => async () => {
    try {
      const res = await api.registry.GET('/v1/privacy-requests/{id}/disclosure', {
        params: { path: { id: r.id }, query: { format } },
        parseAs: 'blob',
      });
      return res.data as Blob;
    } catch (err) {
      throw downloadError(t, err);
    }
  };
  const row = (label: string, value: React.ReactNode) => (
    <>
      <Text component="dt" fw={600} size="sm">
        {label}
      </Text>
      <Text component="dd">{value}</Text>
    </>
  );
  return (
    <>
      <Group mb="md">
        <Title order={2}>{t('privacy.requestTitle', { kind: t(`privacy.kinds.${r.kind}`) })}</Title>
        <Badge color={r.status === 'completed' ? 'teal.9' : 'blue.9'} data-testid="privacy-status">
          {t(`privacy.statuses.${r.status}`)}
        </Badge>
        {r.overdue && <Badge color="red.9">{t('privacy.overdue')}</Badge>}
      </Group>
      <Card withBorder mb="md" maw={640}>
        <dl>
          {row(
            t('privacy.subject'),
            <>
              <PrivacySubject request={r} />
              {r.personId && (
                <>
                  {' '}
                  (
                  <Anchor component={Link} to={`/registry/people/${r.personId}`}>
                    {t('privacy.openPerson')}
                  </Anchor>
                  )
                </>
              )}
            </>,
          )}
          {row(t('privacy.openedAt'), formatDateTime(r.openedAt, i18n.language))}
          {row(t('privacy.dueAt'), formatDateTime(r.dueAt, i18n.language))}
          {row(t('privacy.completedAt'), formatDateTime(r.completedAt, i18n.language))}
        </dl>
      </Card>
      {r.status === 'open' && (
        <Alert color="blue" mb="md" role="status">
          {t('privacy.waiting')}
        </Alert>
      )}
      <Title order={3} size="h4" mb="xs">
        {t('privacy.parts')}
      </Title>
      <Table aria-label={t('privacy.parts')} mb="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('privacy.service')}</Table.Th>
            <Table.Th scope="col">{t('privacy.answer')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(r.services ?? []).map((part) => (
            <Table.Tr key={part.service} data-service={part.service} data-status={part.status}>
              <Table.Th scope="row">{t(`privacy.services.${part.service}`)}</Table.Th>
              <Table.Td>
                <ServiceAnswer part={part} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {r.personalDataRemovedAt && (
        <Alert mb="md" maw={640} data-testid="privacy-removed">
          {t('privacy.removedNote')} ({t('privacy.removedAt')}: {formatDateTime(r.personalDataRemovedAt, i18n.language)})
        </Alert>
      )}
      {r.kind === 'disclosure' && r.status === 'completed' && !r.personalDataRemovedAt && (
        <Group mb="md" align="start">
          <FileDownload label={t('privacy.downloadJson')} fileName={`disclosure-${r.id}.json`} fetchFile={disclosure('json')} />
          <FileDownload label={t('privacy.downloadHtml')} fileName={`disclosure-${r.id}.html`} fetchFile={disclosure('html')} />
        </Group>
      )}
      {r.kind === 'cessation' && r.status === 'completed' && (
        <Card withBorder mb="md" maw={640}>
          <Checkbox
            label={t('privacy.liftConfirm', { subject })}
            checked={liftConfirmed}
            onChange={(e) => setLiftConfirmed(e.currentTarget.checked)}
            mb="sm"
          />
          <Button disabled={!liftConfirmed} loading={lift.isPending} onClick={() => lift.mutate(r)}>
            {t('privacy.lift')}
          </Button>
          <ProblemAlert error={lift.error} />
        </Card>
      )}
      <Anchor component={Link} to="/privacy" display="block">
        ← {t('privacy.back')}
      </Anchor>
    </>
  );
}
