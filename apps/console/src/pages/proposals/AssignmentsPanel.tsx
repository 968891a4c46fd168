import { Alert, Badge, Button, Card, Grid, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, body } from '../../api/client';
import type { ConflictOfInterestProblem, ProposalConflict, TeamSuggestions } from '../../api/types';
import { canWrite, mayRead } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { ProblemAlert } from '../../components/common';
import { PersonName, usePersonNames } from '../../components/PersonName';
import { formatDate } from '../../format';
import { ConflictList } from './conflicts';
import { ReviewSummaryPanel } from './ReviewSummaryPanel';
import './labels';

/** The advisor picker's candidates: the ranked suggestions, then those left out for a conflict of interest. */
function candidatesOf(s: TeamSuggestions | undefined): { personId: string; conflicts: ProposalConflict[] }[] {
  return [
    ...(s?.suggestions.map((x) => ({ personId: x.personId, conflicts: [] as ProposalConflict[] })) ?? []),
    ...(s?.excluded.filter((x) => x.reason === 'conflict_of_interest') ?? []),
  ];
}

/**
 * Who reviews the proposal: the assignments with the conflicts of interest the registry showed and any waiver;
 * assigning an advisor (candidates from the ranked suggestions, conflicted ones marked) with a due day, and a
 * waiver reason asked for when the advisor has a conflict (shown before sending, and from the service's 409).
 * The review summary below (admins, coordinators).
 */
