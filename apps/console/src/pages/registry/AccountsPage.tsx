import { Alert, Badge, Button, Checkbox, Group, MultiSelect, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api, body } from '../../api/client';
import type { Role, StaffAccount } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { ifMatch } from '../../components/ifMatch';
import { formatDateTime } from '../../format';
import { RegistryNav } from './nav';

const LIMIT = 25;
const ROLES: Role[] = ['admin', 'coordinator', 'advisor', 'viewer'];
const STATUSES = ['invited', 'active', 'disabled'] as const;

/** Invites a registered person as staff: the person is found by name, the roles chosen; the registry emails the link. */
function InviteForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [personId, setPersonId] = useState<string | null>(null);
  const [roles, setRoles] = useState<string[]>(['coordinator']);
  const people = useQuery({
    queryKey: ['registry', 'people', 'invite', q],
    enabled: q.length > 0,
    queryFn: async () => (await api.registry.GET('/v1/people', { params: { query: { q, limit: 20 } } })).data!,
  });
  const invite = useMutation({
    mutationFn: async () =>
      body<StaffAccount>(await api.registry.POST('/v1/accounts', { body: { personId: personId!, roles: roles as Role[] } })),
    onSuccess: () => {
      setPersonId(null);
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['registry', 'accounts'] });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        invite.mutate();
      }}
      aria-labelledby="invite-title"
    >
      <Title order={3} size="h4" id="invite-title" mb="xs">
        {t('accounts.invite')}
      </Title>
      <Group align="end" mb="xs">
        <TextInput label={t('accounts.findPerson')} type="search" value={text} onChange={(e) => setText(e.currentTarget.value)} w={240} />
        <Select
          label={t('accounts.person')}
          data={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.displayName}${p.email ? ` <${p.email}>` : ''}` }))}
          value={personId}
          onChange={setPersonId}
          placeholder={q ? t('accounts.pick', { n: people.data?.items.length ?? 0 }) : t('accounts.typeFirst')}
          nothingFoundMessage={t('common.none')}
          w={320}
        />
        <MultiSelect
          label={t('accounts.roles')}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={roles}
          onChange={setRoles}
          w={280}
        />
        <Button type="submit" disabled={!personId || roles.length === 0} loading={invite.isPending}>
          {t('accounts.sendInvitation')}
        </Button>
      </Group>
      <ProblemAlert error={invite.error} />
      {invite.data && (
        <Alert color="teal" role="status">
          {t('accounts.invited', { name: invite.data.personName, email: invite.data.email })}
        </Alert>
      )}
    </form>
  );
}

/** One account's roles and state, changed with If-Match: roles (from the next token on), disable/enable, unlock, a new invitation. */
function AccountRow({ account, self }: { account: StaffAccount; self: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [roles, setRoles] = useState<string[]>(account.roles);
  const done = () => void queryClient.invalidateQueries({ queryKey: ['registry', 'accounts'] });
  const update = useMutation({
    mutationFn: async (change: { roles?: Role[]; disabled?: boolean; unlock?: true }) =>
      body<StaffAccount>(
        await api.registry.PATCH('/v1/accounts/{id}', {
          params: { path: { id: account.id }, header: { 'if-match': ifMatch(account.version) } },
          body: change,
        }),
      ),
    onSuccess: done,
  });
  const reinvite = useMutation({
    mutationFn: async () =>
      body<StaffAccount>(await api.registry.POST('/v1/accounts/{id}/invitation', { params: { path: { id: account.id } } })),
    onSuccess: done,
  });
  const changed = [...roles].sort().join() !== [...account.roles].sort().join();
  const stale = update.error instanceof ApiError && update.error.status === 412;
  return (
    <Table.Tr data-account={account.email}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {account.personName}
        </Text>
        <Text size="xs">{account.email}</Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="filled" color={account.status === 'active' ? 'teal.9' : account.status === 'disabled' ? 'red.9' : 'gray.8'}>
          {t(`accounts.statuses.${account.status}`)}
        </Badge>
        {account.lockedUntil && (
          <Badge ml={4} variant="filled" color="orange.9">
            {t('accounts.locked')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <div role="group" aria-label={t('accounts.rolesOf', { name: account.personName })}>
          <Checkbox.Group value={roles} onChange={setRoles}>
            <Group gap="xs">
              {ROLES.map((r) => (
                <Checkbox key={r} value={r} label={t(`roles.${r}`)} size="xs" disabled={self && r === 'admin'} />
              ))}
            </Group>
          </Checkbox.Group>
        </div>
      </Table.Td>
      <Table.Td>{formatDateTime(account.lastLoginAt, i18n.language)}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Button
            size="compact-xs"
            disabled={!changed || roles.length === 0}
            loading={update.isPending}
            onClick={() => update.mutate({ roles: roles as Role[] })}
          >
            {t('accounts.saveRoles')}
          </Button>
          {!self && (
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => update.mutate({ disabled: account.status !== 'disabled' })}
              aria-label={`${account.status === 'disabled' ? t('accounts.enable') : t('accounts.disable')}: ${account.personName}`}
            >
              {account.status === 'disabled' ? t('accounts.enable') : t('accounts.disable')}
            </Button>
          )}
          {account.lockedUntil && (
            <Button size="compact-xs" variant="default" onClick={() => update.mutate({ unlock: true })}>
              {t('accounts.unlock')}
            </Button>
          )}
          {account.status === 'invited' && (
            <Button size="compact-xs" variant="default" loading={reinvite.isPending} onClick={() => reinvite.mutate()}>
              {t('accounts.reinvite')}
            </Button>
          )}
        </Group>
        {stale ? (
          <Text size="xs" c="red.9" role="alert">
            {t('accounts.stale')}
          </Text>
        ) : (
          <ProblemAlert error={update.error ?? reinvite.error} />
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Staff accounts (admin only): list by role and state, invite, change roles, disable, unlock, invite again. */
export function AccountsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const [role, setRole] = useParam('role');
  const [status, setStatus] = useParam('status');
  const offset = offsetParam(params);
  const list = useQuery({
    queryKey: ['registry', 'accounts', role, status, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.registry.GET('/v1/accounts', {
          params: {
            query: {
              role: (role || undefined) as Role | undefined,
              status: (status || undefined) as (typeof STATUSES)[number] | undefined,
              limit: LIMIT,
              offset,
            },
          },
        })
      ).data!,
  });
  return (
    <>
      <RegistryNav />
      <Title order={2} mb="md">
        {t('accounts.title')}
      </Title>
      <InviteForm />
      <Group mt="lg" mb="md" align="end">
        <Select
          label={t('accounts.role')}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={role || null}
          onChange={(v) => setRole(v ?? '')}
          clearable
          clearButtonProps={{ 'aria-label': t('lookup.clear') }}
          placeholder={t('common.all')}
          w={200}
        />
        <Select
          label={t('common.status')}
          data={STATUSES.map((s) => ({ value: s, label: t(`accounts.statuses.${s}`) }))}
          value={status || null}
          onChange={(v) => setStatus(v ?? '')}
          clearable
          clearButtonProps={{ 'aria-label': t('lookup.clear') }}
          placeholder={t('common.all')}
          w={200}
        />
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : list.data ? (
        <>
          <Table striped aria-label={t('accounts.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
                <Table.Th scope="col">{t('accounts.roles')}</Table.Th>
                <Table.Th scope="col">{t('accounts.lastLogin')}</Table.Th>
                <Table.Th scope="col">{t('accounts.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((a) => (
                <AccountRow key={`${a.id}:${a.version}`} account={a} self={a.personId === user?.personId} />
              ))}
            </Table.Tbody>
          </Table>
          <Pager total={list.data.total} limit={LIMIT} offset={offset} label={t('accounts.title')} />
        </>
      ) : null}
    </>
  );
}
