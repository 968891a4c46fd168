import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, queryPrepared, ServiceMetrics } from '@collabo/service-kit';
import type { PersonV1 } from '@collabo/contracts';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationSettings } from '../config/notification-settings.js';
import { Categories } from '../rules/categories.js';
import { languageOf, type RegistryPerson } from '../rules/recipients.js';
import { RegistryPeople } from './registry-people.js';

/** What an event's intake needs to know before it writes: its registry people and who opted out of what. */
export interface RecipientsAndOptOuts {
  people: Map<string, RegistryPerson>;
  /** Rows `(recipient_key, category)` of the preferences switched off, among the keys asked about. */
  optOuts: { recipient_key: string; category: string }[];
}

/** A database handle: the data source (autocommit) or a transaction's manager. */
type Db = Pick<DataSource | EntityManager, 'query'>;

/** The categories a cessation of use stops (every optional one; transactional emails still go). */
const OPTIONAL_CATEGORIES = Object.entries(Categories)
  .filter(([, c]) => !c.transactional)
  .map(([name]) => name);

const PERSON_COLUMNS = 'person_id, display_name, family_name, given_name, email, preferred_language, version';

/**
 * Registry people by id, through the recipient cache (`recipient_cache`, one row per person the registry
 * answered about): the cached rows not older than RECIPIENT_CACHE_TTL_MS are used as they are, the others are
 * asked of the registry (`GetPeopleV1`) and stored. The cache is kept true by the registry's events
 * (`PeopleChanges`: person.updated writes the new record, person.merged drops the merged ids); each row carries
 * the registry record's `version`, and an older version never replaces a newer one, so an answer that was on
 * its way while the person changed cannot bring the old address back.
 *
 * Call it outside any transaction: the registry is another process (the intake calls it from the consumer's
 * `prepare`, before the kit opens the event's transaction).
 */
@Injectable()
export class RecipientDirectory {
  private readonly lookups: Counter<'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: RegistryPeople,
    private readonly settings: NotificationSettings,
    metrics: ServiceMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.lookups = metrics.counter({
      name: 'notification_recipient_lookups_total',
      help: 'Registry people looked up for emails: found in the recipient cache (hit) or asked of the registry (miss)',
      labelNames: ['outcome'],
    });
  }

  private get ttlMs(): number {
    return this.settings.env.RECIPIENT_CACHE_TTL_MS;
  }

  /**
   * The people with these ids (unknown ones absent) and the opt-outs of these recipient keys — the preferences switched
   * off, and every optional category of a key under a cessation of use (issue #20) — in one read of the database; the
   * registry is asked only about the people the cache does not hold.
   */
  async lookUp(personIds: string[], recipientKeys: string[]): Promise<RecipientsAndOptOuts> {
    const ids = [...new Set(personIds.map((id) => id.toLowerCase()))];
    const keys = [...new Set(recipientKeys)];
    const people = new Map<string, RegistryPerson>();
    const optOuts: RecipientsAndOptOuts['optOuts'] = [];
    if (ids.length || keys.length) {
      const { rows } = await queryPrepared<{
        t: 'person' | 'opt-out';
        a: string;
        b: string | null;
        display_name: string | null;
        family_name: string | null;
        given_name: string | null;
        email: string | null;
        preferred_language: string | null;
      }>(
        this.dataSource,
        `SELECT 'person' AS t, person_id::text AS a, NULL::text AS b, display_name, family_name, given_name, email, preferred_language
           FROM recipient_cache
          WHERE $3::int > 0 AND person_id = ANY($1::uuid[]) AND fetched_at > now() - ($3::int * interval '1 millisecond')
         UNION ALL
         SELECT 'opt-out', recipient_key, category, NULL, NULL, NULL, NULL, NULL
           FROM preferences WHERE subscribed = false AND recipient_key = ANY($2::text[])
         UNION ALL
         SELECT 'opt-out', c.subject_key, cat, NULL, NULL, NULL, NULL, NULL
           FROM privacy_cessations c CROSS JOIN unnest($4::text[]) cat WHERE c.subject_key = ANY($2::text[])`,
        [ids, keys, this.ttlMs, OPTIONAL_CATEGORIES],
      );
      for (const r of rows) {
        if (r.t === 'opt-out') optOuts.push({ recipient_key: r.a, category: r.b! });
        else
          people.set(r.a, {
            id: r.a,
            displayName: r.display_name!,
            familyName: r.family_name!,
            givenName: r.given_name!,
            email: r.email!,
            preferredLanguage: languageOf(r.preferred_language),
          });
      }
    }
    const missing = ids.filter((id) => !people.has(id));
    if (ids.length - missing.length) this.lookups.inc({ outcome: 'hit' }, ids.length - missing.length);
    if (missing.length) {
      this.lookups.inc({ outcome: 'miss' }, missing.length);
      const answered = await this.registry.byIds(missing);
      for (const [id, person] of answered) people.set(id, toRegistryPerson(person));
      // A merged id is answered with its survivor's record: only a person's own id is cached.
      const own = [...answered].filter(([id, person]) => person.id.toLowerCase() === id).map(([, person]) => person);
      if (this.ttlMs > 0 && own.length) {
        await storePeople(this.dataSource, own).catch((err: unknown) => {
          // The answer is used either way; the next event asks again.
          this.logger.warn({ err: (err as Error).message }, 'could not store registry people in the recipient cache');
        });
      }
    }
    return { people, optOuts };
  }

  /** Rows past RECIPIENT_CACHE_TTL_MS (no longer used) removed; how many. */
  async purgeExpired(): Promise<number> {
    if (this.ttlMs <= 0) return (await this.dataSource.query(`DELETE FROM recipient_cache`))[1] as number;
    const [, removed]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM recipient_cache WHERE fetched_at <= now() - ($1::int * interval '1 millisecond')`,
      [this.ttlMs],
    );
    return removed;
  }
}

function toRegistryPerson(person: PersonV1): RegistryPerson {
  return {
    id: person.id.toLowerCase(),
    displayName: person.displayName,
    familyName: person.familyName,
    givenName: person.givenName,
    email: person.email,
    preferredLanguage: person.preferredLanguage,
  };
}

/**
 * Writes registry records into the cache, one statement: a row is replaced only by the same or a newer version
 * of the record (an answer that left the registry before an update cannot overwrite what the update wrote).
 */
export async function storePeople(db: Db, people: PersonV1[]): Promise<void> {
  if (!people.length) return;
  const params: unknown[] = [];
  const tuples = people.map((p) => {
    const first = params.length + 1;
    params.push(p.id.toLowerCase(), p.displayName, p.familyName, p.givenName, p.email, p.preferredLanguage, p.version);
    return `($${first}::uuid, $${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, $${first + 5}, $${first + 6}::int)`;
  });
  await db.query(
    `INSERT INTO recipient_cache (${PERSON_COLUMNS})
     VALUES ${tuples.join(', ')}
     ON CONFLICT (person_id) DO UPDATE SET
       display_name = EXCLUDED.display_name, family_name = EXCLUDED.family_name, given_name = EXCLUDED.given_name,
       email = EXCLUDED.email, preferred_language = EXCLUDED.preferred_language, version = EXCLUDED.version, fetched_at = now()
     WHERE recipient_cache.version <= EXCLUDED.version`,
    params,
  );
}