export function AssignmentsPanel({ proposalId }: { proposalId: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const staff = canWrite(user?.roles);
  const queryClient = useQueryClient();
  const assignments = useQuery({
    queryKey: ['proposals', 'one', proposalId, 'assignments'],
    enabled: mayRead(user?.roles, 'proposalAssignments'),
    queryFn: async () =>
      (await api.proposals.GET('/v1/proposals/{id}/assignments', { params: { path: { id: proposalId }, query: { limit: 100 } } })).data!,
  });
  const suggestions = useQuery({
    queryKey: ['proposals', 'one', proposalId, 'team-suggestions'],
    enabled: staff && mayRead(user?.roles, 'proposalTeamSuggestions'),
    queryFn: async () =>
      body<TeamSuggestions>(
        await api.proposals.GET('/v1/proposals/{id}/team-suggestions', { params: { path: { id: proposalId }, query: { limit: 50 } } }),
      ),
  });
  const candidates = candidatesOf(suggestions.data);
  const names = usePersonNames(candidates.map((c) => c.personId));
  const [form, setForm] = useState({ advisorId: '', dueOn: '', waiverReason: '' });
  const [serverConflicts, setServerConflicts] = useState<ProposalConflict[]>();
  const known = candidates.find((c) => c.personId === form.advisorId)?.conflicts ?? [];
  const conflicts = serverConflicts ?? known;
  const needsWaiver = conflicts.length > 0;
  const [waiverError, setWaiverError] = useState<string>();
  const assign = useMutation({
    mutationFn: async () =>
      (
        await api.proposals.POST('/v1/proposals/{id}/assignments', {
          params: { path: { id: proposalId } },
          body: {
            advisorId: form.advisorId,
            ...(form.dueOn ? { dueOn: form.dueOn } : {}),
            ...(form.waiverReason.trim() ? { waiverReason: form.waiverReason.trim() } : {}),
          },
        })
      ).data!,
    onSuccess: async () => {
      setForm({ advisorId: '', dueOn: '', waiverReason: '' });
      setServerConflicts(undefined);
      await queryClient.invalidateQueries({ queryKey: ['proposals', 'one', proposalId] });
    },
    onError: (err) => {
      const problem = err instanceof ApiError ? (err.problem as unknown as Partial<ConflictOfInterestProblem>) : undefined;
      if (problem?.code === 'PROPOSALS.CONFLICT_OF_INTEREST' && problem.conflicts) {
        setServerConflicts(problem.conflicts);
        setWaiverError(t('assign.waiverNeeded'));
      }
    },
  });
  const onAssign = (ev: FormEvent) => {
    ev.preventDefault();
    if (needsWaiver && !form.waiverReason.trim()) {
      setWaiverError(t('assign.waiverNeeded'));
      return;
    }
    setWaiverError(undefined);
    assign.mutate();
  };
  const conflictRefusal =
    assign.error instanceof ApiError && (assign.error.problem as { code?: string }).code === 'PROPOSALS.CONFLICT_OF_INTEREST';
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: staff ? 7 : 12 }}>
        <Title order={3} size="h5" mb="xs">
          {t('assign.list')}
        </Title>
        <ProblemAlert error={assignments.error} />
        {assignments.data && assignments.data.total === 0 && <Text size="sm">{t('assign.none')}</Text>}
        {assignments.data && assignments.data.total > 0 && (
          <Table striped aria-label={t('assign.list')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('assign.advisor')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
                <Table.Th scope="col">{t('assign.dueOn')}</Table.Th>
                <Table.Th scope="col">{t('assign.conflicts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {assignments.data.items.map((a) => (
                <Table.Tr key={a.id} data-assignment-id={a.id}>
                  <Table.Td>
                    <PersonName id={a.advisorId} />
                  </Table.Td>
                  <Table.Td>{t(`assign.statuses.${a.status}`, { defaultValue: a.status })}</Table.Td>
                  <Table.Td>{formatDate(a.dueOn ?? null, i18n.language)}</Table.Td>
                  <Table.Td>
                    <ConflictList conflicts={a.conflicts} />
                    {a.waiverReason && (
                      <Badge
                        variant="outline"
                        color="dark.6"
                        size="sm"
                        style={{ textTransform: 'none', height: 'auto', whiteSpace: 'normal' }}
                      >
                        {t('assign.waived', { reason: a.waiverReason })}
                      </Badge>
                    )}
                    {a.responseReason && <Text size="xs">{a.responseReason}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {mayRead(user?.roles, 'proposalReviewSummary') && <ReviewSummaryPanel proposalId={proposalId} />}
      </Grid.Col>
      {staff && (
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <form onSubmit={onAssign} aria-labelledby="assign-title" noValidate>
              <Stack gap="xs">
                <Title order={3} size="h5" id="assign-title">
                  {t('assign.title')}
                </Title>
                <ProblemAlert error={suggestions.error} />
                <Select
                  label={t('assign.advisorPick')}
                  required
                  searchable
                  value={form.advisorId || null}
                  onChange={(v) => {
                    setForm({ ...form, advisorId: v ?? '' });
                    setServerConflicts(undefined);
                    setWaiverError(undefined);
                  }}
                  data={candidates.map((c) => ({
                    value: c.personId,
                    label: c.conflicts.length ? `${names.get(c.personId)} (${t('assign.conflicted')})` : names.get(c.personId)!,
                  }))}
                  nothingFoundMessage={t('common.none')}
                />
                {needsWaiver && (
                  <Alert color="orange" role="alert" aria-label={t('assign.conflicts')}>
                    <Text size="sm" fw={700}>
                      {t('assign.conflicts')}
                    </Text>
                    <ConflictList conflicts={conflicts} />
                    {suggestions.data && <Text size="xs">{t('assign.lookBack', { n: suggestions.data.lookBackYears })}</Text>}
                  </Alert>
                )}
                <TextInput
                  label={t('assign.dueOn')}
                  type="date"
                  value={form.dueOn}
                  onChange={(e) => setForm({ ...form, dueOn: e.currentTarget.value })}
                />
                <Textarea
                  label={t('assign.waiverReason')}
                  required={needsWaiver}
                  error={waiverError}
                  value={form.waiverReason}
                  onChange={(e) => {
                    setForm({ ...form, waiverReason: e.currentTarget.value });
                    if (e.currentTarget.value.trim()) setWaiverError(undefined);
                  }}
                  maxLength={2000}
                  autosize
                  minRows={2}
                />
                {!conflictRefusal && <ProblemAlert error={assign.error} />}
                {assign.isSuccess && (
                  <Text size="sm" role="status">
                    {t('assign.assigned')}
                  </Text>
                )}
                <Button type="submit" loading={assign.isPending} disabled={!form.advisorId}>
                  {t('assign.submit')}
                </Button>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
      )}
    </Grid>
  );
}
