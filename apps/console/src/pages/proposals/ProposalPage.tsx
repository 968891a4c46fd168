import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Table, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, body } from '../../api/client';
import type { ProposalView, TransitionRecord } from '../../api/types';
import { canWrite, mayRead } from '../../auth/access';
import { hasRole, useAuth } from '../../auth/auth';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { formatDate, formatDateTime, localized } from '../../format';
import { AssignmentsPanel } from './AssignmentsPanel';
import { OutcomesPanel } from './OutcomesPanel';
import { ReviewForm } from './ReviewForm';
import { TeamPanel } from './TeamPanel';
import type { TFunction } from 'i18next';
import type { Problem } from '../../api/client';
import './labels';

interface Loaded {
  proposal: ProposalView;
  etag: string;
}

type StageRef = { code: string; label?: unknown };

/**
 * A refused move (409) in words: the service's code read into a sentence in the user's language (the English
 * detail when the code is not one the console knows), and the stages the proposal may move to.
 */
export function refusalText(t: TFunction, language: string, problem: Problem, fallbackAllowed: readonly StageRef[]) {
  const stage = (s: unknown) => (!s ? '—' : typeof s === 'string' ? s : localized((s as StageRef).label, language) || (s as StageRef).code);
  const detail =
    problem.code === 'PROPOSALS.NOT_ENOUGH_REVIEWS'
      ? t('refusals.notEnoughReviews', { required: problem['required'], completed: problem['completed'] })
      : problem.code === 'PROPOSALS.TEAM_REQUIRED'
        ? t('refusals.teamRequired')
        : problem.code === 'PROPOSALS.TRANSITION_NOT_ALLOWED'
          ? t('refusals.notAllowed', { from: stage(problem['from']), to: String(problem['requested'] ?? '') })
          : (problem.detail ?? '');
  const allowed = ((problem['allowed'] as unknown[] | undefined) ?? fallbackAllowed).map(stage);
  return t('proposals.conflict', { detail, allowed: allowed.join('、') || '—' });
}

/**
 * A proposal: its facts, history, the allowed next stages as buttons (If-Match; 412 and 409 in words), its reviews;
 * tabs (in the URL) for the reviewer assignments and review summary, the support team, and the outcomes.
 */
