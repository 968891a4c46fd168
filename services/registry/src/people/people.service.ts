import { Injectable } from '@nestjs/common';
import { todayInTokyo } from '@collabo/calendar';
import { PersonRegisteredV1, PersonUpdatedV1 } from '@collabo/contracts';
import { assertIfMatch, Clock, Outbox, page, ValidationFailedError, type Actor, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { guardAdminPerson } from '../accounts/admin-lockout.js';
import { recordAudit } from '../audit/audit.js';
import { DuplicateEmailError, PersonMergedError, PersonNotFoundError } from '../errors.js';
import { listPage, preparingDb, rankedPage, sortKeys, withHint } from '../database/list-page.js';
import { keysetBatches, recordsById, SqlFilter, type Db } from '../database/sql.js';
import { nameSearchSql, type NameSearchSql } from '../organizations/name-search.js';
import { REQUIRED_PERSON_FIELDS, type CreatePersonDto, type PersonFilter, type PersonQuery, type UpdatePersonDto } from './person.dto.js';
import { Person } from './person.entity.js';
import {
  changedPersonFields,
  PERSON_FIELDS,
  personRecordErrors,
  personRecordFromDto,
  personRecordFromView,
  type PersonRecord,
} from './person-record.js';
import { PERSON_SELECT, toPersonV1, toPersonView, type PersonRow, type PersonView } from './person.view.js';

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** 400 when a text no longer fits its field once normalised (see `storedTextErrors`). */
function assertStoredText(record: PersonRecord): void {
  const errors = personRecordErrors(record);
  if (errors.length) throw new ValidationFailedError(errors);
}

/** The columns of each sort (see sortKeys: `-name` is `name` descending; the id breaks ties). */
const SORT_COLUMNS: Record<string, string[]> = {
  name: ['p.family_name', 'p.given_name'],
  nameKana: ['p.family_name_kana', 'p.given_name_kana'],
  createdAt: ['p.created_at'],
  updatedAt: ['p.updated_at'],
};

/** The order inside a rank of a search: by reading, then by id (the reading-order index). */
const PERSON_READING_ORDER = ['p.family_name_kana', 'p.given_name_kana', 'p.id'];

const peopleById = recordsById({
  select: PERSON_SELECT,
  alias: 'p',
  toView: toPersonView,
  notFound: (id) => new PersonNotFoundError(id),
});

/** People: registration with a unique email, changes with optimistic concurrency, archive, search. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The searches' reads: the statements of a page whose plans do not depend on the term are prepared (see `rankedPage`). */
  private get searchDb() {
    return preparingDb(this.dataSource);
  }

  /** One by id, or null; `forUpdate` locks it until the transaction ends. */
  readonly find = peopleById.find;

  get(id: string, db: DataSource | EntityManager = this.dataSource): Promise<PersonView> {
    return peopleById.get(db, id);
  }

  async findByEmail(db: Db, email: string): Promise<PersonView | null> {
    const rows = await db.query<PersonRow[]>(`${PERSON_SELECT} WHERE lower(p.email) = lower($1)`, [email]);
    return rows[0] ? toPersonView(rows[0]) : null;
  }

  async getMany(ids: string[]): Promise<{ people: (PersonView & { mergedFrom?: string })[]; missing: string[] }> {
    const unique = [...new Set(ids)];
    if (!unique.length) return { people: [], missing: [] };
    const rows = await this.dataSource.query<PersonRow[]>(`${PERSON_SELECT} WHERE p.id = ANY($1::uuid[])`, [unique]);
    const byId = new Map(rows.map((r) => [r.id, toPersonView(r)]));
    // a merged id is answered with its survivor, `mergedFrom` naming the id asked for (see GetPeopleV1)
    const survivorIds = [...new Set(rows.filter((r) => r.merged_into && !byId.has(r.merged_into)).map((r) => r.merged_into!))];
    if (survivorIds.length) {
      const more = await this.dataSource.query<PersonRow[]>(`${PERSON_SELECT} WHERE p.id = ANY($1::uuid[])`, [survivorIds]);
      for (const r of more) byId.set(r.id, toPersonView(r));
    }
    const people: (PersonView & { mergedFrom?: string })[] = [];
    const missing: string[] = [];
    for (const id of unique) {
      const found = byId.get(id);
      if (!found) missing.push(id);
      else if (found.mergedInto && byId.get(found.mergedInto)) people.push({ ...byId.get(found.mergedInto)!, mergedFrom: id });
      else people.push(found);
    }
    return { people, missing };
  }

  /**
   * `matchEmail` false: `q` matches names and readings only (for callers who may not see emails, see `seesContactDetails`).
   * A search by relevance reads each rank on its own and counts up to a cap (`rankedPage`: `totalExact` false when
   * there are more than `total`); other lists count every row.
   */
  async search(query: PersonQuery, matchEmail = true): Promise<Page<PersonView> & { totalExact: boolean; nextCursor: string | null }> {
    const { where, filters, hint, params, search } = this.filterSql(query, matchEmail);
    const sort = query.sort ?? (search ? 'relevance' : 'nameKana');
    if (sort === 'relevance' && search) {
      const list = {
        select: PERSON_SELECT,
        alias: 'p',
        where,
        filters,
        hint,
        sample: search.sample ?? undefined,
        params,
        ranks: search.ranks(),
        order: PERSON_READING_ORDER,
        sort,
      };
      const { rows, total, totalExact, nextCursor } = await rankedPage<PersonRow>(this.searchDb, list, query);
      return { ...page(rows.map(toPersonView), total, query), totalExact, nextCursor };
    }
    const keys = sortKeys(sort === 'relevance' ? 'nameKana' : sort, SORT_COLUMNS, 'p.id');
    const { rows, total, nextCursor } = await listPage<PersonRow>(
      this.dataSource,
      { select: PERSON_SELECT, where: withHint(where, hint), params, sort, keys },
      query,
    );
    return { ...page(rows.map(toPersonView), total, query), totalExact: true, nextCursor };
  }

  /** Every person who matches a filter, in reading order (for export), a batch at a time (keyset paging). */
  async *all(filter: PersonFilter, batch = 500): AsyncGenerator<PersonView[]> {
    const { where: filtered, hint, params } = this.filterSql(filter);
    const where = withHint(filtered, hint);
    const keys: [string, keyof PersonRow][] = [
      ['p.family_name_kana', 'family_name_kana'],
      ['p.given_name_kana', 'given_name_kana'],
      ['p.id', 'id'],
    ];
    for await (const rows of keysetBatches<PersonRow>(this.dataSource, { sql: PERSON_SELECT, where, params, keys, batch })) {
      yield rows.map(toPersonView);
    }
  }

  /**
   * WHERE clause and parameters of a filter, and the search by name if there is one (its ranks add their own
   * parameters); `filters`: `where` but the search's match; `hint`: the search's gram condition, for the reads that
   * find the matches through the gram index.
   */
  private filterSql(
    f: PersonFilter,
    matchEmail = true,
  ): { where: string; filters: string; hint?: string; params: unknown[]; search: NameSearchSql | null } {
    const filter = new SqlFilter();
    const p = filter.param;
    let search: NameSearchSql | null = null;
    if (f.q) {
      const q = f.q;
      search = nameSearchSql(q, 'p', p, matchEmail ? () => `lower(p.email) = lower(${p(q)})` : undefined);
    }
    const today = () => p(todayInTokyo(this.clock.now()));
    if (f.organization) {
      const day = today();
      const organization = p(f.organization);
      filter.and(`EXISTS (SELECT 1 FROM affiliations a JOIN organizations o ON o.id = a.organization_id
        WHERE a.person_id = p.id AND (a.to_on IS NULL OR a.to_on >= ${day}::date)
          AND (o.id = ${organization} OR o.merged_into = ${organization}))`);
    }
    if (f.studyGroup) {
      const day = today();
      filter.and(`EXISTS (SELECT 1 FROM memberships ms WHERE ms.person_id = p.id AND ms.study_group_id = ${p(f.studyGroup)}
        AND ms.joined_on <= ${day}::date AND (ms.left_on IS NULL OR ms.left_on >= ${day}::date))`);
    }
    if (f.expertiseField) filter.and(`p.expertise_fields @> ARRAY[${p(f.expertiseField)}]::text[]`);
    if (f.consent) filter.and(`p.consent_to_list = ${f.consent === 'true'}`);
    filter.archived('p', f.archived);
    const filters = filter.where;
    const where = search ? `${search.match} AND ${filters}` : filters;
    return { where, filters, hint: search?.hint ?? undefined, params: filter.params, search };
  }

  /** The person holding an email, whatever its case (under a lock on that email until the transaction ends). */
  async holderOfEmail(tx: EntityManager, email: string, excludeId?: string): Promise<string | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('registry.email:' || lower($1)))`, [email]);
    // a merged alias keeps its email: the survivor is who holds it
    const [row] = await tx.query<{ id: string }[]>(
      `SELECT coalesce(merged_into, id) AS id FROM people WHERE lower(email) = lower($1) AND id <> $2`,
      [email, excludeId ?? NO_ID],
    );
    return row?.id ?? null;
  }

  async create(dto: CreatePersonDto, actor: Actor): Promise<PersonView> {
    const record = personRecordFromDto(dto);
    assertStoredText(record);
    return this.dataSource.transaction(async (tx) => {
      const holder = await this.holderOfEmail(tx, record.email);
      if (holder) throw new DuplicateEmailError(holder);
      return this.insert(tx, record, actor.personId);
    });
  }

  /** Inserts a checked record and publishes `person registered` (the caller holds the transaction and checked the email). */
  async insert(tx: EntityManager, record: PersonRecord, actorId: string | null): Promise<PersonView> {
    const id = uuidv7();
    const fields = Object.fromEntries(PERSON_FIELDS.map((f) => [f, record[f]])) as Pick<Person, keyof PersonRecord>;
    await tx.getRepository(Person).insert({ ...fields, id, createdBy: actorId, updatedBy: actorId });
    const person = (await this.find(tx, id))!;
    await recordAudit(tx, { entityType: 'person', entityId: id, action: 'registered', actorId });
    await this.outbox.add(tx, PersonRegisteredV1, { aggregateId: id, data: { person: toPersonV1(person) } });
    return person;
  }

  async update(id: string, dto: UpdatePersonDto, ifMatch: string | undefined, actor: Actor): Promise<PersonView> {
    const nulls = REQUIRED_PERSON_FIELDS.filter((f) => (dto as Record<string, unknown>)[f] === null);
    if (nulls.length) throw new ValidationFailedError(nulls.map((field) => ({ field, message: `${field} cannot be null` })));
    return this.dataSource.transaction(async (tx) => {
      const current = await this.lockLive(tx, id, ifMatch);
      const before = personRecordFromView(current);
      const defined = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
      const after = personRecordFromDto({ ...before, ...defined } as CreatePersonDto);
      assertStoredText(after);
      const changed = changedPersonFields(before, after);
      if (!changed.length) return current;
      if (changed.includes('email')) {
        await guardAdminPerson(tx, id, actor, 'changing the email');
        const holder = await this.holderOfEmail(tx, after.email, id);
        if (holder) throw new DuplicateEmailError(holder);
      }
      // the query builder's UPDATE also bumps `version` and sets `updated_at` (see VersionedRecord)
      await tx.getRepository(Person).update(id, { ...Object.fromEntries(changed.map((f) => [f, after[f]])), updatedBy: actor.personId });
      return this.published(tx, id, actor.personId, 'updated', changed);
    });
  }

  /** Locks a record that is not a merged alias and checks the client's If-Match against it. */
  private async lockLive(tx: EntityManager, id: string, ifMatch: string | undefined): Promise<PersonView> {
    const current = await this.find(tx, id, true);
    if (!current) throw new PersonNotFoundError(id);
    if (current.mergedInto)
      throw new PersonMergedError(current.mergedInto, 'This person was merged into another; change the surviving record.');
    assertIfMatch(ifMatch, current.version, 'person');
    return current;
  }

  private async published(tx: EntityManager, id: string, actorId: string | null, action: string, changed: string[]): Promise<PersonView> {
    const person = (await this.find(tx, id))!;
    await recordAudit(tx, { entityType: 'person', entityId: id, action, actorId, changedFields: changed });
    await this.outbox.add(tx, PersonUpdatedV1, { aggregateId: id, data: { person: toPersonV1(person), changedFields: changed } });
    return person;
  }

  async setArchived(id: string, archived: boolean, ifMatch: string | undefined, actor: Actor): Promise<PersonView> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.lockLive(tx, id, ifMatch);
      if (current.archived === archived) return current;
      if (archived) await guardAdminPerson(tx, id, actor, 'archiving');
      await tx.getRepository(Person).update(id, { archived, archivedAt: archived ? () => 'now()' : null, updatedBy: actor.personId });
      return this.published(tx, id, actor.personId, archived ? 'archived' : 'restored', ['archived']);
    });
  }
}
