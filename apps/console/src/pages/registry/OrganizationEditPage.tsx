import { Alert, Anchor, Button, Group, MultiSelect, Select, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, body } from '../../api/client';
import type { components } from '../../api/generated/registry';
import type { OrganizationRecordView, PossibleDuplicate } from '../../api/types';
import { fieldErrors } from '../../components/FieldErrors';
import { ifMatch } from '../../components/ifMatch';
import { Loading, ProblemAlert } from '../../components/common';
import { MunicipalitySelect } from '../../components/MunicipalitySelect';
import { corporateNumberValid } from './corporate-number';
import { type FocusField, focusFieldOptions } from './focus-fields';
import { RegistryNav } from './nav';
import { KINDS } from './RegistryPage';

type CreateBody = components['schemas']['CreateOrganizationDto'];
type Sector = CreateBody['sector'];
const SECTORS: Sector[] = ['industry', 'academia', 'government', 'finance'];

interface Form {
  kind: CreateBody['kind'];
  sector: Sector;
  name: string;
  nameKana: string;
  nameEn: string;
  corporateNumber: string;
  municipalityCode: string | null;
  postalCode: string;
  address: string;
  representative: string;
  website: string;
  focusFields: FocusField[];
}

const EMPTY: Form = {
  kind: 'company',
  sector: 'industry',
  name: '',
  nameKana: '',
  nameEn: '',
  corporateNumber: '',
  municipalityCode: null,
  postalCode: '',
  address: '',
  representative: '',
  website: '',
  focusFields: [],
};

const formOf = (o: OrganizationRecordView): Form => ({
  kind: o.kind as Form['kind'],
  sector: (o.sector ?? 'industry') as Sector,
  name: o.name,
  nameKana: o.nameKana ?? '',
  nameEn: o.nameEn ?? '',
  corporateNumber: o.corporateNumber ?? '',
  municipalityCode: o.municipalityCode,
  postalCode: o.postalCode ?? '',
  address: o.address ?? '',
  representative: o.representative ?? '',
  website: o.website ?? '',
  focusFields: o.focusFields as FocusField[],
});

/** The body the registry takes: empty text is null (cleared); on an edit only what changed is sent. */
export function changesOf(form: Form, before?: Form): Partial<CreateBody> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(form) as (keyof Form)[]) {
    const value = form[key];
    if (before && JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    out[key] = typeof value === 'string' && value.trim() === '' && key !== 'name' && key !== 'nameKana' ? null : value;
  }
  return out as Partial<CreateBody>;
}

/** Feedback on a 法人番号 as it is typed: its length, then its check digit. */
export function corporateNumberFeedback(value: string): 'empty' | 'digits' | 'length' | 'checkDigit' | 'ok' {
  const v = value.trim();
  if (!v) return 'empty';
  if (!/^\d+$/.test(v)) return 'digits';
  if (v.length !== 13) return 'length';
  return corporateNumberValid(v) ? 'ok' : 'checkDigit';
}

/**
 * Registering or editing an organisation (admin, coordinator): 法人番号 checked as typed, the municipality picked
 * from the 179, the service's field-level refusals shown at the fields, a change sent with If-Match (412: someone
 * changed it; reload).
 */
export function OrganizationEditPage() {
  const { id } = useParams();
  const organization = useQuery({
    queryKey: ['registry', 'organization', id],
    enabled: !!id,
    queryFn: async () => body<OrganizationRecordView>(await api.registry.GET('/v1/organizations/{id}', { params: { path: { id: id! } } })),
  });
  if (id && organization.isPending) return <Loading />;
  if (organization.error) return <ProblemAlert error={organization.error} />;
  // A new version (after a reload) starts the form again from what the registry holds.
  return (
    <OrganizationForm
      key={organization.data?.version ?? 'new'}
      id={id}
      organization={organization.data}
      reload={() => void organization.refetch()}
    />
  );
}

