import { Injectable } from '@nestjs/common';
import { todayInTokyo } from '@collabo/calendar';
import { OrganizationArchivedV1, OrganizationMergedV1, OrganizationRegisteredV1, OrganizationUpdatedV1 } from '@collabo/contracts';
import { assertIfMatch, Clock, Outbox, page, ValidationFailedError, type Actor, type FieldError, type Page } from '@collabo/service-kit';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../audit/audit.js';
import { consolidateMemberships } from '../people/merge/consolidate-memberships.js';
import { DuplicateCorporateNumberError, MergeNotAllowedError, OrganizationMergedError, OrganizationNotFoundError } from '../errors.js';
import { listPage, preparingDb, rankedPage, sortKeys, withHint, type RankedList } from '../database/list-page.js';
import { keysetBatches, recordsById, SqlFilter, type Db } from '../database/sql.js';
import { organizationNameKey, searchKey } from './japanese-text.js';
import { nameSearchSql, type NameSearchSql } from './name-search.js';
import { ReferenceData } from '../reference/reference.service.js';
import {
  REQUIRED_ORGANIZATION_FIELDS,
  type CreateOrganizationDto,
  type OrganizationFilter,
  type OrganizationQuery,
  type UpdateOrganizationDto,
} from './organization.dto.js';
import { Organization } from './organization.entity.js';
import {
  changedFields,
  organizationRuleErrors,
  RECORD_FIELDS,
  recordFromDto,
  recordFromView,
  type OrganizationRecord,
} from './organization-record.js';
import {
  ORGANIZATION_SELECT,
  toOrganizationV1,
  toOrganizationView,
  type OrganizationRow,
  type OrganizationView,
} from './organization.view.js';

export interface PossibleDuplicate {
  id: string;
  name: string;
  municipalityCode: string | null;
  similarity: number;
}

export interface MergeResult {
  survivor: OrganizationView;
  mergedId: string;
  movedAffiliations: number;
  movedMemberships: number;
  movedTenancies: number;
  movedConsortiumMemberships: number;
}

/** The columns of each sort (see sortKeys: `-name` is `name` descending; the id breaks ties). */
const SORT_COLUMNS: Record<string, string[]> = {
  name: ['o.name'],
  nameKana: ['o.name_kana'],
  createdAt: ['o.created_at'],
  updatedAt: ['o.updated_at'],
};

/** The order inside a rank of a search: by reading, then by id (the reading-order index). */
const READING_ORDER = ['o.name_kana', 'o.id'];

const organizationsById = recordsById({
  select: ORGANIZATION_SELECT,
  alias: 'o',
  toView: toOrganizationView,
  notFound: (id) => new OrganizationNotFoundError(id),
});

