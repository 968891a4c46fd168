/**
 * A registry person's display name from their id (`GET /v1/people/{id}`, readable by every staff role), cached
 * per person so that lists of assignments, teams and suggestions ask once per person. While loading, or when the
 * registry does not answer, the id's first characters stand in.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { api, body } from '../api/client';
import type { Person } from '../api/types';

export function usePersonName(personId: string | null | undefined): string {
  const person = useQuery({
    queryKey: ['registry', 'person', personId],
    enabled: !!personId,
    staleTime: 5 * 60_000,
    queryFn: async () => body<Person>(await api.registry.GET('/v1/people/{id}', { params: { path: { id: personId! } } })),
  });
  if (!personId) return '—';
  return person.data?.displayName ?? personId.slice(0, 8);
}

export function PersonName({ id }: { id: string | null | undefined }) {
  return <>{usePersonName(id)}</>;
}

/** Display names of several people at once (the same per-person cache as usePersonName). */
export function usePersonNames(personIds: readonly string[]): Map<string, string> {
  const unique = [...new Set(personIds)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['registry', 'person', id],
      staleTime: 5 * 60_000,
      queryFn: async () => body<Person>(await api.registry.GET('/v1/people/{id}', { params: { path: { id } } })),
    })),
  });
  return new Map(unique.map((id, i) => [id, results[i]?.data?.displayName ?? id.slice(0, 8)]));
}
