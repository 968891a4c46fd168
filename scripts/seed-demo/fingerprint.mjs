// A fingerprint of what the services hold: totals, and the newest change or the sum of versions of each kind
// of record. Two fingerprints taken around a run of the seeder are equal when the run wrote nothing.
import { createHash } from 'node:crypto';

const digest = (items) => createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 16);

export async function fingerprint(api) {
  const newest = async (path) => {
    const page = await api.registry.get(path, { query: { sort: '-updatedAt', limit: 1, archived: 'all' } });
    return { total: page.total, newestChange: page.items[0]?.updatedAt ?? null };
  };
  const groups = await api.registry.all('/v1/study-groups');
  const memberLists = await Promise.all(groups.map((g) => api.registry.all(`/v1/study-groups/${g.id}/members`)));
  const accounts = await api.registry.all('/v1/accounts');
  const proposals = await api.proposals.all('/v1/proposals');
  const events = await api.events.all('/v1/events');
  const registrations = await Promise.all(events.map((e) => api.events.all(`/v1/events/${e.id}/registrations`)));
  const deliveries = await api.notifications.get('/v1/deliveries', { query: { limit: 1 } });
  // the proposals brought over by the CSV history import and today's work on them; the past events' attendees
  const imported = proposals.filter((p) => p.legacyReference);
  const work = await Promise.all(
    imported.map(async (p) => ({
      interviews: await api.proposals.all(`/v1/proposals/${p.id}/interviews`),
      documentRequests: await api.proposals.all(`/v1/proposals/${p.id}/document-requests`),
      assignments: await api.proposals.all(`/v1/proposals/${p.id}/assignments`),
    })),
  );
  const versions = (kind) => digest(work.flatMap((w) => w[kind].map((x) => [x.id, x.version, x.status])));
  const past = events.filter((e) => e.historical);
  const attendees = await Promise.all(past.map((e) => api.events.all(`/v1/events/${e.id}/attendance`)));
  return {
    registry: {
      organizations: await newest('/v1/organizations'),
      people: await newest('/v1/people'),
      memberships: {
        total: memberLists.reduce((n, l) => n + l.length, 0),
        versions: digest(memberLists.flat().map((m) => [m.id, m.version])),
      },
      accounts: { total: accounts.length, versions: digest(accounts.map((a) => [a.id, a.version])) },
    },
    proposals: {
      total: proposals.length,
      versions: digest(proposals.map((p) => [p.id, p.version])),
      imported: {
        total: imported.length,
        interviews: versions('interviews'),
        documentRequests: versions('documentRequests'),
        assignments: versions('assignments'),
      },
    },
    events: {
      total: events.length,
      versions: digest(events.map((e) => [e.id, e.version])),
      registrations: registrations.reduce((n, l) => n + l.length, 0),
      registrationVersions: digest(registrations.flat().map((r) => [r.id, r.version])),
      past: { total: past.length, attendees: attendees.reduce((n, l) => n + l.length, 0) },
    },
    notifications: { deliveries: deliveries.total },
  };
}
