import { Anchor, Badge, Card, Grid, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, body } from '../../api/client';
import type { Affiliation, AuditEntry, Page, PersonRecordView } from '../../api/types';
import { canSee, canUse, canWrite } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, ProblemAlert } from '../../components/common';
import { formatDate, formatDateTime } from '../../format';
import { RegistryNav } from './nav';

/**
 * A person: names and reading, contact (as the registry shows it to the role: an advisor sees only their own),
 * affiliations past and present, study-group memberships with their role history, and for staff who may read them
 * links to the emails sent to the person and their email preferences; the audit history for those who edit.
 */
export function PersonPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const person = useQuery({
    queryKey: ['registry', 'person', id],
    queryFn: async () => body<PersonRecordView>(await api.registry.GET('/v1/people/{id}', { params: { path: { id } } })),
  });
  const affiliations = useQuery({
    queryKey: ['registry', 'person', id, 'affiliations'],
    queryFn: async () =>
      body<Page<Affiliation>>(await api.registry.GET('/v1/people/{id}/affiliations', { params: { path: { id }, query: { limit: 50 } } })),
  });
  const audit = useQuery({
    queryKey: ['registry', 'person', id, 'audit'],
    enabled: canWrite(user?.roles),
    queryFn: async () =>
      body<Page<AuditEntry>>(await api.registry.GET('/v1/audit', { params: { query: { entityType: 'person', entityId: id, limit: 20 } } })),
  });
  if (person.isPending) return <Loading />;
  if (person.error) return <ProblemAlert error={person.error} />;
  const p = person.data;
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
      <RegistryNav />
      <Group mb="md">
        <Title order={2}>{p.displayName}</Title>
        {p.archived && <Badge color="gray.8">{t('person.archived')}</Badge>}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <dl>
              {row(t('registry.kana'), [p.familyNameKana, p.givenNameKana].filter(Boolean).join(' ') || '—')}
              {row(t('person.nameEn'), p.nameEn ?? '—')}
              {row(t('registry.email'), p.email ?? '—')}
              {row(t('person.phone'), p.phone ?? '—')}
              {row(t('person.language'), p.preferredLanguage === 'en' ? 'English' : '日本語')}
              {row(t('person.consent'), p.consentToList ? t('person.yes') : t('person.no'))}
              {row(t('person.expertise'), p.expertiseFields?.join(', ') || '—')}
            </dl>
          </Card>
          <Group mt="sm" gap="md">
            {canUse(user?.roles, 'mail') && (
              <Anchor component={Link} to={`/mail?personId=${p.id}`}>
                {t('person.mails')}
              </Anchor>
            )}
            {canSee(user?.roles, 'preferences') && (
              <Anchor component={Link} to={`/mail/preferences?personId=${p.id}`}>
                {t('person.preferences')}
              </Anchor>
            )}
          </Group>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Title order={3} size="h4" mb="xs">
            {t('registry.affiliations')}
          </Title>
          <ProblemAlert error={affiliations.error} />
          <Table aria-label={t('registry.affiliations')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('registry.organizations')}</Table.Th>
                <Table.Th scope="col">{t('person.title')}</Table.Th>
                <Table.Th scope="col">{t('person.from')}</Table.Th>
                <Table.Th scope="col">{t('person.to')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {affiliations.data?.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/registry/organizations/${a.organizationId}`}>
                      {a.organizationName ?? a.organizationId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{[a.department, a.title].filter(Boolean).join(' ')}</Table.Td>
                  <Table.Td>{formatDate(a.from ?? null, i18n.language)}</Table.Td>
                  <Table.Td>{formatDate(a.to ?? null, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {affiliations.data?.items.length === 0 && <Text size="sm">{t('common.none')}</Text>}
          <Title order={3} size="h4" mt="lg" mb="xs">
            {t('person.memberships')}
          </Title>
          <Table aria-label={t('person.memberships')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('studyGroups.group')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.role')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.joinedOn')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.leftOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(p.memberships ?? []).map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/registry/study-groups/${m.studyGroupId}`}>
                      {m.studyGroupName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {m.roles.length > 1
                      ? m.roles.map((r) => `${t(`studyGroups.roles.${r.role}`)} (${r.fromOn}–${r.toOn ?? ''})`).join(' → ')
                      : t(`studyGroups.roles.${m.role}`)}
                  </Table.Td>
                  <Table.Td>{formatDate(m.joinedOn, i18n.language)}</Table.Td>
                  <Table.Td>{formatDate(m.leftOn, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {!p.memberships?.length && <Text size="sm">{t('common.none')}</Text>}
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
                  <Table.Td>{formatDateTime(e.at ?? e.occurredAt, i18n.language)}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <Anchor component={Link} to="/registry?tab=people" mt="md" display="block">
        ← {t('registry.title')}
      </Anchor>
    </>
  );
}