export function ProposalPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [reviewSubmitted, setReviewSubmitted] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'stale' | 'refused'; text: string }>();
  const [tab, setTab] = useParam('tab', 'overview');

  const loaded = useQuery({
    queryKey: ['proposals', 'one', id],
    queryFn: async (): Promise<Loaded> => {
      const result = await api.proposals.GET('/v1/proposals/{id}', { params: { path: { id } } });
      const proposal = body<ProposalView>(result);
      return { proposal, etag: result.response.headers.get('etag') ?? `"${proposal.version}"` };
    },
  });
  const history = useQuery({
    queryKey: ['proposals', 'one', id, 'transitions'],
    enabled: loaded.isSuccess,
    queryFn: async () =>
      (await api.proposals.GET('/v1/proposals/{id}/transitions', { params: { path: { id }, query: { limit: 100 } } })).data!,
  });
  const reviews = useQuery({
    queryKey: ['proposals', 'one', id, 'reviews'],
    enabled: loaded.isSuccess && hasRole(user, 'admin', 'coordinator', 'advisor'),
    queryFn: async () => (await api.proposals.GET('/v1/proposals/{id}/reviews', { params: { path: { id }, query: { limit: 100 } } })).data!,
  });

  const move = useMutation({
    mutationFn: async ({ to, etag }: { to: string; etag: string }) =>
      api.proposals.POST('/v1/proposals/{id}/transitions', {
        params: { path: { id }, header: { 'if-match': etag } },
        body: { to, reason },
      }),
    onSuccess: async (_r, { to }) => {
      const label = loaded.data?.proposal.allowedNextStages.find((s) => s.code === to)?.label;
      setMessage({ kind: 'ok', text: t('proposals.moved', { stage: localized(label, i18n.language) || to }) });
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['proposals'] });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 412) {
        const before = loaded.data?.proposal;
        const fresh = await queryClient.fetchQuery({
          queryKey: ['proposals', 'one', id],
          queryFn: async (): Promise<Loaded> => {
            const result = await api.proposals.GET('/v1/proposals/{id}', { params: { path: { id } } });
            const proposal = body<ProposalView>(result);
            return { proposal, etag: result.response.headers.get('etag') ?? `"${proposal.version}"` };
          },
          staleTime: 0,
        });
        const changed = before ? changedFields(before, fresh.proposal) : [];
        setMessage({
          kind: 'stale',
          text: `${t('proposals.stale')}${changed.length ? ` ${t('proposals.changed', { fields: changed.join(', ') })}` : ''}`,
        });
      } else if (err instanceof ApiError && err.status === 409) {
        setMessage({
          kind: 'refused',
          text: refusalText(t, i18n.language, err.problem, loaded.data?.proposal.allowedNextStages ?? []),
        });
      }
    },
  });

  if (loaded.isPending) return <Loading />;
  if (loaded.error) {
    if (loaded.error instanceof ApiError && loaded.error.status === 404)
      return (
        <Alert color="red" role="alert" title="404">
          {t('proposals.notFound')}
        </Alert>
      );
    return <ProblemAlert error={loaded.error} />;
  }
  const { proposal: p, etag } = loaded.data;
  const submit = (to: string) => {
    if (!reason.trim()) {
      setReasonError(t('proposals.reasonRequired'));
      return;
    }
    setReasonError(undefined);
    setMessage(undefined);
    move.mutate({ to, etag });
  };
  const stageLabel = (s: TransitionRecord['to'] | TransitionRecord['from']) => (!s ? '—' : localized(s.label, i18n.language) || s.code);
  const iAmAdvisor = hasRole(user, 'advisor');
  const myReview = reviews.data?.items.find((r) => r.advisorId === user?.personId);

  return (
    <>
      <Group mb="xs">
        <Title order={2}>{localized(p.title, i18n.language)}</Title>
        <Badge size="lg" variant="filled" color="blue.9">
          {localized(p.stage.label, i18n.language)}
        </Badge>
      </Group>
      <Text size="sm" mb="md">
        {p.referenceNumber} · {localized(p.programme.name, i18n.language)} · {t('common.fiscalYear')} {p.fiscalYear} ·{' '}
        {p.proposingOrganization ? (
          <Anchor component={Link} to={`/registry/organizations/${p.proposingOrganization.id}`}>
            {p.proposingOrganization.name}
          </Anchor>
        ) : null}
      </Text>
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'overview')} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="overview">{t('proposalTabs.overview')}</Tabs.Tab>
          {mayRead(user?.roles, 'proposalAssignments') && <Tabs.Tab value="reviews">{t('proposalTabs.reviews')}</Tabs.Tab>}
          {mayRead(user?.roles, 'proposalTeam') && <Tabs.Tab value="team">{t('proposalTabs.team')}</Tabs.Tab>}
          {mayRead(user?.roles, 'proposalOutcomes') && <Tabs.Tab value="outcomes">{t('proposalTabs.outcomes')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="reviews">
          <AssignmentsPanel proposalId={id} />
        </Tabs.Panel>
        <Tabs.Panel value="team">
          <TeamPanel proposalId={id} />
        </Tabs.Panel>
        <Tabs.Panel value="outcomes">
          <OutcomesPanel proposalId={id} />
        </Tabs.Panel>
        <Tabs.Panel value="overview">
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Card withBorder mb="md">
                <Title order={3} size="h5">
                  {t('proposals.summary')}
                </Title>
                <Text size="sm">{localized(p.summary, i18n.language)}</Text>
                <Text size="xs" mt="xs">
                  {formatDate(p.broughtInOn, i18n.language)}
                </Text>
              </Card>
              {canWrite(user?.roles) && (
                <Card withBorder mb="md">
                  <Title order={3} size="h5" mb="xs">
                    {t('proposals.nextStages')}
                  </Title>
                  {message && (
                    <Alert
                      mb="sm"
                      role={message.kind === 'ok' ? 'status' : 'alert'}
                      color={message.kind === 'ok' ? 'green' : message.kind === 'stale' ? 'yellow' : 'red'}
                    >
                      {message.text}
                      {message.kind === 'stale' && (
                        <Button ml="sm" size="xs" variant="default" onClick={() => setMessage(undefined)}>
                          {t('common.reload')}
                        </Button>
                      )}
                    </Alert>
                  )}
                  <Textarea
                    label={t('proposals.reason')}
                    required
                    value={reason}
                    error={reasonError}
                    onChange={(e) => {
                      setReason(e.currentTarget.value);
                      if (e.currentTarget.value.trim()) setReasonError(undefined);
                    }}
                    autosize
                    minRows={2}
                    mb="sm"
                  />
                  <Group>
                    {p.allowedNextStages.length === 0 && <Text size="sm">—</Text>}
                    {p.allowedNextStages.map((s) => (
                      <Button key={s.code} onClick={() => submit(s.code)} loading={move.isPending && move.variables?.to === s.code}>
                        → {localized(s.label, i18n.language)}
                      </Button>
                    ))}
                  </Group>
                  {move.error && !(move.error instanceof ApiError && [409, 412].includes(move.error.status)) && (
                    <ProblemAlert error={move.error} />
                  )}
                </Card>
              )}
              <Title order={3} size="h5" mb="xs">
                {t('proposals.history')}
              </Title>
              <ProblemAlert error={history.error} />
              <Table aria-label={t('proposals.history')}>
                <Table.Tbody>
                  {history.data?.items.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td>{formatDateTime(h.effectiveAt, i18n.language)}</Table.Td>
                      <Table.Td>
                        {stageLabel(h.from)} → {stageLabel(h.to)}
                      </Table.Td>
                      <Table.Td>{h.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              {reviews.data && (
                <Stack>
                  <Title order={3} size="h5">
                    {t('proposals.reviews')} ({reviews.data.total})
                  </Title>
                  {reviews.data.items.map((r) => (
                    <Card key={r.id} withBorder padding="xs">
                      <Text size="sm">
                        {t('proposals.total', { total: r.total, max: r.maxTotal })} ·{' '}
                        {t(`proposals.recommendations.${r.recommendation}`, { defaultValue: r.recommendation })}
                        {r.failed && (
                          <Badge ml="xs" color="red.9" variant="filled">
                            fail
                          </Badge>
                        )}
                      </Text>
                      <Text size="xs">{r.comment}</Text>
                    </Card>
                  ))}
                  {reviewSubmitted && (
                    <Alert color="green" role="status">
                      {t('proposals.reviewSaved')}
                    </Alert>
                  )}
                  {iAmAdvisor && !myReview && !reviewSubmitted && p.rubric && (
                    <ReviewForm proposal={p} onSubmitted={() => setReviewSubmitted(true)} />
                  )}
                </Stack>
              )}
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** The fields of a proposal that differ between two reads (what "someone changed" means on the screen). */
export function changedFields(before: ProposalView, after: ProposalView): string[] {
  const keys = ['stage', 'title', 'summary', 'coordinatorId', 'focusFields', 'supportRequested', 'participatingOrganizationIds'] as const;
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