function OrganizationForm({ id, organization, reload }: { id?: string; organization?: OrganizationRecordView; reload: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => (organization ? formOf(organization) : EMPTY));
  const [created, setCreated] = useState<{ id: string; possibleDuplicates: PossibleDuplicate[] }>();
  const save = useMutation({
    mutationFn: async () => {
      if (id && organization) {
        const o = organization;
        return body<OrganizationRecordView>(
          await api.registry.PATCH('/v1/organizations/{id}', {
            params: { path: { id }, header: { 'if-match': ifMatch(o.version) } },
            body: changesOf(form, formOf(o)),
          }),
        );
      }
      return body<OrganizationRecordView & { possibleDuplicates: PossibleDuplicate[] }>(
        await api.registry.POST('/v1/organizations', { body: changesOf(form) as CreateBody }),
      );
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      const duplicates = (saved as { possibleDuplicates?: PossibleDuplicate[] }).possibleDuplicates ?? [];
      if (!id && duplicates.length) setCreated({ id: saved.id, possibleDuplicates: duplicates });
      else void navigate(`/registry/organizations/${saved.id}`);
    },
  });
  const errors = fieldErrors(save.error);
  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  const cn = corporateNumberFeedback(form.corporateNumber);
  const stale = save.error instanceof ApiError && save.error.status === 412;
  return (
    <>
      <RegistryNav />
      <Title order={2} mb="md">
        {id ? t('orgEdit.editTitle', { name: organization?.name }) : t('orgEdit.newTitle')}
      </Title>
      {created ? (
        <Alert color="orange" role="status" title={t('orgEdit.possibleDuplicates')}>
          <ul>
            {created.possibleDuplicates.map((d) => (
              <li key={d.id}>
                <Anchor component={Link} to={`/registry/organizations/${created.id}/merge?with=${d.id}`}>
                  {d.name} ({Math.round(d.similarity * 100)}%)
                </Anchor>
              </li>
            ))}
          </ul>
          <Anchor component={Link} to={`/registry/organizations/${created.id}`}>
            {t('orgEdit.openCreated')}
          </Anchor>
        </Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
          noValidate
        >
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" maw={900}>
            <Select
              label={t('common.kind')}
              data={KINDS}
              value={form.kind}
              onChange={(v) => v && set('kind')(v as Form['kind'])}
              allowDeselect={false}
              error={errors.kind}
              required
            />
            <Select
              label={t('orgEdit.sector')}
              data={SECTORS.map((s) => ({ value: s, label: t(`orgEdit.sectors.${s}`) }))}
              value={form.sector}
              onChange={(v) => v && set('sector')(v as Sector)}
              allowDeselect={false}
              error={errors.sector}
              required
            />
            <TextInput
              label={t('common.name')}
              value={form.name}
              onChange={(e) => set('name')(e.currentTarget.value)}
              error={errors.name}
              required
            />
            <TextInput
              label={t('registry.kana')}
              value={form.nameKana}
              onChange={(e) => set('nameKana')(e.currentTarget.value)}
              error={errors.nameKana}
              required
            />
            <TextInput
              label={t('orgEdit.nameEn')}
              value={form.nameEn}
              onChange={(e) => set('nameEn')(e.currentTarget.value)}
              error={errors.nameEn}
            />
            <TextInput
              label={t('registry.corporateNumber')}
              value={form.corporateNumber}
              onChange={(e) =>
                set('corporateNumber')(e.currentTarget.value.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)))
              }
              inputMode="numeric"
              maxLength={13}
              description={cn === 'ok' ? t('registry.checkDigitOk') : undefined}
              error={errors.corporateNumber ?? (cn === 'empty' || cn === 'ok' ? undefined : t(`orgEdit.corporateNumber.${cn}`))}
              data-feedback={cn}
            />
            <MunicipalitySelect value={form.municipalityCode} onChange={set('municipalityCode')} error={errors.municipalityCode} />
            <TextInput
              label={t('orgEdit.postalCode')}
              value={form.postalCode}
              onChange={(e) => set('postalCode')(e.currentTarget.value)}
              error={errors.postalCode}
            />
            <TextInput
              label={t('registry.address')}
              value={form.address}
              onChange={(e) => set('address')(e.currentTarget.value)}
              error={errors.address}
            />
            <TextInput
              label={t('registry.representative')}
              value={form.representative}
              onChange={(e) => set('representative')(e.currentTarget.value)}
              error={errors.representative}
            />
            <TextInput
              label={t('orgEdit.website')}
              type="url"
              value={form.website}
              onChange={(e) => set('website')(e.currentTarget.value)}
              error={errors.website}
            />
            <MultiSelect
              label={t('registry.focusFields')}
              data={focusFieldOptions(t)}
              value={form.focusFields}
              onChange={(v) => set('focusFields')(v as FocusField[])}
              error={errors.focusFields}
            />
          </SimpleGrid>
          {stale ? (
            <Alert color="orange" mt="md" role="alert" title={t('orgEdit.stale')}>
              <Button
                size="xs"
                onClick={() => {
                  save.reset();
                  reload();
                }}
              >
                {t('common.reload')}
              </Button>
            </Alert>
          ) : (
            <ProblemAlert error={save.error} />
          )}
          <Group mt="md">
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
            <Anchor component={Link} to={id ? `/registry/organizations/${id}` : '/registry'}>
              {t('orgEdit.cancel')}
            </Anchor>
          </Group>
          {save.error && Object.keys(errors).length > 0 && (
            <Text size="sm" mt="xs" role="status">
              {t('orgEdit.fixFields', { n: Object.keys(errors).length })}
            </Text>
          )}
        </form>
      )}
    </>
  );
}
