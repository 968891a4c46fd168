import { Anchor, Group, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, body } from '../../api/client';
import type { OrganizationRecordView } from '../../api/types';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { formatDate } from '../../format';
import { type FocusField, focusFieldOptions } from './focus-fields';
import { RegistryNav } from './nav';

const LIMIT = 25;

export interface BureauView {
  code: string;
  nameJa: string;
  nameEn: string;
}

export function useBureaus() {
  return useQuery({
    queryKey: ['registry', 'bureaus'],
    staleTime: Infinity,
    queryFn: async () => body<{ items: BureauView[] }>(await api.registry.GET('/v1/bureaus', {})).items,
  });
}

/** Study groups (研究会): filter by bureau, focus field and a day they existed; paged in the URL. */
export function StudyGroupsPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [bureau, setBureau] = useParam('bureau');
  const [focusField, setFocusField] = useParam('focusField');
  const [activeOn, setActiveOn] = useParam('activeOn');
  const offset = offsetParam(params);
  const bureaus = useBureaus();
  const en = i18n.language.startsWith('en');
  const bureauName = (code: string) => {
    const b = bureaus.data?.find((x) => x.code === code);
    return b ? (en ? b.nameEn : b.nameJa) : code;
  };
  const list = useQuery({
    queryKey: ['registry', 'study-groups', bureau, focusField, activeOn, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.registry.GET('/v1/study-groups', {
          params: {
            query: {
              bureau: bureau || undefined,
              focusField: (focusField || undefined) as FocusField | undefined,
              activeOn: /^\d{4}-\d{2}-\d{2}$/.test(activeOn) ? activeOn : undefined,
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
        {t('studyGroups.title')}
      </Title>
      <Group mb="md" align="end">
        <Select
          label={t('studyGroups.bureau')}
          data={(bureaus.data ?? []).map((b) => ({ value: b.code, label: en ? b.nameEn : b.nameJa }))}
          value={bureau || null}
          onChange={(v) => setBureau(v ?? '')}
          clearable
          clearButtonProps={{ 'aria-label': t('lookup.clear') }}
          placeholder={t('common.all')}
          w={200}
        />
        <Select
          label={t('registry.focusFields')}
          data={focusFieldOptions(t)}
          value={focusField || null}
          onChange={(v) => setFocusField(v ?? '')}
          clearable
          clearButtonProps={{ 'aria-label': t('lookup.clear') }}
          placeholder={t('common.all')}
          w={200}
        />
        <TextInput
          label={t('studyGroups.activeOn')}
          type="date"
          value={activeOn}
          onChange={(e) => setActiveOn(e.currentTarget.value)}
          w={180}
        />
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : list.data ? (
        <>
          <Table striped highlightOnHover aria-label={t('studyGroups.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.bureau')}</Table.Th>
                <Table.Th scope="col">{t('registry.focusFields')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.foundedOn')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.currentMembers')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/registry/study-groups/${g.id}`}>
                      {g.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{g.bureauCodes.map(bureauName).join(', ')}</Table.Td>
                  <Table.Td>{g.focusFields.map((f) => t(`orgEdit.focus.${f}`)).join(', ')}</Table.Td>
                  <Table.Td>{formatDate(g.foundedOn, i18n.language)}</Table.Td>
                  <Table.Td>{g.currentMembers}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager total={list.data.total} limit={LIMIT} offset={offset} label={t('studyGroups.title')} />
        </>
      ) : null}
      <Anchor component={Link} to="/reports/study-groups" mt="md" display="block">
        {t('studyGroups.report')} →
      </Anchor>
    </>
  );
}

/** A study group's members (with their roles over time); `?activeOn=` shows those who were members that day. */
export function StudyGroupPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [activeOn, setActiveOn] = useParam('activeOn');
  const offset = offsetParam(params);
  const group = useQuery({
    queryKey: ['registry', 'organization', id],
    queryFn: async () => body<OrganizationRecordView>(await api.registry.GET('/v1/organizations/{id}', { params: { path: { id } } })),
  });
  const members = useQuery({
    queryKey: ['registry', 'study-group', id, 'members', activeOn, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.registry.GET('/v1/study-groups/{id}/members', {
          params: {
            path: { id },
            query: { activeOn: /^\d{4}-\d{2}-\d{2}$/.test(activeOn) ? activeOn : undefined, limit: LIMIT, offset },
          },
        })
      ).data!,
  });
  return (
    <>
      <RegistryNav />
      {group.error ? <ProblemAlert error={group.error} /> : null}
      <Title order={2} mb="xs">
        {group.data?.name ?? t('studyGroups.title')}
      </Title>
      {group.data && (
        <Text size="sm" mb="md">
          {group.data.nameKana} · {group.data.municipalityName ?? '—'} ·{' '}
          <Anchor component={Link} to={`/registry/organizations/${id}`}>
            {t('studyGroups.organizationPage')}
          </Anchor>
        </Text>
      )}
      <TextInput
        label={t('studyGroups.activeOn')}
        type="date"
        value={activeOn}
        onChange={(e) => setActiveOn(e.currentTarget.value)}
        w={180}
        mb="md"
      />
      <ProblemAlert error={members.error} />
      {members.isPending ? (
        <Loading />
      ) : members.data ? (
        <>
          <Table striped aria-label={t('studyGroups.members')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.role')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.joinedOn')}</Table.Th>
                <Table.Th scope="col">{t('studyGroups.leftOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.data.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/registry/people/${m.personId}`}>
                      {m.personName}
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
          <Pager total={members.data.total} limit={LIMIT} offset={offset} label={t('studyGroups.members')} />
        </>
      ) : null}
    </>
  );
}
