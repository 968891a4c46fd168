import { Anchor, Badge, Group, Select, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, body } from '../../api/client';
import type { components } from '../../api/generated/notifications';
import type { PersonRecordView } from '../../api/types';
import { canWrite } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, ProblemAlert, useParam } from '../../components/common';
import { formatDateTime, lang } from '../../format';
import { MailNav } from './nav';

type Category = components['schemas']['CategoryPreferenceView']['category'];
const UUID = /^[0-9a-f-]{36}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A person's (or a guest address's) email preferences per category (admin, coordinator, viewer), as staff look
 * them up when asked by phone; admin and coordinators switch an optional category on or off (transactional ones
 * cannot be). `?personId=` or `?email=` in the URL.
 */
export function PreferencesPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [personId, setPersonId] = useParam('personId');
  const [email, setEmail] = useParam('email');
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [guest, setGuest] = useState(email);
  const [guestDebounced] = useDebouncedValue(guest.trim(), 400);
  useEffect(() => {
    if (guestDebounced !== email && (guestDebounced === '' || EMAIL.test(guestDebounced))) setEmail(guestDebounced);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed address drives the URL
  }, [guestDebounced]);
  const people = useQuery({
    queryKey: ['registry', 'people', 'preferences', q],
    enabled: q.length > 0,
    queryFn: async () => (await api.registry.GET('/v1/people', { params: { query: { q, limit: 20 } } })).data!,
  });
  const person = useQuery({
    queryKey: ['registry', 'person', personId],
    enabled: UUID.test(personId),
    queryFn: async () => body<PersonRecordView>(await api.registry.GET('/v1/people/{id}', { params: { path: { id: personId } } })),
  });
  const recipient = UUID.test(personId) ? { personId } : EMAIL.test(email) ? { email } : undefined;
  const preferences = useQuery({
    queryKey: ['notifications', 'preferences', recipient],
    enabled: !!recipient,
    queryFn: async () => (await api.notifications.GET('/v1/preferences', { params: { query: recipient! } })).data!,
  });
  const set = useMutation({
    mutationFn: async ({ category, subscribed }: { category: Category; subscribed: boolean }) =>
      (await api.notifications.PUT('/v1/preferences', { body: { ...recipient!, category, subscribed } })).data!,
    onSuccess: (data) => queryClient.setQueryData(['notifications', 'preferences', recipient], data),
  });
  const writer = canWrite(user?.roles);
  const en = lang(i18n.language) === 'en';
  return (
    <>
      <MailNav />
      <Title order={2} mb="md">
        {t('preferences.title')}
      </Title>
      <Group align="end" mb="md">
        <TextInput
          label={t('preferences.findPerson')}
          type="search"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={240}
        />
        <Select
          label={t('preferences.person')}
          data={[
            ...(person.data && !people.data?.items.some((p) => p.id === person.data.id)
              ? [{ value: person.data.id, label: person.data.displayName }]
              : []),
            ...(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.displayName}${p.email ? ` <${p.email}>` : ''}` })),
          ]}
          value={UUID.test(personId) ? personId : null}
          onChange={(v) => {
            setGuest('');
            setPersonId(v ?? '');
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('lookup.clear') }}
          placeholder={t('preferences.pick')}
          w={320}
        />
        <TextInput
          label={t('preferences.guestEmail')}
          type="email"
          value={guest}
          onChange={(e) => {
            setGuest(e.currentTarget.value);
            if (personId) setPersonId('');
          }}
          w={260}
        />
      </Group>
      {person.data && (
        <Text size="sm" mb="sm">
          <Anchor component={Link} to={`/registry/people/${person.data.id}`}>
            {person.data.displayName}
          </Anchor>{' '}
          {person.data.email}
        </Text>
      )}
      <ProblemAlert error={preferences.error ?? set.error} />
      {!recipient && <Text size="sm">{t('preferences.chooseFirst')}</Text>}
      {preferences.isPending && recipient ? <Loading /> : null}
      {preferences.data && (
        <Table aria-label={t('preferences.title')} data-testid="preferences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('preferences.category')}</Table.Th>
              <Table.Th scope="col">{t('preferences.subscribed')}</Table.Th>
              <Table.Th scope="col">{t('preferences.changedBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preferences.data.categories.map((c) => (
              <Table.Tr key={c.category}>
                <Table.Th scope="row">
                  {en ? c.labelEn : c.labelJa}{' '}
                  {c.transactional && (
                    <Badge size="xs" variant="filled" color="gray.8">
                      {t('preferences.transactional')}
                    </Badge>
                  )}
                </Table.Th>
                <Table.Td>
                  <Switch
                    checked={c.subscribed}
                    disabled={!writer || c.transactional || set.isPending}
                    onChange={(e) => set.mutate({ category: c.category, subscribed: e.currentTarget.checked })}
                    label={c.subscribed ? t('preferences.on') : t('preferences.off')}
                    aria-label={`${en ? c.labelEn : c.labelJa}: ${c.subscribed ? t('preferences.on') : t('preferences.off')}`}
                  />
                </Table.Td>
                <Table.Td>
                  {c.source ? `${t(`preferences.sources.${c.source}`)} ${formatDateTime(c.updatedAt, i18n.language)}` : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
