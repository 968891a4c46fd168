import { Anchor, Button, Group, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, body } from '../../api/client';
import type { components } from '../../api/generated/registry';
import type { MembershipView, Organization } from '../../api/types';
import { ChangeProblem } from '../../components/ChangeProblem';
import { fieldErrors } from '../../components/FieldErrors';
import { ifMatch } from '../../components/ifMatch';
import { LookupSelect } from '../../components/LookupSelect';
import { formatDate } from '../../format';
import { EndOnDateForm, InlineChangeForm } from './EndOnDateForm';
import { today } from './PersonAffiliations';
import './labels';
import './person-labels';

type Role = components['schemas']['RoleChangeDto']['role'];
export const MEMBERSHIP_ROLES: Role[] = ['representative', 'deputy', 'secretary', 'auditor', 'office', 'member', 'counsellor', 'advisor'];

type Action = { kind: 'end'; id: string; leftOn: string } | { kind: 'role'; id: string; role: Role | ''; from: string };

/**
 * A person's study-group memberships with their role history; staff who may change people (admin, coordinator) add
 * one (a study group picked by name), end one (the day the person left), and change the role from a day on
 * (`POST /v1/memberships/{id}/role-changes`), each change with the membership's If-Match. The registry's field
 * errors at the fields; a second membership of the same days (409) in words.
 */
export function PersonMemberships({
  personId,
  memberships,
  editable,
}: {
  personId: string;
  memberships: MembershipView[];
  editable: boolean;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action>();
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<{ studyGroupId: string; role: Role; joinedOn: string }>({
    studyGroupId: '',
    role: 'member',
    joinedOn: '',
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['registry', 'person', personId] });
  const change = useMutation({
    mutationFn: async ({ membership, act }: { membership: MembershipView; act: Action }) => {
      const header = { 'if-match': ifMatch(membership.version) };
      if (act.kind === 'end')
        return body<MembershipView>(
          await api.registry.PATCH('/v1/memberships/{id}', {
            params: { path: { id: membership.id }, header },
            body: { leftOn: act.leftOn } as never,
          }),
        );
      return body<MembershipView>(
        await api.registry.POST('/v1/memberships/{id}/role-changes', {
          params: { path: { id: membership.id }, header },
          body: { role: act.role as Role, from: act.from },
        }),
      );
    },
    onSuccess: () => {
      setAction(undefined);
      void refresh();
    },
  });
  const add = useMutation({
    mutationFn: async () =>
      body<MembershipView>(
        await api.registry.POST('/v1/study-groups/{id}/members', {
          params: { path: { id: draft.studyGroupId } },
          body: { personId, role: draft.role, joinedOn: draft.joinedOn },
        }),
      ),
    onSuccess: () => {
      setAdding(false);
      setDraft({ studyGroupId: '', role: 'member', joinedOn: '' });
      void refresh();
    },
  });
  const changeErrors = fieldErrors(change.error);
  const addErrors = fieldErrors(add.error);
  const roleOptions = MEMBERSHIP_ROLES.map((r) => ({ value: r, label: t(`studyGroups.roles.${r}`) }));
  /** The state and handlers of the open form's change of membership `m`. */
  const changing = (m: MembershipView, act: Action) => ({
    pending: change.isPending,
    error: change.error,
    onSubmit: () => change.mutate({ membership: m, act }),
    onReload: () => {
      change.reset();
      setAction(undefined);
      void refresh();
    },
    onCancel: () => setAction(undefined),
  });
  const start = (next: Action) => {
    change.reset();
    setAction(next);
  };
  return (
    <>
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
            {editable && <Table.Th scope="col">{t('membershipEdit.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {memberships.map((m) => (
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
              {editable && (
                <Table.Td>
                  {action?.id === m.id ? (
                    action.kind === 'end' ? (
                      <EndOnDateForm
                        label={t('membershipEdit.endOf', { name: m.studyGroupName })}
                        dateLabel={t('membershipEdit.leftOn')}
                        field="leftOn"
                        value={action.leftOn}
                        onChange={(leftOn) => setAction({ ...action, leftOn })}
                        submitLabel={t('membershipEdit.confirmEnd')}
                        {...changing(m, action)}
                      />
                    ) : (
                      <InlineChangeForm
                        label={t('membershipEdit.changeRoleOf', { name: m.studyGroupName })}
                        submitLabel={t('membershipEdit.confirmRole')}
                        {...changing(m, action)}
                      >
                        <Select
                          size="xs"
                          label={t('membershipEdit.newRole')}
                          data={roleOptions}
                          value={action.role || null}
                          onChange={(v) => setAction({ ...action, role: (v ?? '') as Role | '' })}
                          error={changeErrors.role}
                          w={150}
                        />
                        <TextInput
                          type="date"
                          size="xs"
                          label={t('membershipEdit.from')}
                          value={action.from}
                          onChange={(e) => setAction({ ...action, from: e.currentTarget.value })}
                          error={changeErrors.from}
                        />
                      </InlineChangeForm>
                    )
                  ) : (
                    !m.leftOn && (
                      <Group gap="xs">
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('membershipEdit.changeRoleOf', { name: m.studyGroupName })}
                          onClick={() => start({ kind: 'role', id: m.id, role: '', from: today() })}
                        >
                          {t('membershipEdit.changeRole')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('membershipEdit.endOf', { name: m.studyGroupName })}
                          onClick={() => start({ kind: 'end', id: m.id, leftOn: today() })}
                        >
                          {t('membershipEdit.end')}
                        </Button>
                      </Group>
                    )
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!memberships.length && <Text size="sm">{t('common.none')}</Text>}
      {editable &&
        (adding ? (
          <form
            noValidate
            aria-label={t('membershipEdit.add')}
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate();
            }}
          >
            <Group align="start" mt="sm" gap="sm">
              <LookupSelect
                label={t('membershipEdit.studyGroup')}
                value={draft.studyGroupId}
                onChange={(studyGroupId) => setDraft((d) => ({ ...d, studyGroupId }))}
                queryKey="study-group"
                search={async (q) =>
                  (
                    await api.registry.GET('/v1/organizations', { params: { query: { q, kind: 'study_group', limit: 20 } } })
                  ).data!.items.map((o) => ({ value: o.id, label: o.name }))
                }
                resolve={async (id) =>
                  body<Organization>(await api.registry.GET('/v1/organizations/{id}', { params: { path: { id } } })).name
                }
              />
              <Select
                label={t('membershipEdit.role')}
                data={roleOptions}
                value={draft.role}
                onChange={(v) => v && setDraft((d) => ({ ...d, role: v as Role }))}
                allowDeselect={false}
                error={addErrors.role}
                w={160}
              />
              <TextInput
                type="date"
                label={t('membershipEdit.joinedOn')}
                value={draft.joinedOn}
                onChange={(e) => setDraft((d) => ({ ...d, joinedOn: e.currentTarget.value }))}
                error={addErrors.joinedOn}
              />
            </Group>
            <ChangeProblem error={add.error} />
            <Group mt="sm">
              <Button size="xs" type="submit" loading={add.isPending} disabled={!draft.studyGroupId}>
                {t('membershipEdit.add')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setAdding(false)}>
                {t('personEdit.cancel')}
              </Button>
            </Group>
          </form>
        ) : (
          <Button size="xs" variant="default" mt="sm" onClick={() => setAdding(true)}>
            {t('membershipEdit.add')}
          </Button>
        ))}
    </>
  );
}
