import { Button, Group, MultiSelect, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, body } from '../../api/client';
import type { components } from '../../api/generated/registry';
import type { PersonRecordView } from '../../api/types';
import { ChangeProblem } from '../../components/ChangeProblem';
import { fieldErrors } from '../../components/FieldErrors';
import { ifMatch } from '../../components/ifMatch';
import { type FocusField, focusFieldOptions } from './focus-fields';
import './labels';
import './person-labels';

type UpdateBody = components['schemas']['UpdatePersonDto'];

export interface PersonFormValues {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  nameEn: string;
  email: string;
  phone: string;
  preferredLanguage: 'ja' | 'en';
  expertiseFields: FocusField[];
}

export const personFormOf = (p: PersonRecordView): PersonFormValues => ({
  familyName: p.familyName,
  givenName: p.givenName,
  familyNameKana: p.familyNameKana ?? '',
  givenNameKana: p.givenNameKana ?? '',
  nameEn: p.nameEn ?? '',
  email: p.email ?? '',
  phone: p.phone ?? '',
  preferredLanguage: p.preferredLanguage,
  expertiseFields: p.expertiseFields as FocusField[],
});

/** Optional fields the registry clears with null (an emptied one); the names, reading and email are required. */
const NULLABLE = new Set<keyof PersonFormValues>(['nameEn', 'phone']);

/** The PATCH body: only what changed; an emptied optional field is null; required text is sent as typed (the registry says why it is refused). */
export function personChanges(form: PersonFormValues, before: PersonFormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(form) as (keyof PersonFormValues)[]) {
    const value = form[key];
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    out[key] =
      typeof value === 'string' && NULLABLE.has(key) && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

/**
 * Editing a person's fields (admin, coordinator) on their page: sent with If-Match of the version read; the
 * registry's field errors (400, and 409 for an email already registered) at the fields; 412 → "someone changed
 * this; reload"; a merged person (409) in words with a link to the survivor.
 */
export function PersonForm({ person, onDone, reload }: { person: PersonRecordView; onDone: () => void; reload: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<PersonFormValues>(() => personFormOf(person));
  const save = useMutation({
    mutationFn: async () =>
      body<PersonRecordView>(
        await api.registry.PATCH('/v1/people/{id}', {
          params: { path: { id: person.id }, header: { 'if-match': ifMatch(person.version) } },
          body: personChanges(form, personFormOf(person)) as unknown as UpdateBody,
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['registry', 'person', person.id] });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const text = (key: keyof PersonFormValues, props: { required?: boolean; type?: string } = {}) => (
    <TextInput
      label={t(`personEdit.${key}`)}
      value={form[key] as string}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setForm((f) => ({ ...f, [key]: value }));
      }}
      error={errors[key]}
      {...props}
    />
  );
  return (
    <form
      noValidate
      aria-label={t('personEdit.title', { name: person.displayName })}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {text('familyName', { required: true })}
        {text('givenName', { required: true })}
        {text('familyNameKana', { required: true })}
        {text('givenNameKana', { required: true })}
        {text('nameEn')}
        {text('email', { required: true, type: 'email' })}
        {text('phone', { type: 'tel' })}
        <Select
          label={t('personEdit.language')}
          data={[
            { value: 'ja', label: '日本語' },
            { value: 'en', label: 'English' },
          ]}
          value={form.preferredLanguage}
          onChange={(v) => v && setForm((f) => ({ ...f, preferredLanguage: v as 'ja' | 'en' }))}
          allowDeselect={false}
          error={errors.preferredLanguage}
        />
      </SimpleGrid>
      <MultiSelect
        mt="sm"
        label={t('personEdit.expertise')}
        data={focusFieldOptions(t)}
        value={form.expertiseFields}
        onChange={(v) => setForm((f) => ({ ...f, expertiseFields: v as FocusField[] }))}
        error={errors.expertiseFields}
      />
      <ChangeProblem
        error={save.error}
        onReload={() => {
          save.reset();
          reload();
        }}
      />
      {save.error && Object.keys(errors).length > 0 && (
        <Text size="sm" mt="xs" role="status">
          {t('personEdit.fixFields', { n: Object.keys(errors).length })}
        </Text>
      )}
      <Group mt="md">
        <Button type="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button variant="default" onClick={onDone}>
          {t('personEdit.cancel')}
        </Button>
      </Group>
    </form>
  );
}
