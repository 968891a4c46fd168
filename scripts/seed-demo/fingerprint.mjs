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
    proposals: { total: proposals.length, versions: digest(proposals.map((p) => [p.id, p.version])) },
    events: {
      total: events.length,
      versions: digest(events.map((e) => [e.id, e.version])),
      registrations: registrations.reduce((n, l) => n + l.length, 0),
      registrationVersions: digest(registrations.flat().map((r) => [r.id, r.version])),
    },
    notifications: { deliveries: deliveries.total },
  };
}
