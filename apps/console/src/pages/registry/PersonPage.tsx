import { Anchor, Badge, Button, Card, Grid, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, body } from '../../api/client';
import type { PersonRecordView } from '../../api/types';
import { canSee, canUse, canWrite, mayRead } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, ProblemAlert } from '../../components/common';
import { formatDateTime } from '../../format';
import { RegistryNav } from './nav';
import { PersonAffiliations } from './PersonAffiliations';
import { PersonConsents } from './PersonConsents';
import { PersonForm } from './PersonForm';
import { PersonMemberships } from './PersonMemberships';
import './person-labels';

/**
 * A person: names and reading, contact (as the registry shows it to the role: an advisor sees only their own),
 * affiliations past and present, study-group memberships with their role history, and for staff who may read them
 * links to the emails sent to the person and their email preferences; the audit history for those who edit.
 * Staff who may change people (admin, coordinator) edit the person's fields (If-Match), add and end affiliations,
 * add and end memberships and change roles, and read and record consents; admins open a privacy request.
 */
export function PersonPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const [editing, setEditing] = useState(false);
  const writer = canWrite(user?.roles);
  const person = useQuery({
    queryKey: ['registry', 'person', id],
    queryFn: async () => body<PersonRecordView>(await api.registry.GET('/v1/people/{id}', { params: { path: { id } } })),
  });
  const audit = useQuery({
    queryKey: ['registry', 'person', id, 'audit'],
    enabled: canWrite(user?.roles),
    queryFn: async () =>
      (await api.registry.GET('/v1/audit', { params: { query: { entityType: 'person', entityId: id, limit: 20 } } })).data!,
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
        {writer && !editing && (
          <Button size="xs" variant="default" onClick={() => setEditing(true)}>
            {t('personEdit.edit')}
          </Button>
        )}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            {editing ? (
              <PersonForm key={p.version} person={p} onDone={() => setEditing(false)} reload={() => void person.refetch()} />
            ) : (
              <dl>
                {row(t('registry.kana'), [p.familyNameKana, p.givenNameKana].filter(Boolean).join(' ') || '—')}
                {row(t('person.nameEn'), p.nameEn ?? '—')}
                {row(t('registry.email'), p.email ?? '—')}
                {row(t('person.phone'), p.phone ?? '—')}
                {row(t('person.language'), p.preferredLanguage === 'en' ? 'English' : '日本語')}
                {row(t('person.consent'), p.consentToList ? t('person.yes') : t('person.no'))}
                {row(t('person.expertise'), p.expertiseFields?.map((f) => t(`orgEdit.focus.${f}`)).join(', ') || '—')}
              </dl>
            )}
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
            {canUse(user?.roles, 'privacy') && (
              <Anchor component={Link} to={`/privacy/new?personId=${p.id}`}>
                {t('personEdit.privacyRequest')}
              </Anchor>
            )}
          </Group>
          {mayRead(user?.roles, 'personConsents') && <PersonConsents personId={p.id} />}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <PersonAffiliations personId={p.id} editable={writer && !p.archived} />
          <PersonMemberships personId={p.id} memberships={p.memberships ?? []} editable={writer && !p.archived} />
        </Grid.Col>
      </Grid>
      {writer && (
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
      <Anchor component={Link} to="/registry?tab=people" mt="md" display="block">
        ← {t('registry.title')}
      </Anchor>
    </>
  );
}