/** Organisations: registration with duplicate checks, changes with optimistic concurrency, archive, merge, search. */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly reference: ReferenceData,
    private readonly clock: Clock,
  ) {}

  /** The searches' reads: the statements of a page whose plans do not depend on the term are prepared (see `rankedPage`). */
  private get searchDb() {
    return preparingDb(this.dataSource);
  }

  /** One by id, or null; `forUpdate` locks it until the transaction ends. */
  readonly find = organizationsById.find;

  get(id: string, db: DataSource | EntityManager = this.dataSource): Promise<OrganizationView> {
    return organizationsById.get(db, id);
  }

  /** The record an id stands for today: a merged id leads to its survivor. */
  async resolve(id: string, db: DataSource | EntityManager = this.dataSource): Promise<OrganizationView | null> {
    let current = await this.find(db, id);
    for (let hops = 0; current?.mergedInto && hops < 10; hops++) current = await this.find(db, current.mergedInto);
    return current;
  }

  async resolveMany(ids: string[]): Promise<{ organizations: OrganizationView[]; missing: string[] }> {
    const unique = [...new Set(ids)];
    if (!unique.length) return { organizations: [], missing: [] };
    const rows = await this.dataSource.query<OrganizationRow[]>(`${ORGANIZATION_SELECT} WHERE o.id = ANY($1::uuid[])`, [unique]);
    const byId = new Map(rows.map((r) => [r.id, toOrganizationView(r)]));
    const out = new Map<string, OrganizationView>();
    const missing: string[] = [];
    for (const id of unique) {
      let found = byId.get(id);
      if (found?.mergedInto) found = (await this.resolve(found.mergedInto)) ?? undefined;
      if (found) out.set(found.id, found);
      else missing.push(id);
    }
    return { organizations: [...out.values()], missing };
  }

  /**
   * A page of the organisations a query asks for, by offset or after a cursor (`nextCursor` of the page before).
   * A search by relevance (`q` without another sort) reads each rank on its own and counts up to a cap
   * (`rankedPage`: `totalExact` false when there are more than `total`); other lists count every row.
   */
  async search(query: OrganizationQuery): Promise<Page<OrganizationView> & { totalExact: boolean; nextCursor: string | null }> {
    const sort = query.sort ?? (query.q ? 'relevance' : 'nameKana');
    const ranked = sort === 'relevance' ? this.relevanceList(query) : null;
    if (ranked) {
      const { rows, total, totalExact, nextCursor } = await rankedPage<OrganizationRow>(this.searchDb, ranked, query);
      return { ...page(rows.map(toOrganizationView), total, query), totalExact, nextCursor };
    }
    const { where, hint, params } = this.filterSql(query);
    const keys = sortKeys(sort === 'relevance' ? 'nameKana' : sort, SORT_COLUMNS, 'o.id');
    const list = { select: ORGANIZATION_SELECT, where: withHint(where, hint), params, sort, keys };
    const { rows, total, nextCursor } = await listPage<OrganizationRow>(this.dataSource, list, query);
    return { ...page(rows.map(toOrganizationView), total, query), totalExact: true, nextCursor };
  }

  /**
   * The search by relevance of a filter with a term (`q`), as `rankedPage` reads it: the ranks of `nameSearchSql`, the
   * filter's other conditions, the reading order. Null without a term.
   */
  relevanceList(filter: OrganizationFilter): RankedList | null {
    const { where, filters, hint, params, search } = this.filterSql(filter);
    if (!search) return null;
    const ranks = search.ranks();
    const sample = search.sample ?? undefined;
    return {
      select: ORGANIZATION_SELECT,
      alias: 'o',
      where,
      filters,
      hint,
      sample,
      params,
      ranks,
      order: READING_ORDER,
      sort: 'relevance',
    };
  }

  /** Every organisation that matches a filter, in reading order (for export), a batch at a time (keyset paging). */
  async *all(filter: OrganizationFilter, batch = 500): AsyncGenerator<OrganizationView[]> {
    const { where: filtered, hint, params } = this.filterSql(filter);
    const where = withHint(filtered, hint);
    const keys: [string, keyof OrganizationRow][] = [
      ['o.name_kana', 'name_kana'],
      ['o.id', 'id'],
    ];
    for await (const rows of keysetBatches<OrganizationRow>(this.dataSource, { sql: ORGANIZATION_SELECT, where, params, keys, batch })) {
      yield rows.map(toOrganizationView);
    }
  }

  /**
   * WHERE clause and parameters of a filter, and the search by name if there is one (its ranks add their own
   * parameters); `filters`: `where` but the search's match; `hint`: the search's gram condition, for the reads that
   * find the matches through the gram index.
   */
  private filterSql(f: OrganizationFilter): {
    where: string;
    filters: string;
    hint?: string;
    params: unknown[];
    search: NameSearchSql | null;
  } {
    const filter = new SqlFilter();
    const p = filter.param;
    let search: NameSearchSql | null = null;
    if (f.q) {
      const key = searchKey(f.q);
      // A 13-digit term may also be a corporate number (an indexed equality; other terms skip that branch).
      const byNumber = /^\d{13}$/.test(key) ? () => `o.corporate_number = ${p(key)}` : undefined;
      search = nameSearchSql(f.q, 'o', p, byNumber);
    }
    if (f.kind) filter.and(`o.kind = ${p(f.kind)}`);
    if (f.sector) filter.and(`o.sector = ${p(f.sector)}`);
    if (f.focusField) filter.and(`o.focus_fields @> ARRAY[${p(f.focusField)}]::text[]`);
    if (f.municipality) filter.and(`o.municipality_code = ${p(f.municipality)}`);
    if (f.bureau) {
      const b = p(f.bureau);
      filter.and(`(m.bureau_code = ${b} OR ${b} = ANY (o.area_bureau_codes)
        OR EXISTS (SELECT 1 FROM municipalities am WHERE am.code = ANY (o.area_municipality_codes) AND am.bureau_code = ${b}))`);
    }
    if (f.studyGroup) {
      const today = p(todayInTokyo(this.clock.now()));
      filter.and(`EXISTS (SELECT 1 FROM affiliations a JOIN memberships ms ON ms.person_id = a.person_id
        WHERE a.organization_id = o.id AND (a.to_on IS NULL OR a.to_on >= ${today}::date)
          AND ms.study_group_id = ${p(f.studyGroup)} AND (ms.left_on IS NULL OR ms.left_on >= ${today}::date))`);
    }
    filter.archived('o', f.archived);
    const filters = filter.where;
    const where = search ? `${search.match} AND ${filters}` : filters;
    return { where, filters, hint: search?.hint ?? undefined, params: filter.params, search };
  }

  /** Organisations in the same municipality whose names, legal forms aside, look like this one. */
  async possibleDuplicates(
    db: Db,
    r: Pick<OrganizationRecord, 'name' | 'municipalityCode'>,
    excludeId?: string,
  ): Promise<PossibleDuplicate[]> {
    const key = organizationNameKey(r.name);
    if (!r.municipalityCode || key.length < 2) return [];
    const rows = await db.query<{ id: string; name: string; municipality_code: string; score: number }[]>(
      `SELECT id, name, municipality_code, similarity(name_key, $1)::float8 AS score
         FROM organizations
        WHERE municipality_code = $2 AND merged_into IS NULL AND id <> $3
          AND (name_key = $1 OR similarity(name_key, $1) >= 0.5
               OR (length($1) >= 3 AND length(name_key) >= 3 AND (name_key LIKE '%' || $1 || '%' OR $1 LIKE '%' || name_key || '%')))
        ORDER BY score DESC, name LIMIT 10`,
      // name keys hold no punctuation (see organizationNameKey), so LIKE needs no escaping here
      [key, r.municipalityCode, excludeId ?? '00000000-0000-0000-0000-000000000000'],
    );
    return rows.map((x) => ({
      id: x.id,
      name: x.name,
      municipalityCode: x.municipality_code,
      similarity: Math.round(x.score * 100) / 100,
    }));
  }

  async duplicatesOf(id: string): Promise<PossibleDuplicate[]> {
    const organization = await this.get(id);
    return this.possibleDuplicates(this.dataSource, organization, id);
  }

  /** Field errors of a record, split into plain validation and references to unknown municipalities or bureaus. */
  recordProblems(r: OrganizationRecord): { validation: FieldError[]; references: FieldError[] } {
    return {
      validation: organizationRuleErrors(r),
      references: this.reference.unknownCodes([
        { field: 'municipalityCode', municipalities: [r.municipalityCode] },
        { field: 'areaMunicipalityCodes', municipalities: r.areaMunicipalityCodes },
        { field: 'areaBureauCodes', bureaus: r.areaBureauCodes },
      ]),
    };
  }

  private assertRecord(r: OrganizationRecord): void {
    const { validation, references } = this.recordProblems(r);
    if (validation.length) throw new ValidationFailedError(validation);
    if (references.length) {
      this.reference.assertKnown([
        { field: 'municipalityCode', municipalities: [r.municipalityCode] },
        { field: 'areaMunicipalityCodes', municipalities: r.areaMunicipalityCodes },
        { field: 'areaBureauCodes', bureaus: r.areaBureauCodes },
      ]);
    }
  }

  /** The live organisation holding a corporate number, if any (under a lock on that number until the transaction ends). */
  async holderOfCorporateNumber(
    tx: EntityManager,
    corporateNumber: string,
    excludeId?: string,
  ): Promise<{ id: string; name: string } | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('registry.corporate-number:' || $1))`, [corporateNumber]);
    return tx.getRepository(Organization).findOne({
      select: { id: true, name: true },
      where: { corporateNumber, mergedInto: IsNull(), ...(excludeId ? { id: Not(excludeId) } : {}) },
    });
  }

  async create(
    dto: CreateOrganizationDto,
    actor: Actor,
  ): Promise<{ organization: OrganizationView; possibleDuplicates: PossibleDuplicate[] }> {
    const record = recordFromDto(dto);
    this.assertRecord(record);
    return this.dataSource.transaction(async (tx) => {
      if (record.corporateNumber) {
        const holder = await this.holderOfCorporateNumber(tx, record.corporateNumber);
        if (holder) throw new DuplicateCorporateNumberError(holder);
      }
      const possibleDuplicates = await this.possibleDuplicates(tx, record);
      const organization = await this.insert(tx, record, actor.personId);
      return { organization, possibleDuplicates };
    });
  }

  /** Inserts a checked record and publishes `organization registered` (the caller holds the transaction). */
  async insert(tx: EntityManager, record: OrganizationRecord, actorId: string | null): Promise<OrganizationView> {
    const id = uuidv7();
    await tx.getRepository(Organization).insert({
      ...pickRecord(record),
      id,
      nameKey: organizationNameKey(record.name),
      createdBy: actorId,
      updatedBy: actorId,
    });
    const organization = (await this.find(tx, id))!;
    await recordAudit(tx, { entityType: 'organization', entityId: id, action: 'registered', actorId });
    await this.outbox.add(tx, OrganizationRegisteredV1, { aggregateId: id, data: { organization: toOrganizationV1(organization) } });
    return organization;
  }

  async update(id: string, dto: UpdateOrganizationDto, ifMatch: string | undefined, actor: Actor): Promise<OrganizationView> {
    const nulls = REQUIRED_ORGANIZATION_FIELDS.filter((f) => (dto as Record<string, unknown>)[f] === null);
    if (nulls.length) throw new ValidationFailedError(nulls.map((field) => ({ field, message: `${field} cannot be null` })));
    return this.dataSource.transaction(async (tx) => {
      const current = await this.lockLive(tx, id, ifMatch);
      const before = recordFromView(current);
      const merged: CreateOrganizationDto = { ...before, ...stripUndefined(dto) } as CreateOrganizationDto;
      const after = recordFromDto(merged);
      this.assertRecord(after);
      const changed = changedFields(before, after);
      if (!changed.length) return current;
      if (changed.includes('corporateNumber') && after.corporateNumber) {
        const holder = await this.holderOfCorporateNumber(tx, after.corporateNumber, id);
        if (holder) throw new DuplicateCorporateNumberError(holder);
      }
      // the query builder's UPDATE also bumps `version` and sets `updated_at` (see VersionedRecord)
      await tx.getRepository(Organization).update(id, {
        ...Object.fromEntries(changed.map((f) => [f, after[f]])),
        nameKey: organizationNameKey(after.name),
        updatedBy: actor.personId,
      });
      const updated = (await this.find(tx, id))!;
      await recordAudit(tx, {
        entityType: 'organization',
        entityId: id,
        action: 'updated',
        actorId: actor.personId,
        changedFields: changed,
      });
      await this.outbox.add(tx, OrganizationUpdatedV1, {
        aggregateId: id,
        data: { organization: toOrganizationV1(updated), changedFields: changed },
      });
      return updated;
    });
  }

  /** Locks a record that is not a merged alias and checks the client's If-Match against it. */
  private async lockLive(tx: EntityManager, id: string, ifMatch: string | undefined): Promise<OrganizationView> {
    const current = await this.find(tx, id, true);
    if (!current) throw new OrganizationNotFoundError(id);
    if (current.mergedInto) {
      throw new OrganizationMergedError(current.mergedInto, 'This organisation was merged into another; change the surviving record.');
    }
    assertIfMatch(ifMatch, current.version, 'organisation');
    return current;
  }

  async archive(id: string, ifMatch: string | undefined, actor: Actor): Promise<OrganizationView> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.lockLive(tx, id, ifMatch);
      if (current.archived) return current;
      await tx.getRepository(Organization).update(id, { archived: true, archivedAt: () => 'now()', updatedBy: actor.personId });
      await recordAudit(tx, {
        entityType: 'organization',
        entityId: id,
        action: 'archived',
        actorId: actor.personId,
        changedFields: ['archived'],
      });
      await this.outbox.add(tx, OrganizationArchivedV1, { aggregateId: id, data: { organizationId: id } });
      return (await this.find(tx, id))!;
    });
  }

  async restore(id: string, ifMatch: string | undefined, actor: Actor): Promise<OrganizationView> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.lockLive(tx, id, ifMatch);
      if (!current.archived) return current;
      if (current.corporateNumber) {
        const holder = await this.holderOfCorporateNumber(tx, current.corporateNumber, id);
        if (holder) throw new DuplicateCorporateNumberError(holder);
      }
      await tx.getRepository(Organization).update(id, { archived: false, archivedAt: null, updatedBy: actor.personId });
      const restored = (await this.find(tx, id))!;
      await recordAudit(tx, {
        entityType: 'organization',
        entityId: id,
        action: 'restored',
        actorId: actor.personId,
        changedFields: ['archived'],
      });
      await this.outbox.add(tx, OrganizationUpdatedV1, {
        aggregateId: id,
        data: { organization: toOrganizationV1(restored), changedFields: ['archived'] },
      });
      return restored;
    });
  }

  /**
   * Merges `mergedId` into `survivorId`: affiliations, memberships, tenancies, consortium memberships and
   * aliases move to the survivor; the merged record stays as an archived alias (`mergedInto`); a missing
   * corporate number is taken over. Publishes `organization merged` (and `updated` when the survivor changed).
   */
  async merge(survivorId: string, mergedId: string, ifMatch: string | undefined, actor: Actor): Promise<MergeResult> {
    if (survivorId === mergedId)
      throw new ValidationFailedError([{ field: 'mergedId', message: 'an organisation cannot be merged into itself' }]);
    return this.dataSource.transaction(async (tx) => {
      // lock both in id order so that two opposite merges cannot deadlock
      for (const id of [survivorId, mergedId].sort()) await tx.query(`SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE`, [id]);
      const merged = await this.find(tx, mergedId);
      if (!merged) throw new OrganizationNotFoundError(mergedId);
      const survivor = await this.lockLive(tx, survivorId, ifMatch);
      if (merged.mergedInto) {
        throw new MergeNotAllowedError('That organisation was already merged into another.', { survivorId: merged.mergedInto });
      }
      if (survivor.archived) throw new MergeNotAllowedError('An archived organisation cannot take over another; restore it first.');
      const [{ n: memberships }] = await tx.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM memberships WHERE study_group_id = $1`, [
        mergedId,
      ]);
      if ((merged.kind === 'study_group') !== (survivor.kind === 'study_group') && memberships! > 0) {
        throw new MergeNotAllowedError('A study group with members can only be merged into another study group.');
      }
      const moved = async (sql: string): Promise<number> => {
        const result = await tx.query(sql, [survivorId, mergedId, actor.personId]);
        return (result as [unknown[], number])[1];
      };
      const touch = `version = version + 1, updated_at = now(), updated_by = $3`;
      const movedAffiliations = await moved(`UPDATE affiliations SET organization_id = $1, ${touch} WHERE organization_id = $2`);
      const survivorMemberships = new Set(
        (await tx.query<{ id: string }[]>(`SELECT id FROM memberships WHERE study_group_id = $1`, [survivorId])).map((r) => r.id),
      );
      const movedMemberships = await moved(`UPDATE memberships SET study_group_id = $1, ${touch} WHERE study_group_id = $2`);
      // one person in both groups: overlapping memberships become one, its role periods keeping every role held
      await consolidateMemberships(tx, { studyGroupId: survivorId }, (m) => survivorMemberships.has(m.id), actor.personId);
      const movedTenancies = await moved(`UPDATE tenancies SET organization_id = $1, ${touch} WHERE organization_id = $2`);
      const movedConsortiumMemberships =
        (await moved(`UPDATE consortium_memberships SET organization_id = $1, ${touch} WHERE organization_id = $2`)) +
        (await moved(`UPDATE consortium_memberships SET consortium_id = $1, ${touch} WHERE consortium_id = $2`));
      await tx.query(`UPDATE organizations SET merged_into = $1 WHERE merged_into = $2`, [survivorId, mergedId]);
      await tx.query(
        `UPDATE organizations SET merged_into = $1, archived = true, archived_at = coalesce(archived_at, now()), ${touch} WHERE id = $2`,
        [survivorId, mergedId, actor.personId],
      );
      const changed: string[] = [];
      if (!survivor.corporateNumber && merged.corporateNumber) changed.push('corporateNumber');
      await tx.query(`UPDATE organizations SET corporate_number = coalesce(corporate_number, $2), ${touch} WHERE id = $1`, [
        survivorId,
        merged.corporateNumber,
        actor.personId,
      ]);
      const result = (await this.find(tx, survivorId))!;
      await recordAudit(tx, {
        entityType: 'organization',
        entityId: mergedId,
        action: 'merged',
        actorId: actor.personId,
        changedFields: ['mergedInto'],
      });
      await recordAudit(tx, {
        entityType: 'organization',
        entityId: survivorId,
        action: 'merged-in',
        actorId: actor.personId,
        changedFields: changed,
      });
      await this.outbox.add(tx, OrganizationMergedV1, {
        aggregateId: survivorId,
        data: { survivorId, mergedId, movedAffiliations, movedMemberships },
      });
      if (changed.length) {
        await this.outbox.add(tx, OrganizationUpdatedV1, {
          aggregateId: survivorId,
          data: { organization: toOrganizationV1(result), changedFields: changed },
        });
      }
      return { survivor: result, mergedId, movedAffiliations, movedMemberships, movedTenancies, movedConsortiumMemberships };
    });
  }
}

/** Exactly the record's fields, as entity properties (a record built from a wider object may carry more). */
function pickRecord(record: OrganizationRecord): Pick<Organization, keyof OrganizationRecord> {
  return Object.fromEntries(RECORD_FIELDS.map((f) => [f, record[f]])) as Pick<Organization, keyof OrganizationRecord>;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
