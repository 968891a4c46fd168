import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetPeopleV1, PersonMergedV1, PersonUpdatedV1, type PersonV1 } from '@collabo/contracts';
import { serveContract } from '@collabo/service-kit/testing';
import { personRecord } from '@collabo/testing';
import { RecipientDirectory } from '../src/recipients/recipient-directory.js';
import { advanced, proposalRef } from './fixtures/events.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * The recipient cache: registry people asked once and kept (`recipient_cache`), kept true by the registry's
 * person.updated and person.merged events, and looked up before the event's transaction opens (no network
 * call while a transaction is open). Real Postgres, NATS and SMTP; the registry is the fake on NATS.
 */
describe('recipients: the cache of registry people', () => {
  let h: Harness;
  const contact = personRecord({ familyName: 'Sato', givenName: 'Emi', email: 'emi.sato@example.com', preferredLanguage: 'en' });
  const coordinator = personRecord({ familyName: '佐々木', givenName: '誠', email: 'sasaki@collabo.example.jp', preferredLanguage: 'ja' });

  beforeAll(async () => {
    h = await startHarness({ people: [contact, coordinator] });
  });

  afterAll(() => h?.close());

  const peopleAsked = (): string[] => h.registry.callsOf(GetPeopleV1).flatMap((c) => c.ids);

  /** Publishes an advance for these two people and waits until its emails were sent; returns the addresses written to. */
  async function advance(contactId: string, coordinatorId: string): Promise<string[]> {
    const envelope = await h.publishConsumed('proposalAdvanced', advanced(proposalRef(contactId, coordinatorId)));
    await h.svc.waitForProcessed((n) => n.messageId === envelope.id && n.outcome === 'applied');
    const rows: { id: string; recipient_email: string }[] = await h.dataSource.query(
      'SELECT id, recipient_email FROM deliveries WHERE event_id = $1 ORDER BY recipient_email',
      [envelope.id],
    );
    const ids = new Set(rows.map((r) => r.id));
    await h.svc.waitForDeliveries((n) => n.outcome === 'sent' && ids.has(n.deliveryId), rows.length);
    return rows.map((r) => r.recipient_email);
  }

  async function updated(person: PersonV1, changedFields: string[]): Promise<void> {
    h.registry.people.set(person.id, person);
    await h.publishApplied(PersonUpdatedV1, { person, changedFields });
  }

  const cached = async (id: string): Promise<{ email: string; version: number } | undefined> =>
    (
      (await h.dataSource.query('SELECT email, version FROM recipient_cache WHERE person_id = $1', [id])) as {
        email: string;
        version: number;
      }[]
    )[0];

  it('asks the registry once for a person and serves the next emails from the cache', async () => {
    const before = peopleAsked().length;
    expect(await advance(contact.id, coordinator.id)).toEqual([contact.email, coordinator.email].sort());
    expect(peopleAsked().slice(before).sort()).toEqual([contact.id, coordinator.id].sort());
    expect(await cached(contact.id)).toEqual({ email: contact.email, version: contact.version });

    const asked = peopleAsked().length;
    expect(await advance(contact.id, coordinator.id)).toEqual([contact.email, coordinator.email].sort());
    expect(peopleAsked().length).toBe(asked);
    // The last email to the contact went out in the cached language and name.
    const last = h.smtp.to(contact.email).at(-1)!;
    expect(last.parsed.text).toMatch(/^Dear Emi Sato,\n/);

    const metrics = await h.api().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/notification_recipient_lookups_total\{outcome="hit"[^}]*\} 2/);
    expect(metrics.text).toMatch(/notification_recipient_lookups_total\{outcome="miss"[^}]*\} 2/);
  });

  it('takes a person’s new address and language from person.updated: the next email uses them without asking the registry', async () => {
    const moved: PersonV1 = { ...contact, email: 'emi.sato@new.example.org', preferredLanguage: 'ja', version: contact.version + 1 };
    await updated(moved, ['email', 'preferredLanguage']);
    expect(await cached(contact.id)).toEqual({ email: moved.email, version: moved.version });

    const asked = peopleAsked().length;
    expect(await advance(contact.id, coordinator.id)).toEqual([coordinator.email, moved.email].sort());
    expect(peopleAsked().length).toBe(asked);
    expect(h.smtp.to(moved.email).at(-1)!.parsed.text).toMatch(/^Sato Emi 様\n/);
    // Nothing more went to the old address.
    expect(h.smtp.to(contact.email)).toHaveLength(2);
  });

  it('keeps an update when an older registry answer arrives after it (no stale recipient), and opens no transaction while it waits for the registry', async () => {
    const late = h.registry.person({ familyName: 'Ito', givenName: 'Ken', email: 'ken.ito@old.example.com', preferredLanguage: 'en' });
    // The registry answers GetPeopleV1 only when the test lets it, with what it knew when asked.
    await h.registry.restart({ without: [GetPeopleV1.subject] });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const wasAsked = new Promise<void>((resolve) => (asked = resolve));
    const held = serveContract(h.nc, h.prefix, GetPeopleV1, async ({ ids }) => {
      const known = ids.flatMap((id) => (h.registry.people.has(id) ? [{ ...h.registry.people.get(id)! }] : []));
      asked();
      await released;
      return { people: known, missing: ids.filter((id) => !h.registry.people.has(id)) };
    });
    await h.nc.flush(); // the server knows the held responder before the service asks
    try {
      const envelope = await h.publishConsumed('proposalAdvanced', advanced(proposalRef(late.id, coordinator.id)));
      await wasAsked;
      // While the registry holds its answer: no transaction of the service's stays open (an event's transaction
      // opened before the lookup would sit `idle in transaction` for as long as the registry takes). Only client
      // sessions waiting inside a transaction count: an autovacuum worker or a slow statement of other work on a
      // loaded machine is not what this looks for.
      const openTransactions = async (): Promise<unknown[]> =>
        h.dataSource.query(
          `SELECT pid, state, query FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
              AND state LIKE 'idle in transaction%'
              AND xact_start IS NOT NULL AND now() - xact_start > interval '200 milliseconds'`,
        );
      // At least three looks, over at least 400 ms (however slow the machine: no count of looks within a time).
      const deadline = Date.now() + 400;
      let looks = 0;
      do {
        expect(await openTransactions()).toEqual([]);
        looks++;
      } while (looks < 3 || Date.now() < deadline);
      expect(await h.dataSource.query('SELECT 1 FROM inbox WHERE message_id = $1', [envelope.id])).toEqual([]);

      // Meanwhile the person moves: the update reaches the cache first.
      const moved: PersonV1 = { ...late, email: 'ken.ito@new.example.com', version: late.version + 1 };
      await updated(moved, ['email']);
      release();
      await h.svc.waitForProcessed((n) => n.messageId === envelope.id && n.outcome === 'applied');
      // The answer that was on its way (the old version) did not replace the update.
      expect(await cached(late.id)).toEqual({ email: moved.email, version: moved.version });
    } finally {
      release();
      held.stop();
      await h.registry.restart();
    }
    const asked2 = peopleAsked().length;
    expect(await advance(late.id, coordinator.id)).toEqual([coordinator.email, 'ken.ito@new.example.com'].sort());
    expect(peopleAsked().length).toBe(asked2);
  });

  it('drops merged ids on person.merged and asks the registry about them again', async () => {
    const survivor = h.registry.person({ familyName: 'Mori', givenName: 'Aya', email: 'aya.mori@example.com' });
    const duplicate = h.registry.person({ familyName: 'Mori', givenName: 'Aya', email: 'aya.mori@old.example.com' });
    await advance(duplicate.id, survivor.id);
    expect(await cached(duplicate.id)).toBeDefined();
    const merged: PersonV1 = { ...survivor, version: survivor.version + 1 };
    h.registry.people.set(survivor.id, merged);
    await h.publishApplied(PersonMergedV1, {
      survivorId: survivor.id,
      mergedId: duplicate.id,
      mergedEmail: duplicate.email,
      survivor: merged,
      movedAffiliations: 0,
      movedMemberships: 0,
      movedAccount: false,
      aliasIds: [duplicate.id],
    });
    expect(await cached(duplicate.id)).toBeUndefined();
    expect(await cached(survivor.id)).toEqual({ email: merged.email, version: merged.version });
    const asked = peopleAsked().length;
    await advance(duplicate.id, survivor.id);
    expect(peopleAsked().slice(asked)).toEqual([duplicate.id]);
  });

  it('with RECIPIENT_CACHE_TTL_MS=0 asks the registry for every event and keeps nothing', async () => {
    const uncached = await h.start({ env: { RECIPIENT_CACHE_TTL_MS: '0', DELIVERY_WORKER_ENABLED: 'false' } });
    await h.svc.close();
    const before = peopleAsked().length;
    const envelope = await h.publishConsumed('proposalAdvanced', advanced(proposalRef(contact.id, coordinator.id)));
    await uncached.waitForProcessed((n) => n.messageId === envelope.id && n.outcome === 'applied');
    expect(peopleAsked().length).toBe(before + 2);
    // Nothing cached is used or kept (the purge job may have emptied the table already).
    await uncached.app.get(RecipientDirectory).purgeExpired();
    expect(await uncached.dataSource.query('SELECT count(*)::int AS n FROM recipient_cache')).toEqual([{ n: 0 }]);
    await uncached.close();
  });
});
