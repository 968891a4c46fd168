import { Button, Group, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangeProblem } from '../../components/ChangeProblem';
import { fieldErrors } from '../../components/FieldErrors';
import './person-labels';

interface InlineChangeFormProps {
  /** The form's accessible name (e.g. "end the affiliation with …"). */
  label: string;
  submitLabel: string;
  /** The change's state: the submit button waits while it is sent; its error is said under the fields. */
  pending: boolean;
  error: unknown;
  onSubmit: () => void;
  /** After a 412 ("someone changed this"): read the record again and close the form. */
  onReload: () => void;
  /** A cancel button beside the submit button when given. */
  onCancel?: () => void;
  children: ReactNode;
}

/**
 * A change of one row of a person's table, in the row (a versioned record sent with If-Match): its fields, the submit
 * button, and the refusal under them: a 412 with "reload", a 409 in words, anything else as the service said it.
 */
export function InlineChangeForm({ label, submitLabel, pending, error, onSubmit, onReload, onCancel, children }: InlineChangeFormProps) {
  const { t } = useTranslation();
  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Group gap="xs" align="end">
        {children}
        <Button size="xs" type="submit" loading={pending}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button size="xs" variant="default" onClick={onCancel}>
            {t('personEdit.cancel')}
          </Button>
        )}
      </Group>
      <ChangeProblem error={error} onReload={onReload} />
    </form>
  );
}

/**
 * Ends a record on a day (an affiliation's `to`, a membership's `leftOn`): the day, the service's error on `field`
 * at the day, and the refusals of {@link InlineChangeForm}.
 */
export function EndOnDateForm({
  dateLabel,
  field,
  value,
  onChange,
  ...form
}: Omit<InlineChangeFormProps, 'children'> & {
  dateLabel: string;
  /** The body's field that holds the day: the registry's field error for it is shown at the day. */
  field: string;
  value: string;
  onChange: (day: string) => void;
}) {
  return (
    <InlineChangeForm {...form}>
      <TextInput
        type="date"
        size="xs"
        label={dateLabel}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={fieldErrors(form.error)[field]}
      />
    </InlineChangeForm>
  );
}
