import { Anchor, Badge, Button, Card, Grid, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, body } from '../../api/client';
import type { Organization } from '../../api/types';
import { canSee, canWrite } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, ProblemAlert } from '../../components/common';
import { formatDate, formatDateTime } from '../../format';
import { corporateNumberValid } from './corporate-number';
import { RegistryNav } from './nav';

/** An organisation: what it is, where, its corporate number checked, its people, and (for staff who edit) its history. */
export function OrganizationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const organization = useQuery({
    queryKey: ['registry', 'organization', id],
    queryFn: async () => body<Organization>(await api.registry.GET('/v1/organizations/{id}', { params: { path: { id } } })),
  });
  const affiliations = useQuery({
    queryKey: ['registry', 'organization', id, 'affiliations'],
    queryFn: async () =>
      (await api.registry.GET('/v1/organizations/{id}/affiliations', { params: { path: { id }, query: { limit: 50, current: 'true' } } }))
        .data!,
  });
  const audit = useQuery({
    queryKey: ['registry', 'organization', id, 'audit'],
    enabled: canWrite(user?.roles),
    queryFn: async () =>
      (await api.registry.GET('/v1/audit', { params: { query: { entityType: 'organization', entityId: id, limit: 20 } } })).data!,
  });
  if (organization.isPending) return <Loading />;
  if (organization.error) return <ProblemAlert error={organization.error} />;
  const o = organization.data;
  const check = o.corporateNumber ? corporateNumberValid(o.corporateNumber) : undefined;
  return (
    <>
      <RegistryNav />
      <Group mb="md">
        <Title order={2}>{o.name}</Title>
        <Badge variant="outline">{o.kind}</Badge>
        {o.archived && <Badge color="gray.8">archived</Badge>}
        {canWrite(user?.roles) && (
          <Button component={Link} to={`/registry/organizations/${o.id}/edit`} size="xs" variant="default">
            {t('orgEdit.edit')}
          </Button>
        )}
        {canSee(user?.roles, 'merge') && (
          <Button component={Link} to={`/registry/organizations/${o.id}/merge`} size="xs" variant="default">
            {t('merge.link')}
          </Button>
        )}
        {o.kind === 'study_group' && (
          <Anchor component={Link} to={`/registry/study-groups/${o.id}`} size="sm">
            {t('studyGroups.members')}
          </Anchor>
        )}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <dl>
              <Text component="dt" fw={600} size="sm">
                {t('registry.kana')}
              </Text>
              <Text component="dd">{o.nameKana ?? '—'}</Text>
              <Text component="dt" fw={600} size="sm">
                {t('registry.corporateNumber')}
              </Text>
              <Text component="dd">
                {o.corporateNumber ?? '—'}{' '}
                {check !== undefined && (
                  <Badge color={check ? 'teal.9' : 'red.9'} variant="filled">
                    {check ? t('registry.checkDigitOk') : t('registry.checkDigitBad')}
                  </Badge>
                )}
              </Text>
              <Text component="dt" fw={600} size="sm">
                {t('registry.municipality')}
              </Text>
              <Text component="dd">{o.municipalityName ?? '—'}</Text>
              <Text component="dt" fw={600} size="sm">
                {t('registry.address')}
              </Text>
              <Text component="dd">{o.address ?? '—'}</Text>
              <Text component="dt" fw={600} size="sm">
                {t('registry.representative')}
              </Text>
              <Text component="dd">{o.representative ?? '—'}</Text>
              <Text component="dt" fw={600} size="sm">
                {t('registry.focusFields')}
              </Text>
              <Text component="dd">{o.focusFields.join(', ') || '—'}</Text>
            </dl>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={3} size="h4" mb="xs">
            {t('registry.affiliations')}
          </Title>
          <ProblemAlert error={affiliations.error} />
          <Table aria-label={t('registry.affiliations')}>
            <Table.Tbody>
              {affiliations.data?.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/registry/people/${a.personId}`}>
                      {a.personName ?? a.personId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{a.title ?? ''}</Table.Td>
                  <Table.Td>{formatDate(a.from ?? null, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {affiliations.data?.items.length === 0 && <Text size="sm">{t('common.none')}</Text>}
        </Grid.Col>
      </Grid>
      {canWrite(user?.roles) && (
        <>
          <Title order={3} size="h4" mt="lg" mb="xs">
            {t('registry.audit')}
          </Title>
          <ProblemAlert error={audit.error} />
          <Table aria-label={t('registry.audit')}>
            <Table.Tbody>
              {audit.data?.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatDateTime(e.at, i18n.language)}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td>{e.changedFields.join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <Anchor component={Link} to="/registry" mt="md" display="block">
        ← {t('registry.title')}
      </Anchor>
    </>
  );
}
