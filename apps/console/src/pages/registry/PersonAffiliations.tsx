import { Anchor, Button, Group, Table, Text, TextInput, Title } from '@mantine/core';
import { todayInTokyo } from '@collabo/calendar';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, body } from '../../api/client';
import type { Affiliation, Organization } from '../../api/types';
import { ChangeProblem } from '../../components/ChangeProblem';
import { fieldErrors } from '../../components/FieldErrors';
import { ifMatch } from '../../components/ifMatch';
import { LookupSelect } from '../../components/LookupSelect';
import { ProblemAlert } from '../../components/common';
import { formatDate } from '../../format';
import { EndOnDateForm } from './EndOnDateForm';
import './labels';
import './person-labels';

export const today = () => todayInTokyo(new Date()) as string;

/**
 * A person's affiliations, past and present; staff who may change people (admin, coordinator) end one (its last
 * day, with If-Match) and add one (organisation picked by name); the registry's field errors at the fields.
 */
export function PersonAffiliations({ personId, editable }: { personId: string; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [ending, setEnding] = useState<{ id: string; to: string }>();
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ organizationId: '', department: '', title: '', from: '' });
  const affiliations = useQuery({
    queryKey: ['registry', 'person', personId, 'affiliations'],
    queryFn: async () =>
      (await api.registry.GET('/v1/people/{id}/affiliations', { params: { path: { id: personId }, query: { limit: 50 } } })).data!,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['registry', 'person', personId] });
  const end = useMutation({
    mutationFn: async ({ affiliation, to }: { affiliation: Affiliation; to: string }) =>
      body<Affiliation>(
        await api.registry.PATCH('/v1/affiliations/{id}', {
          params: { path: { id: affiliation.id }, header: { 'if-match': ifMatch(affiliation.version ?? 0) } },
          // (the generated type reads the nullable date as an empty object)
          body: { to } as never,
        }),
      ),
    onSuccess: () => {
      setEnding(undefined);
      void refresh();
    },
  });
  const add = useMutation({
    mutationFn: async () =>
      body<Affiliation>(
        await api.registry.POST('/v1/people/{id}/affiliations', {
          params: { path: { id: personId } },
          body: {
            organizationId: draft.organizationId,
            department: draft.department.trim() || null,
            title: draft.title.trim() || null,
            from: draft.from || null,
          } as never,
        }),
      ),
    onSuccess: () => {
      setAdding(false);
      setDraft({ organizationId: '', department: '', title: '', from: '' });
      void refresh();
    },
  });
  const addErrors = fieldErrors(add.error);
  return (
    <>
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
            {editable && <Table.Th scope="col">{t('affiliationEdit.actions')}</Table.Th>}
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
              {editable && (
                <Table.Td>
                  {ending?.id === a.id ? (
                    <EndOnDateForm
                      label={t('affiliationEdit.endOf', { name: a.organizationName ?? '' })}
                      dateLabel={t('affiliationEdit.endOn')}
                      field="to"
                      value={ending.to}
                      onChange={(to) => setEnding({ id: a.id, to })}
                      submitLabel={t('affiliationEdit.confirmEnd')}
                      pending={end.isPending}
                      error={end.error}
                      onSubmit={() => end.mutate({ affiliation: a, to: ending.to })}
                      onReload={() => {
                        end.reset();
                        setEnding(undefined);
                        void refresh();
                      }}
                    />
                  ) : (
                    !a.to && (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('affiliationEdit.endOf', { name: a.organizationName ?? '' })}
                        onClick={() => {
                          end.reset();
                          setEnding({ id: a.id, to: today() });
                        }}
                      >
                        {t('affiliationEdit.end')}
                      </Button>
                    )
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {affiliations.data?.items.length === 0 && <Text size="sm">{t('common.none')}</Text>}
      {editable &&
        (adding ? (
          <form
            noValidate
            aria-label={t('affiliationEdit.add')}
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate();
            }}
          >
            <Group align="start" mt="sm" gap="sm">
              <div>
                <LookupSelect
                  label={t('affiliationEdit.organization')}
                  value={draft.organizationId}
                  onChange={(organizationId) => setDraft((d) => ({ ...d, organizationId }))}
                  queryKey="organization"
                  search={async (q) =>
                    (await api.registry.GET('/v1/organizations', { params: { query: { q, limit: 20 } } })).data!.items.map((o) => ({
                      value: o.id,
                      label: o.name,
                    }))
                  }
                  resolve={async (id) =>
                    body<Organization>(await api.registry.GET('/v1/organizations/{id}', { params: { path: { id } } })).name
                  }
                />
                {addErrors.organizationId && (
                  <Text size="sm" c="red.9" role="alert">
                    {addErrors.organizationId}
                  </Text>
                )}
              </div>
              <TextInput
                label={t('affiliationEdit.department')}
                value={draft.department}
                onChange={(e) => setDraft((d) => ({ ...d, department: e.currentTarget.value }))}
                error={addErrors.department}
              />
              <TextInput
                label={t('affiliationEdit.title')}
                value={draft.title}
                onChange={(e) => setDraft((d) => ({ ...d, title: e.currentTarget.value }))}
                error={addErrors.title}
              />
              <TextInput
                type="date"
                label={t('affiliationEdit.from')}
                value={draft.from}
                onChange={(e) => setDraft((d) => ({ ...d, from: e.currentTarget.value }))}
                error={addErrors.from}
              />
            </Group>
            <ChangeProblem error={add.error} />
            <Group mt="sm">
              <Button size="xs" type="submit" loading={add.isPending}>
                {t('affiliationEdit.add')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setAdding(false)}>
                {t('personEdit.cancel')}
              </Button>
            </Group>
          </form>
        ) : (
          <Button size="xs" variant="default" mt="sm" onClick={() => setAdding(true)}>
            {t('affiliationEdit.add')}
          </Button>
        ))}
    </>
  );
}
