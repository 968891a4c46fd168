import { Badge, Button, Group, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, body } from '../../api/client';
import type { components } from '../../api/generated/registry';
import type { ConsentView } from '../../api/types';
import { ChangeProblem } from '../../components/ChangeProblem';
import { fieldErrors } from '../../components/FieldErrors';
import { ProblemAlert } from '../../components/common';
import { formatDate, formatDateTime, localized } from '../../format';
import '../privacy/labels';

type GiveBody = components['schemas']['GiveConsentDto'];
const PURPOSES: GiveBody['purpose'][] = ['directory_listing', 'attendee_listing', 'news'];
const SOURCES: GiveBody['source'][] = ['staff', 'form'];

/**
 * A person's consents (registry ConsentsController: admin, coordinator; the page fetches them only for those
 * roles): purpose, when given, source, withdrawn when and how; staff record a consent (a paper form's date may be
 * given) and a withdrawal. A consent already in force (409) is said in words.
 */
export function PersonConsents({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<{ purpose: GiveBody['purpose']; source: GiveBody['source']; givenOn: string }>({
    purpose: 'directory_listing',
    source: 'staff',
    givenOn: '',
  });
  const consents = useQuery({
    queryKey: ['registry', 'person', personId, 'consents'],
    queryFn: async () => body<ConsentView[]>(await api.registry.GET('/v1/people/{id}/consents', { params: { path: { id: personId } } })),
  });
  // a consent changes the person's `consentToList` (directory listing): the person is read again too
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['registry', 'person', personId] });
  const give = useMutation({
    mutationFn: async () =>
      body<ConsentView>(
        await api.registry.POST('/v1/people/{id}/consents', {
          params: { path: { id: personId } },
          body: {
            purpose: draft.purpose,
            source: draft.source,
            // a day (Tokyo) given on paper: its start in Tokyo
            ...(draft.givenOn ? { givenAt: `${draft.givenOn}T00:00:00+09:00` } : {}),
          },
        }),
      ),
    onSuccess: () => void refresh(),
  });
  const withdraw = useMutation({
    mutationFn: async (id: string) =>
      body<ConsentView>(await api.registry.POST('/v1/consents/{id}/withdrawal', { params: { path: { id } } })),
    onSuccess: () => void refresh(),
  });
  const errors = fieldErrors(give.error);
  return (
    <>
      <Title order={3} size="h4" mt="lg" mb="xs">
        {t('consents.title')}
      </Title>
      <ProblemAlert error={consents.error} />
      <Table aria-label={t('consents.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('consents.purpose')}</Table.Th>
            <Table.Th scope="col">{t('consents.givenAt')}</Table.Th>
            <Table.Th scope="col">{t('consents.source')}</Table.Th>
            <Table.Th scope="col">{t('consents.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {consents.data?.map((c) => (
            <Table.Tr key={c.id} data-consent={c.purpose}>
              <Table.Td>{localized(c.purposeLabel, i18n.language)}</Table.Td>
              <Table.Td>{formatDate(c.givenAt, i18n.language)}</Table.Td>
              <Table.Td>{t(`consents.sources.${c.source}`)}</Table.Td>
              <Table.Td>
                {c.inForce ? (
                  <Group gap="xs">
                    <Badge color="teal.9">{t('consents.inForce')}</Badge>
                    <Button
                      size="xs"
                      variant="default"
                      loading={withdraw.isPending && withdraw.variables === c.id}
                      aria-label={`${t('consents.withdraw')}: ${localized(c.purposeLabel, i18n.language)}`}
                      onClick={() => withdraw.mutate(c.id)}
                    >
                      {t('consents.withdraw')}
                    </Button>
                  </Group>
                ) : (
                  <Text size="sm">
                    {t('consents.withdrawn', { at: formatDateTime(c.withdrawnAt, i18n.language) })}
                    {c.withdrawnVia ? ` (${t(`consents.via.${c.withdrawnVia}`)})` : ''}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {consents.data?.length === 0 && <Text size="sm">{t('consents.none')}</Text>}
      <ProblemAlert error={withdraw.error} />
      <form
        noValidate
        aria-label={t('consents.recordTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          give.mutate();
        }}
      >
        <Group align="start" mt="sm" gap="sm">
          <Select
            label={t('consents.purpose')}
            data={PURPOSES.map((p) => ({ value: p, label: t(`consents.purposes.${p}`) }))}
            value={draft.purpose}
            onChange={(v) => v && setDraft((d) => ({ ...d, purpose: v as GiveBody['purpose'] }))}
            allowDeselect={false}
            error={errors.purpose}
            w={220}
          />
          <Select
            label={t('consents.source')}
            data={SOURCES.map((s) => ({ value: s, label: t(`consents.sources.${s}`) }))}
            value={draft.source}
            onChange={(v) => v && setDraft((d) => ({ ...d, source: v as GiveBody['source'] }))}
            allowDeselect={false}
            error={errors.source}
            w={220}
          />
          <TextInput
            type="date"
            label={t('consents.givenAt')}
            value={draft.givenOn}
            onChange={(e) => setDraft((d) => ({ ...d, givenOn: e.currentTarget.value }))}
            error={errors.givenAt}
          />
        </Group>
        <ChangeProblem error={give.error} />
        {give.isSuccess && (
          <Text size="sm" role="status" mt="xs">
            {t('consents.recorded')}
          </Text>
        )}
        <Button size="xs" mt="sm" type="submit" loading={give.isPending}>
          {t('consents.record')}
        </Button>
      </form>
    </>
  );
}
