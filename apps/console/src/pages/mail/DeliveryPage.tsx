import { Alert, Anchor, Badge, Button, Card, Grid, Group, Table, Tabs, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { components } from '../../api/generated/notifications';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { ifMatch } from '../../components/ifMatch';
import { formatDateTime } from '../../format';
import { MailNav } from './nav';

type Detail = components['schemas']['DeliveryDetailView'];

/** Only failed or ambiguous emails may be sent again (the service refuses the others). */
export const canResend = (d: Pick<Detail, 'status'>) => d.status === 'failed' || d.status === 'ambiguous';

/**
 * One email as the recipient saw it (admin, coordinator): the service's rendered HTML (in a sandbox: no scripts,
 * no requests) and text, with its secret links masked by the service; recipient, attachments, every attempt; resend
 * of a failed or ambiguous one with If-Match.
 */
export function DeliveryPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [view, setView] = useParam('view', 'html');
  const queryClient = useQueryClient();
  const delivery = useQuery({
    queryKey: ['notifications', 'delivery', id],
    queryFn: async () => (await api.notifications.GET('/v1/deliveries/{id}', { params: { path: { id } } })).data!,
  });
  const resend = useMutation({
    mutationFn: async (d: Detail) =>
      (
        await api.notifications.POST('/v1/deliveries/{id}/resend', {
          params: { path: { id: d.id }, header: { 'if-match': ifMatch(d.version) } },
        })
      ).data!,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  if (delivery.isPending) return <Loading />;
  if (delivery.error) return <ProblemAlert error={delivery.error} />;
  const d = delivery.data;
  const stale = resend.error instanceof ApiError && resend.error.status === 412;
  const field = (label: string, value: React.ReactNode) => (
    <>
      <Text component="dt" fw={600} size="sm">
        {label}
      </Text>
      <Text component="dd" size="sm">
        {value}
      </Text>
    </>
  );
  return (
    <>
      <MailNav />
      <Group mb="md">
        <Title order={2}>{d.subject}</Title>
        <Badge variant="filled" color={d.status === 'sent' ? 'teal.9' : d.status === 'failed' ? 'red.9' : 'gray.8'}>
          {d.status}
        </Badge>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <dl>
              {field(t('mail.to'), `${d.recipient.name ?? ''} <${d.recipient.email ?? '—'}>`)}
              {field(t('delivery.recipientRole'), `${d.recipient.role} · ${d.recipient.language} · ${d.recipient.source}`)}
              {field(t('common.kind'), `${d.kind} (${d.category})`)}
              {field(t('mail.sentAt'), formatDateTime(d.sentAt ?? d.createdAt, i18n.language))}
              {field(t('delivery.attempts'), `${d.attempts} / ${t('delivery.resends', { n: d.resends })}`)}
              {field('Message-ID', <code style={{ wordBreak: 'break-all' }}>{d.messageId}</code>)}
              {field(t('delivery.cause'), d.causedBySubject)}
              {d.lastError && field(t('delivery.lastError'), `${d.lastErrorCode ?? ''} ${d.lastError}`)}
              {d.redactedAt && field(t('delivery.redacted'), formatDateTime(d.redactedAt, i18n.language))}
            </dl>
            <Group gap="sm">
              {d.proposalId && (
                <Anchor component={Link} to={`/proposals/${d.proposalId}`} size="sm">
                  {t('delivery.proposal')}
                </Anchor>
              )}
              {d.eventId && (
                <Anchor component={Link} to={`/events/${d.eventId}`} size="sm">
                  {t('delivery.event')}
                </Anchor>
              )}
              {d.recipient.personId && (
                <Anchor component={Link} to={`/mail?personId=${d.recipient.personId}`} size="sm">
                  {t('delivery.othersToPerson')}
                </Anchor>
              )}
            </Group>
          </Card>
          {canResend(d) && (
            <Group mt="md">
              <Button loading={resend.isPending} onClick={() => resend.mutate(d)}>
                {t('delivery.resend')}
              </Button>
            </Group>
          )}
          {stale ? (
            <Alert color="orange" mt="sm" role="alert" title={t('delivery.stale')}>
              <Button
                size="xs"
                onClick={() => {
                  resend.reset();
                  void delivery.refetch();
                }}
              >
                {t('common.reload')}
              </Button>
            </Alert>
          ) : (
            <ProblemAlert error={resend.error} />
          )}
          {resend.data && (
            <Alert color="teal" mt="sm" role="status">
              {t('delivery.resent', { status: resend.data.status })}
            </Alert>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Title order={3} size="h4" mb="xs">
            {t('delivery.asSeen')}
          </Title>
          <Text size="sm" mb="xs">
            {t('delivery.masked')}
          </Text>
          <Tabs value={view} onChange={(v) => setView(v ?? 'html')}>
            <Tabs.List>
              <Tabs.Tab value="html">HTML</Tabs.Tab>
              <Tabs.Tab value="text">{t('delivery.text')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="html" pt="sm">
              <iframe
                title={t('delivery.htmlFrame', { subject: d.subject })}
                sandbox=""
                srcDoc={d.html}
                style={{ width: '100%', height: 520, border: '1px solid #ced4da', background: '#fff' }}
                data-testid="delivery-html"
              />
            </Tabs.Panel>
            <Tabs.Panel value="text" pt="sm">
              <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }} data-testid="delivery-text">
                {d.text}
              </pre>
            </Tabs.Panel>
          </Tabs>
          {d.attachments.length > 0 && (
            <>
              <Title order={3} size="h4" mt="md" mb="xs">
                {t('delivery.attachments')}
              </Title>
              <ul>
                {d.attachments.map((a) => (
                  <li key={a.filename}>
                    <Text size="sm">
                      {a.filename} ({a.contentType}, {a.size} B)
                    </Text>
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.unsubscribeUrl && (
            <Text size="sm" mt="xs">
              {t('delivery.unsubscribe')}: <code>{d.unsubscribeUrl}</code>
            </Text>
          )}
          <Title order={3} size="h4" mt="md" mb="xs">
            {t('delivery.attemptLog')}
          </Title>
          <Table aria-label={t('delivery.attemptLog')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">{t('delivery.outcome')}</Table.Th>
                <Table.Th scope="col">{t('delivery.startedAt')}</Table.Th>
                <Table.Th scope="col">{t('delivery.smtp')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.attemptLog.map((a) => (
                <Table.Tr key={a.attempt}>
                  <Table.Td>{a.attempt}</Table.Td>
                  <Table.Td>{a.outcome}</Table.Td>
                  <Table.Td>{formatDateTime(a.startedAt, i18n.language)}</Table.Td>
                  <Table.Td>{[a.smtpCommand, a.smtpResponse, a.error].filter(Boolean).join(' — ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Grid.Col>
      </Grid>
      <Anchor component={Link} to="/mail" mt="md" display="block">
        ← {t('mail.title')}
      </Anchor>
    </>
  );
}
