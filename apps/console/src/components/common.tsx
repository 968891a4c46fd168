import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../api/client';

/** A list's paging, kept in the URL (?offset=) so that every page can be linked. */
/**
 * `totalExact: false` (a search ranked by relevance counts its matches only up to a cap) shows the total as
 * "at least" rather than as a count.
 */
export function Pager({
  total,
  limit,
  offset,
  label,
  totalExact = true,
}: {
  total: number;
  limit: number;
  offset: number;
  label: string;
  totalExact?: boolean;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const go = (next: number) => {
    const p = new URLSearchParams(params);
    if (next > 0) p.set('offset', String(next));
    else p.delete('offset');
    setParams(p);
  };
  return (
    <Group justify="space-between" mt="sm" component="nav" aria-label={label}>
      <Text size="sm" aria-live="polite">
        {total === 0
          ? t('common.none')
          : t(totalExact ? 'common.page' : 'common.pageAtLeast', { from: offset + 1, to: Math.min(offset + limit, total), total })}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={offset <= 0} onClick={() => go(Math.max(0, offset - limit))}>
          {t('common.previous')}
        </Button>
        <Button variant="default" size="xs" disabled={offset + limit >= total} onClick={() => go(offset + limit)}>
          {t('common.next')}
        </Button>
      </Group>
    </Group>
  );
}

/** A URL search parameter as state (filters, tabs, paging: every list can be linked). */
export function useParam(name: string, fallback = ''): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? fallback;
  const set = (next: string) => {
    const p = new URLSearchParams(params);
    if (next && next !== fallback) p.set(name, next);
    else p.delete(name);
    p.delete('offset');
    setParams(p, { replace: true });
  };
  return [value, set];
}

export const offsetParam = (params: URLSearchParams) => Math.max(0, Number(params.get('offset')) || 0);

/** A service's refusal in words: its detail and the field-level messages. */
export function ProblemAlert({ error, title }: { error: unknown; title?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <Alert color="red" title={title ?? t('common.error')} role="alert">
      <Text size="sm">{problem?.detail ?? (error as Error).message}</Text>
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <Text size="sm">
                {e.field}: {e.message}
              </Text>
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Group role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text size="sm">{t('app.loading')}</Text>
    </Group>
  );
}
