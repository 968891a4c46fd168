import { Alert, Badge, Button, Card, Grid, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, body } from '../../api/client';
import type { ConflictOfInterestProblem, ProposalConflict, TeamSuggestions, TeamView } from '../../api/types';
import { canWrite, mayRead } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, ProblemAlert } from '../../components/common';
import { usePersonNames } from '../../components/PersonName';
import { ConflictList } from './conflicts';
import { explainFactor, signedPoints } from './explain';
import './labels';

type Role = 'coordinator' | 'lead_advisor' | 'advisor';
interface DraftMember {
  personId: string;
  role: Role;
  waiverReason: string;
  conflicts: ProposalConflict[];
}
const ROLES: Role[] = ['coordinator', 'lead_advisor', 'advisor'];

/**
 * The support team: its members (with conflicts and waivers for staff); the ranked suggestions with each score
 * explained, and who was left out and why; a draft to form the team or replace its members (If-Match), where a
 * conflicted advisor needs a waiver reason.
 */
export function TeamPanel({ proposalId }: { proposalId: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const staff = canWrite(user?.roles);
  const queryClient = useQueryClient();
  const team = useQuery({
    queryKey: ['proposals', 'one', proposalId, 'team'],
    enabled: mayRead(user?.roles, 'proposalTeam'),
    queryFn: async () => {
      try {
        return body<TeamView>(await api.proposals.GET('/v1/proposals/{id}/team', { params: { path: { id: proposalId } } }));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
  const suggestions = useQuery({
    queryKey: ['proposals', 'one', proposalId, 'team-suggestions'],
    enabled: mayRead(user?.roles, 'proposalTeamSuggestions'),
    queryFn: async () =>
      body<TeamSuggestions>(
        await api.proposals.GET('/v1/proposals/{id}/team-suggestions', { params: { path: { id: proposalId }, query: { limit: 50 } } }),
      ),
  });
  const [draft, setDraft] = useState<DraftMember[]>();
  const members =
    draft ??
    (team.data
      ? team.data.members.map((m) => ({
          personId: m.personId,
          role: m.role,
          waiverReason: m.waiverReason ?? '',
          conflicts: m.conflicts ?? [],
        }))
      : user?.personId
        ? [{ personId: user.personId, role: 'coordinator' as Role, waiverReason: '', conflicts: [] }]
        : []);
  const names = usePersonNames([
    ...members.map((m) => m.personId),
    ...(suggestions.data?.suggestions.map((s) => s.personId) ?? []),
    ...(suggestions.data?.excluded.map((s) => s.personId) ?? []),
  ]);
  const nameOf = (id: string) => names.get(id) ?? id.slice(0, 8);
  const update = (next: DraftMember[]) => setDraft(next);
  const add = (personId: string, conflicts: ProposalConflict[]) => {
    if (members.some((m) => m.personId === personId)) return;
    update([...members, { personId, role: 'advisor', waiverReason: '', conflicts }]);
  };
  const [problem, setProblem] = useState<string>();
  const save = useMutation({
    mutationFn: async () =>
      body<TeamView>(
        await api.proposals.PUT('/v1/proposals/{id}/team', {
          params: { path: { id: proposalId }, header: team.data ? { 'if-match': `"${team.data.version}"` } : {} },
          body: {
            members: members.map((m) => ({
              personId: m.personId,
              role: m.role,
              ...(m.waiverReason.trim() ? { waiverReason: m.waiverReason.trim() } : {}),
            })),
          },
        }),
      ),
    onSuccess: async () => {
      setDraft(undefined);
      await queryClient.invalidateQueries({ queryKey: ['proposals', 'one', proposalId] });
    },
    onError: (err) => {
      const p = err instanceof ApiError ? (err.problem as unknown as Partial<ConflictOfInterestProblem>) : undefined;
      if (p?.code === 'PROPOSALS.CONFLICT_OF_INTEREST' && p.members) {
        const byId = new Map(p.members.map((m) => [m.personId, m.conflicts]));
        update(members.map((m) => ({ ...m, conflicts: byId.get(m.personId) ?? m.conflicts })));
      }
    },
  });
  const onSave = () => {
    const hasCoordinator = members.some((m) => m.role === 'coordinator');
    const hasAdvisor = members.some((m) => m.role !== 'coordinator');
    if (!hasCoordinator || !hasAdvisor) {
      setProblem(t('team.needBoth'));
      return;
    }
    setProblem(undefined);
    save.mutate();
  };
  if (team.isPending && team.fetchStatus !== 'idle') return <Loading />;
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: staff ? 5 : 12 }}>
        <Title order={3} size="h5" mb="xs">
          {staff ? t('team.draft') : t('team.title')}
        </Title>
        <ProblemAlert error={team.error} />
        {team.data === null && <Text size="sm">{t('team.none')}</Text>}
        {!staff && team.data && (
          <Table striped aria-label={t('team.title')}>
            <Table.Tbody>
              {team.data.members.map((m) => (
                <Table.Tr key={m.personId}>
                  <Table.Td>{nameOf(m.personId)}</Table.Td>
                  <Table.Td>{t(`team.roles.${m.role}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {staff && (
          <Card withBorder>
            <Stack gap="xs">
              {members.map((m, i) => (
                <div key={m.personId} data-member={m.personId}>
                  <Group gap="xs" align="end" wrap="nowrap">
                    <Text size="sm" style={{ flex: 1 }}>
                      {nameOf(m.personId)}
                    </Text>
                    <NativeSelect
                      aria-label={`${t('team.role')}: ${nameOf(m.personId)}`}
                      size="xs"
                      value={m.role}
                      onChange={(e) => update(members.map((x, j) => (j === i ? { ...x, role: e.currentTarget.value as Role } : x)))}
                      data={ROLES.map((r) => ({ value: r, label: t(`team.roles.${r}`) }))}
                    />
                    <Button size="compact-xs" variant="default" onClick={() => update(members.filter((_, j) => j !== i))}>
                      {t('team.remove')}
                    </Button>
                  </Group>
                  {m.conflicts.length > 0 && (
                    <>
                      <ConflictList conflicts={m.conflicts} />
                      <TextInput
                        size="xs"
                        label={`${t('assign.waiverReason')} (${nameOf(m.personId)})`}
                        required
                        value={m.waiverReason}
                        onChange={(e) => update(members.map((x, j) => (j === i ? { ...x, waiverReason: e.currentTarget.value } : x)))}
                      />
                    </>
                  )}
                </div>
              ))}
              {problem && (
                <Alert color="red" role="alert">
                  {problem}
                </Alert>
              )}
              <ProblemAlert error={save.error} />
              {save.isSuccess && (
                <Text size="sm" role="status">
                  {t('team.saved')}
                </Text>
              )}
              <Button onClick={onSave} loading={save.isPending}>
                {t('team.save')}
              </Button>
            </Stack>
          </Card>
        )}
      </Grid.Col>
      {mayRead(user?.roles, 'proposalTeamSuggestions') && (
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Title order={3} size="h5" mb="xs">
            {t('team.suggestions')}
          </Title>
          <ProblemAlert error={suggestions.error} />
          {suggestions.data && !suggestions.data.candidatesComplete && (
            <Alert color="yellow" mb="xs" role="status">
              {t('team.incomplete')}
            </Alert>
          )}
          {suggestions.data && (
            <>
              <Table striped aria-label={t('team.suggestions')} data-testid="team-suggestions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('team.rank')}</Table.Th>
                    <Table.Th scope="col">{t('assign.advisor')}</Table.Th>
                    <Table.Th scope="col">{t('team.score')}</Table.Th>
                    <Table.Th scope="col">{t('team.why')}</Table.Th>
                    {staff && <Table.Th scope="col">{t('team.add')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {suggestions.data.suggestions.map((s) => (
                    <Table.Tr key={s.personId}>
                      <Table.Td>{s.rank}</Table.Td>
                      <Table.Td>{nameOf(s.personId)}</Table.Td>
                      <Table.Td>{s.score}</Table.Td>
                      <Table.Td>
                        <ul style={{ margin: 0, paddingLeft: '1rem' }}>
                          {s.explanation.map((f) => (
                            <li key={f.factor}>
                              <Text size="xs">
                                {t(`team.factors.${f.factor}`)} {signedPoints(f.points)}: {explainFactor(t, s, f)}
                              </Text>
                            </li>
                          ))}
                        </ul>
                      </Table.Td>
                      {staff && (
                        <Table.Td>
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={`${t('team.add')}: ${nameOf(s.personId)}`}
                            disabled={members.some((m) => m.personId === s.personId)}
                            onClick={() => add(s.personId, [])}
                          >
                            +
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {suggestions.data.excluded.length > 0 && (
                <>
                  <Title order={4} size="h6" mt="sm" mb="xs">
                    {t('team.excluded')}
                  </Title>
                  <Table aria-label={t('team.excluded')}>
                    <Table.Tbody>
                      {suggestions.data.excluded.map((x) => (
                        <Table.Tr key={x.personId}>
                          <Table.Td>{nameOf(x.personId)}</Table.Td>
                          <Table.Td>
                            <Badge
                              variant="outline"
                              color={x.reason === 'conflict_of_interest' ? 'red.9' : 'gray.8'}
                              style={{ textTransform: 'none' }}
                            >
                              {t(`team.reasons.${x.reason}`)}
                            </Badge>
                            <ConflictList conflicts={x.conflicts} />
                          </Table.Td>
                          {staff && (
                            <Table.Td>
                              {x.reason === 'conflict_of_interest' && (
                                <Button
                                  size="compact-xs"
                                  variant="default"
                                  aria-label={`${t('team.add')}: ${nameOf(x.personId)}`}
                                  disabled={members.some((m) => m.personId === x.personId)}
                                  onClick={() => add(x.personId, x.conflicts)}
                                >
                                  +
                                </Button>
                              )}
                            </Table.Td>
                          )}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </>
              )}
            </>
          )}
        </Grid.Col>
      )}
    </Grid>
  );
}
