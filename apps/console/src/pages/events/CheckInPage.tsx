import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { canWrite } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { ProblemAlert } from '../../components/common';
import { formatDateTime, localized } from '../../format';
import './events.css';
import './labels';
import { QrScanner } from './QrScanner';

interface Done {
  name: string;
  already: boolean;
  at: string | null;
}

/**
 * The check-in screen at the door, laid out for a phone: the phone's camera reading the registrant's QR code
 * (QrScanner), one large field for its token (a scanner that types, or a pasted or typed token), the answer in words,
 * and the last people checked in. Both check in the same way. The field is cleared after each answer, and focused
 * again unless the camera is scanning, so that the next person can be scanned at once.
 */
export function CheckInPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const staff = canWrite(user?.roles);
  const input = useRef<HTMLInputElement>(null);
  const [token, setToken] = useState('');
  const [recent, setRecent] = useState<Done[]>([]);
  /** While the camera scans, the typed field is not focused after an answer (no keyboard popping up on a phone). */
  const scanning = useRef(false);
  const event = useQuery({
    queryKey: ['events', 'one', id],
    queryFn: async () => (await api.events.GET('/v1/events/{id}', { params: { path: { id } } })).data!,
  });
  const checkIn = useMutation({
    mutationFn: async (value: string) =>
      (await api.events.POST('/v1/events/{id}/check-ins', { params: { path: { id } }, body: { token: value } })).data!,
    onSuccess: (answer) => {
      setRecent((list) =>
        [
          { name: answer.registration.registrant.name, already: answer.alreadyCheckedIn, at: answer.registration.checkedInAt },
          ...list,
        ].slice(0, 10),
      );
    },
    onSettled: () => {
      setToken('');
      if (!scanning.current) input.current?.focus();
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    if (token.trim()) checkIn.mutate(token.trim());
  };
  const last = checkIn.data;
  const unknown = checkIn.error instanceof ApiError && checkIn.error.status === 404;
  return (
    <div className="check-in">
      <Stack gap="sm">
        <Anchor component={Link} to={`/events/${id}`} size="sm">
          ← {t('checkIn.back')}
        </Anchor>
        <Title order={2}>{t('checkIn.title')}</Title>
        {event.data && (
          <Text size="sm">
            {localized(event.data.title, i18n.language)} · {formatDateTime(event.data.startsAt, i18n.language)}
          </Text>
        )}
        {!staff ? (
          <Alert color="yellow" role="alert">
            {t('checkIn.forbidden')}
          </Alert>
        ) : (
          <>
            <QrScanner
              onToken={(value) => checkIn.mutate(value)}
              onActiveChange={(active) => {
                scanning.current = active;
              }}
            />
            {/* the answer right under the camera's picture: on a phone it stays in sight while scanning */}
            {last && !checkIn.error && !checkIn.isPending && (
              <Alert color={last.alreadyCheckedIn ? 'yellow' : 'green'} role="status" data-testid="check-in-result">
                <Text fw={700} size="lg">
                  {t(last.alreadyCheckedIn ? 'checkIn.already' : 'checkIn.done', { name: last.registration.registrant.name })}
                </Text>
                {last.registration.registrant.organizationName && <Text size="sm">{last.registration.registrant.organizationName}</Text>}
              </Alert>
            )}
            {unknown ? (
              <Alert color="red" role="alert">
                {t('checkIn.unknown')}
              </Alert>
            ) : (
              <ProblemAlert error={checkIn.error} />
            )}
            <form onSubmit={onSubmit}>
              <Stack gap="sm">
                <TextInput
                  ref={input}
                  label={t('checkIn.token')}
                  aria-describedby="check-in-help"
                  value={token}
                  onChange={(e) => setToken(e.currentTarget.value)}
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  size="lg"
                  maxLength={64}
                  required
                  autoFocus
                />
                <Text size="sm" id="check-in-help">
                  {t('checkIn.tokenHelp')}
                </Text>
                <Button type="submit" size="lg" fullWidth loading={checkIn.isPending}>
                  {t('checkIn.submit')}
                </Button>
              </Stack>
            </form>
          </>
        )}
        {recent.length > 0 && (
          <section aria-labelledby="recent-title">
            <Title order={3} size="h5" id="recent-title">
              {t('checkIn.recent')}
            </Title>
            <ul>
              {recent.map((r, i) => (
                <li key={`${i}-${r.name}`}>
                  <Text size="sm">
                    {r.name} {r.at ? `· ${formatDateTime(r.at, i18n.language)}` : ''}
                  </Text>
                </li>
              ))}
            </ul>
          </section>
        )}
      </Stack>
    </div>
  );
}
