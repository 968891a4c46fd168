import { Alert, Anchor, Badge, Button, Checkbox, Group, Radio, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, body } from '../../api/client';
import type { MergeResult, OrganizationRecordView, PossibleDuplicate } from '../../api/types';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { ifMatch } from '../../components/ifMatch';
import { RegistryNav } from './nav';
import { mergeBlocker, mergePreview } from './merge-preview';

const getOrganization = async (id: string) =>
  body<OrganizationRecordView>(await api.registry.GET('/v1/organizations/{id}', { params: { path: { id } } }));

/**
 * Duplicates of an organisation and their merge (admin, coordinator): the registry's candidates (same municipality,
 * similar name) or any organisation found by name; a side-by-side preview of both records and what the surviving
 * one will hold; the merge sent with the survivor's If-Match. `?with=<id>&keep=this|other` keeps the choice in the URL.
 */
export function MergePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [other, setOther] = useParam('with');
  const [keep, setKeep] = useParam('keep', 'this');
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [confirmed, setConfirmed] = useState(false);

  const organization = useQuery({ queryKey: ['registry', 'organization', id], queryFn: () => getOrganization(id) });
  const duplicates = useQuery({
    queryKey: ['registry', 'organization', id, 'duplicates'],
    queryFn: async () =>
      body<{ items: PossibleDuplicate[] }>(await api.registry.GET('/v1/organizations/{id}/duplicates', { params: { path: { id } } })),
  });
  const found = useQuery({
    queryKey: ['registry', 'organizations', 'merge-search', q],
    enabled: q.length > 0,
    queryFn: async () => (await api.registry.GET('/v1/organizations', { params: { query: { q, limit: 10 } } })).data!,
  });
  const candidate = useQuery({
    queryKey: ['registry', 'organization', other],
    enabled: /^[0-9a-f-]{36}$/i.test(other),
    queryFn: () => getOrganization(other),
  });
  const merge = useMutation({
    mutationFn: async ({ survivor, merged }: { survivor: OrganizationRecordView; merged: OrganizationRecordView }) =>
      body<MergeResult>(
        await api.registry.POST('/v1/organizations/{id}/merge', {
          params: { path: { id: survivor.id }, header: { 'if-match': ifMatch(survivor.version) } },
          body: { mergedId: merged.id },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['registry'] }),
    onSettled: () => setConfirmed(false),
  });

  if (organization.isPending) return <Loading />;
  if (organization.error) return <ProblemAlert error={organization.error} />;
  const self = organization.data;
  const pair = candidate.data && candidate.data.id !== self.id ? candidate.data : undefined;
  const [survivor, merged] = pair ? (keep === 'other' ? [pair, self] : [self, pair]) : [undefined, undefined];
  const rows = survivor && merged ? mergePreview(survivor, merged) : [];
  const blocker = survivor && merged ? mergeBlocker(survivor, merged) : undefined;
  const stale = merge.error instanceof ApiError && merge.error.status === 412;

  const choose = (otherId: string) => {
    merge.reset();
    setOther(otherId);
  };

  return (
    <>
      <RegistryNav />
      <Title order={2} mb="xs">
        {t('merge.title', { name: self.name })}
      </Title>
      <Text size="sm" mb="md">
        {t('merge.intro')}
      </Text>
      <Title order={3} size="h4" mb="xs">
        {t('merge.candidates')}
      </Title>
      <ProblemAlert error={duplicates.error} />
      {duplicates.isPending ? (
        <Loading />
      ) : duplicates.data?.items.length ? (
        <Table aria-label={t('merge.candidates')} mb="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('common.name')}</Table.Th>
              <Table.Th scope="col">{t('merge.similarity')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('merge.compare')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {duplicates.data.items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/registry/organizations/${d.id}`}>
                    {d.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{Math.round(d.similarity * 100)}%</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant={d.id === other ? 'filled' : 'default'}
                    aria-pressed={d.id === other}
                    onClick={() => choose(d.id)}
                  >
                    {t('merge.compare')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" mb="md">
          {t('merge.noCandidates')}
        </Text>
      )}
      <TextInput
        label={t('merge.searchOther')}
        type="search"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        w={360}
        mb="xs"
      />
      {found.data && (
        <Stack gap={4} mb="md" component="ul" style={{ listStyle: 'none', padding: 0 }}>
          {found.data.items
            .filter((o) => o.id !== self.id)
            .map((o) => (
              <li key={o.id}>
                <Group gap="xs">
                  <Text size="sm">
                    {o.name} ({o.municipalityName ?? '—'})
                  </Text>
                  <Button size="compact-xs" variant="default" onClick={() => choose(o.id)}>
                    {t('merge.compare')}
                  </Button>
                </Group>
              </li>
            ))}
        </Stack>
      )}
      <ProblemAlert error={candidate.error} />
      {survivor && merged && (
        <section aria-labelledby="merge-preview">
          <Title order={3} size="h4" mt="lg" mb="xs" id="merge-preview">
            {t('merge.preview')}
          </Title>
          <Radio.Group label={t('merge.survivor')} value={keep} onChange={(v) => setKeep(v)} mb="sm">
            <Group mt={4}>
              <Radio value="this" label={self.name} />
              <Radio value="other" label={pair!.name} />
            </Group>
          </Radio.Group>
          <Table withTableBorder withColumnBorders aria-label={t('merge.preview')} data-testid="merge-preview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('merge.field')}</Table.Th>
                <Table.Th scope="col">
                  {t('merge.survivorColumn')}: {survivor.name}
                </Table.Th>
                <Table.Th scope="col">
                  {t('merge.mergedColumn')}: {merged.name}
                </Table.Th>
                <Table.Th scope="col">{t('merge.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.field} data-differs={r.differs || undefined}>
                  <Table.Th scope="row">{t(`merge.fields.${r.field}`)}</Table.Th>
                  <Table.Td>{r.survivor || '—'}</Table.Td>
                  <Table.Td>
                    {r.merged || '—'}{' '}
                    {r.differs && r.merged && !r.takenOver && (
                      <Badge size="xs" color="gray.8" variant="filled">
                        {t('merge.dropped')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {r.result || '—'}{' '}
                    {r.takenOver && (
                      <Badge size="xs" color="teal.9" variant="filled">
                        {t('merge.takenOver')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" mt="xs">
            {t('merge.moves', { merged: merged.name, survivor: survivor.name })}
          </Text>
          {blocker && (
            <Alert color="orange" mt="sm" role="status">
              {t(`merge.blocked.${blocker}`)}
            </Alert>
          )}
          {stale ? (
            <Alert color="orange" mt="sm" role="alert" title={t('merge.stale')}>
              <Button
                size="xs"
                mt="xs"
                onClick={() => {
                  merge.reset();
                  void queryClient.invalidateQueries({ queryKey: ['registry', 'organization'] });
                }}
              >
                {t('common.reload')}
              </Button>
            </Alert>
          ) : (
            <ProblemAlert error={merge.error} />
          )}
          {merge.data ? (
            <Alert color="teal" mt="sm" role="status" title={t('merge.done')}>
              <Text size="sm">
                {t('merge.moved', {
                  affiliations: merge.data.movedAffiliations,
                  memberships: merge.data.movedMemberships,
                  tenancies: merge.data.movedTenancies,
                  consortium: merge.data.movedConsortiumMemberships,
                })}
              </Text>
              <Anchor component={Link} to={`/registry/organizations/${merge.data.survivor.id}`}>
                {merge.data.survivor.name}
              </Anchor>
            </Alert>
          ) : (
            <Group mt="md" align="center">
              <Checkbox
                label={t('merge.confirm', { merged: merged.name, survivor: survivor.name })}
                checked={confirmed}
                onChange={(e) => setConfirmed(e.currentTarget.checked)}
                disabled={!!blocker}
              />
              <Button
                color="red.9"
                disabled={!confirmed || !!blocker}
                loading={merge.isPending}
                onClick={() => merge.mutate({ survivor, merged })}
              >
                {t('merge.submit')}
              </Button>
            </Group>
          )}
        </section>
      )}
      <Anchor component={Link} to={`/registry/organizations/${self.id}`} mt="lg" display="block">
        ← {self.name}
      </Anchor>
    </>
  );
}
