import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { theme } from '../../App';
import '../../i18n';
import { EndOnDateForm } from './EndOnDateForm';

type Props = Partial<Parameters<typeof EndOnDateForm>[0]>;

/** The form as a table row holds it: the day kept by the row, the change's state given. */
function renderForm(props: Props = {}) {
  const onSubmit = vi.fn();
  const onReload = vi.fn();
  function Row() {
    const [day, setDay] = useState('2026-12-06');
    return (
      <EndOnDateForm
        label="株式会社日高昆布 の所属を終了する"
        dateLabel="終了日"
        field="to"
        value={day}
        onChange={setDay}
        submitLabel="この日で終了"
        pending={false}
        error={undefined}
        onSubmit={() => onSubmit(day)}
        onReload={onReload}
        {...props}
      />
    );
  }
  render(
    <MemoryRouter>
      <MantineProvider theme={theme}>
        <Row />
      </MantineProvider>
    </MemoryRouter>,
  );
  const form = screen.getByRole('form', { name: '株式会社日高昆布 の所属を終了する' });
  return { form, day: within(form).getByLabelText('終了日'), onSubmit, onReload, user: userEvent.setup() };
}

describe('EndOnDateForm', () => {
  it('sends the day typed, without a cancel button unless asked for one', async () => {
    const { form, day, onSubmit, user } = renderForm();
    expect(day).toHaveValue('2026-12-06');
    await user.clear(day);
    await user.type(day, '2026-03-31');
    await user.click(within(form).getByRole('button', { name: 'この日で終了' }));
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('2026-03-31');
    expect(within(form).queryByRole('button', { name: 'やめる' })).toBeNull();
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('cancels when it may', async () => {
    const onCancel = vi.fn();
    const { form, onSubmit, user } = renderForm({ onCancel });
    await user.click(within(form).getByRole('button', { name: 'やめる' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('waits while the change is sent', () => {
    const { form } = renderForm({ pending: true });
    expect(within(form).getByRole('button', { name: 'この日で終了' })).toBeDisabled();
  });

  it('shows the service’s error on its field at the day, and no other field’s', () => {
    const error = new ApiError(400, {
      status: 400,
      detail: 'Validation failed',
      errors: [
        { field: 'to', message: 'to cannot be before from' },
        { field: 'leftOn', message: 'not this form’s field' },
      ],
    });
    const { day } = renderForm({ error });
    expect(day).toHaveAttribute('aria-invalid', 'true');
    expect(day).toHaveAccessibleDescription('to cannot be before from');
  });

  it('answers a stale version (412) with “someone changed this” and a reload', async () => {
    const error = new ApiError(412, { status: 412, title: 'Precondition Failed' });
    const { form, onReload, onSubmit, user } = renderForm({ error });
    expect(within(form).getByRole('alert')).toHaveTextContent('他の人がこれを変更しました。');
    await user.click(within(form).getByRole('button', { name: '再読み込み' }));
    expect(onReload).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says a refusal (409) in words, with no reload', () => {
    const error = new ApiError(409, { status: 409, code: 'REGISTRY.MEMBERSHIP_OVERLAP', detail: 'overlap' });
    const { form } = renderForm({ error });
    expect(within(form).getByRole('alert')).toHaveTextContent('この人はその期間すでにこの研究会の会員です。');
    expect(within(form).queryByRole('button', { name: '再読み込み' })).toBeNull();
  });
});
