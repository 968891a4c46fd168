import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginAnswers, renderAt, stubNetwork, either, empty, logIn } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const delivery = {
  id: '55555555-5555-4555-8555-555555555555',
  kind: 'account-invitation',
  category: 'account',
  status: 'failed',
  recipient: { role: 'invitee', personId: null, email: 'new@example.jp', name: '新人 さん', language: 'ja', source: 'registry' },
  subject: 'Collabo へのご招待',
  proposalId: null,
  eventId: null,
  causedBy: '66666666-6666-4666-8666-666666666666',
  causedBySubject: 'registry.evt.account.invited.v1',
  messageId: '<x@collabo>',
  attempts: 3,
  resends: 0,
  lastError: 'connection refused',
  lastErrorCode: 'ECONNREFUSED',
  smtpResponse: null,
  nextAttemptAt: null,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  sentAt: null,
  redactedAt: null,
  version: 4,
  text: 'パスワードを設定してください: https://collabo.example/set-password?token=•••',
  html: '<p>パスワードを設定してください</p>',
  attachments: [],
  unsubscribeUrl: null,
  attemptLog: [],
};

describe('mail screens', () => {
  it('shows an email as the recipient saw it, secrets masked, and resends a failed one with If-Match', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (method, path) => {
        if (path === `/api/notifications/v1/deliveries/${delivery.id}`) return { body: delivery };
        if (method === 'POST' && path.endsWith('/resend')) return { body: { ...delivery, status: 'queued', version: 5 } };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/mail/deliveries/${delivery.id}`);
    const user = await logIn();
    expect(await screen.findByRole('heading', { name: 'Collabo へのご招待' })).toBeInTheDocument();
    expect(screen.getByTitle(/メール本文/)).toHaveAttribute('sandbox', '');
    await user.click(screen.getByRole('tab', { name: 'テキスト' }));
    expect(await screen.findByTestId('delivery-text')).toHaveTextContent('token=•••');
    await user.click(screen.getByRole('button', { name: '再送する' }));
    expect(await screen.findByText(/再送を受け付けました/)).toBeInTheDocument();
    const resend = calls.find((c) => c.method === 'POST' && c.path.endsWith('/resend'))!;
    expect(resend.request.headers.get('if-match')).toBe('"4"');
  });

  it('lets a viewer read a person’s preferences but not change them, and fetches no delivery', async () => {
    const personId = '77777777-7777-4777-8777-777777777777';
    const calls = stubNetwork(
      either(loginAnswers(['viewer']), (method, path) => {
        if (path.startsWith('/api/notifications/v1/preferences'))
          return {
            body: {
              recipientKey: `person:${personId}`,
              categories: [
                {
                  category: 'account',
                  transactional: true,
                  labelJa: 'アカウント',
                  labelEn: 'Account',
                  subscribed: true,
                  source: null,
                  updatedAt: null,
                },
                {
                  category: 'event_reminder',
                  transactional: false,
                  labelJa: '交流会のリマインダー',
                  labelEn: 'Event reminders',
                  subscribed: false,
                  source: 'unsubscribe_link',
                  updatedAt: '2026-11-01T00:00:00Z',
                },
              ],
            },
          };
        if (path === `/api/registry/v1/people/${personId}`)
          return { body: { id: personId, displayName: '鈴木 花', email: 'hana@example.jp' } };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/mail/preferences?personId=${personId}`);
    await logIn();
    const reminder = await screen.findByRole('switch', { name: /交流会のリマインダー/ });
    expect(reminder).not.toBeChecked();
    expect(reminder).toBeDisabled();
    await waitFor(() => expect(calls.some((c) => c.path.includes(`personId=${personId}`))).toBe(true));
    expect(calls.filter((c) => /deliveries|dead-letters/.test(c.path))).toEqual([]);
  });
});
