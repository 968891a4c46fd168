import { Anchor, Button, Group, Select, Table, Tabs, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { paths } from '../../api/generated/registry';
import { canSee, canWrite } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { Loading, Pager, ProblemAlert, offsetParam, useParam } from '../../components/common';
import { FileDownload } from '../../components/FileDownload';
import { RegistryNav } from './nav';

const LIMIT = 20;
export type OrganizationKind = NonNullable<NonNullable<paths['/v1/organizations']['get']['parameters']['query']>['kind']>;
/** The kinds the registry's document names (a new kind there fails this list's type-check until it is added). */
export const KINDS: OrganizationKind[] = [
  'company',
  'university',
  'college',
  'public_research_institute',
  'national_government',
  'prefectural_government',
  'municipal_government',
  'economic_association',
  'financial_institution',
  'foundation',
  'npo',
  'study_group',
];

/** Registry search: organisations and people by partial Japanese name or kana, as you type; filters and paging in the URL. */
export function RegistryPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const [tab, setTab] = useParam('tab', 'organizations');
  const [q, setQ] = useParam('q');
  const [kind, setKind] = useParam('kind');
  const [text, setText] = useState(q);
  const [debounced] = useDebouncedValue(text, 250);
  const offset = offsetParam(params);
  useEffect(() => {
    if (debounced !== q) setQ(debounced);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text drives the URL
  }, [debounced]);

  const organizations = useQuery({
    queryKey: ['registry', 'organizations', q, kind, offset],
    enabled: tab === 'organizations',
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (
        await api.registry.GET('/v1/organizations', {
          params: { query: { q: q || undefined, kind: (kind || undefined) as OrganizationKind | undefined, limit: LIMIT, offset } },
        })
      ).data!,
  });
  const people = useQuery({
    queryKey: ['registry', 'people', q, offset],
    enabled: tab === 'people',
    placeholderData: keepPreviousData,
    queryFn: async () => (await api.registry.GET('/v1/people', { params: { query: { q: q || undefined, limit: LIMIT, offset } } })).data!,
  });

  return (
    <>
      <RegistryNav />
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('registry.title')}</Title>
        <Group gap="sm">
          {tab === 'organizations' ? (
            <FileDownload
              label={t('csv.organizations')}
              fileName="organizations.csv"
              fetchFile={async () =>
                (
                  await api.registry.GET('/v1/organizations/export', {
                    params: { query: { q: q || undefined, kind: (kind || undefined) as OrganizationKind | undefined } },
                    parseAs: 'blob',
                  })
                ).data as Blob
              }
            />
          ) : canSee(user?.roles, 'peopleExport') ? (
            <FileDownload
              label={t('csv.people')}
              fileName="people.csv"
              fetchFile={async () =>
                (await api.registry.GET('/v1/people/export', { params: { query: { q: q || undefined } }, parseAs: 'blob' })).data as Blob
              }
            />
          ) : null}
          {canWrite(user?.roles) && (
            <Button component={Link} to="/registry/organizations/new" size="xs">
              {t('orgEdit.newTitle')}
            </Button>
          )}
        </Group>
      </Group>
      <Group mb="md" align="end">
        <TextInput label={t('registry.searchLabel')} type="search" value={text} onChange={(e) => setText(e.currentTarget.value)} w={320} />
        {tab === 'organizations' && (
          <Select
            label={t('common.kind')}
            value={kind || null}
            onChange={(v) => setKind(v ?? '')}
            data={KINDS}
            clearable
            placeholder={t('common.all')}
            w={220}
          />
        )}
      </Group>
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'organizations')}>
        <Tabs.List>
          <Tabs.Tab value="organizations">{t('registry.organizations')}</Tabs.Tab>
          <Tabs.Tab value="people">{t('registry.people')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="organizations" pt="sm">
          <ProblemAlert error={organizations.error} />
          {organizations.isPending ? (
            <Loading />
          ) : organizations.data ? (
            <>
              <Table striped highlightOnHover aria-label={t('registry.organizations')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('common.name')}</Table.Th>
                    <Table.Th scope="col">{t('registry.kana')}</Table.Th>
                    <Table.Th scope="col">{t('common.kind')}</Table.Th>
                    <Table.Th scope="col">{t('registry.municipality')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {organizations.data.items.map((o) => (
                    <Table.Tr key={o.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/registry/organizations/${o.id}`}>
                          {o.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{o.nameKana}</Table.Td>
                      <Table.Td>{o.kind}</Table.Td>
                      <Table.Td>{o.municipalityName}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Pager
                total={organizations.data.total}
                totalExact={organizations.data.totalExact !== false}
                limit={LIMIT}
                offset={offset}
                label={t('registry.organizations')}
              />
            </>
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="people" pt="sm">
          <ProblemAlert error={people.error} />
          {people.isPending ? (
            <Loading />
          ) : people.data ? (
            <>
              <Table striped highlightOnHover aria-label={t('registry.people')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('common.name')}</Table.Th>
                    <Table.Th scope="col">{t('registry.kana')}</Table.Th>
                    <Table.Th scope="col">{t('registry.email')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.data.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/registry/people/${p.id}`}>
                          {p.displayName ?? `${p.familyName ?? ''} ${p.givenName ?? ''}`}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{[p.familyNameKana, p.givenNameKana].filter(Boolean).join(' ')}</Table.Td>
                      <Table.Td>{p.email}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Pager
                total={people.data.total}
                totalExact={people.data.totalExact !== false}
                limit={LIMIT}
                offset={offset}
                label={t('registry.people')}
              />
            </>
          ) : null}
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
