import { Injectable } from '@nestjs/common';
import { fiscalYearRange, todayInTokyo } from '@collabo/calendar';
import { MembershipChangedV1 } from '@collabo/contracts';
import { assertIfMatch, Clock, Outbox, page, PageQuery, ValidationFailedError, type Actor, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../audit/audit.js';
import {
  MembershipNotFoundError,
  MembershipOverlapError,
  OrganizationMergedError,
  PersonMergedError,
  PersonNotFoundError,
  StudyGroupNotFoundError,
} from '../errors.js';
import { pageOfRows, recordsById, type Db } from '../database/sql.js';
import { Organization } from '../organizations/organization.entity.js';
import { Person } from '../people/person.entity.js';
import { ReferenceData } from '../reference/reference.service.js';
import { MembershipRolePeriod } from './membership-role.entity.js';
import { Membership } from './membership.entity.js';
import type { CreateMembershipDto, RoleChangeDto, StudyGroupQuery, StudyGroupReportQuery, UpdateMembershipDto } from './membership.dto.js';
import { MEMBERSHIP_SELECT, toMembershipV1, toMembershipView, type MembershipRow, type MembershipView } from './membership.view.js';
import { adjustPeriods, changeRole, periodsOf, type PeriodsOutcome, type RolePeriod } from './role-periods.js';
import { studyGroupReport, type ReportGroup, type ReportMembership, type StudyGroupReport } from './study-group-report.js';

export interface StudyGroupSummary {
  id: string;
  name: string;
  nameKana: string;
  foundedOn: string | null;
  dissolvedOn: string | null;
  focusFields: string[];
  areaMunicipalityCodes: string[];
  areaBureauCodes: string[];
  bureauCodes: string[];
  currentMembers: number;
  archived: boolean;
}

/** The bureaus a study group belongs to: those of its area, else that of its address. */
const GROUP_BUREAUS = `ARRAY(
  SELECT DISTINCT b FROM (
    SELECT unnest(o.area_bureau_codes) AS b
    UNION SELECT am.bureau_code FROM municipalities am WHERE am.code = ANY (o.area_municipality_codes)
    UNION SELECT hm.bureau_code FROM municipalities hm
     WHERE hm.code = o.municipality_code AND cardinality(o.area_bureau_codes) = 0 AND cardinality(o.area_municipality_codes) = 0
  ) x ORDER BY b)`;

const PERSON_MEMBERSHIPS_SQL = `${MEMBERSHIP_SELECT} WHERE ms.person_id = $1 ORDER BY ms.joined_on DESC, ms.id`;

const membershipsById = recordsById({
  select: MEMBERSHIP_SELECT,
  alias: 'ms',
  toView: toMembershipView,
  notFound: (id) => new MembershipNotFoundError(id),
});

/** Study groups, their members (role, joined, left), and the yearly report. */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly reference: ReferenceData,
    private readonly clock: Clock,
  ) {}

  /** The study group an id stands for today (a merged id leads to its survivor), or 404. */
  async studyGroup(
    db: DataSource | EntityManager,
    id: string,
    lock = false,
  ): Promise<{ id: string; name: string; mergedInto: string | null }> {
    let row: Organization | null = null;
    let current = id;
    for (let hops = 0; hops < 10; hops++) {
      row = await db.getRepository(Organization).findOne({
        select: { id: true, name: true, kind: true, mergedInto: true },
        where: { id: current },
        ...(lock ? { lock: { mode: 'pessimistic_read' as const } } : {}),
      });
      if (!row?.mergedInto) break;
      current = row.mergedInto;
    }
    if (!row || row.kind !== 'study_group') throw new StudyGroupNotFoundError(id);
    return { id: row.id, name: row.name, mergedInto: row.mergedInto };
  }

  /**
   * The members of a study group (a merged id leads to its survivor), or those of one day: all of them
   * (for RPC, whose contract answers the whole list), or one page (HTTP), with the total either way.
   */
  async members(
    studyGroupId: string,
    activeOn?: string,
    pageQuery?: PageQuery,
  ): Promise<{ studyGroupId: string; members: MembershipView[]; total: number }> {
    const group = await this.studyGroup(this.dataSource, studyGroupId);
    const sql = `${MEMBERSHIP_SELECT} WHERE ms.study_group_id = $1
         AND ($2::date IS NULL OR (ms.joined_on <= $2::date AND (ms.left_on IS NULL OR ms.left_on >= $2::date)))
       ORDER BY ms.left_on NULLS FIRST, array_position(ARRAY['representative','deputy','secretary','auditor','office','counsellor','advisor','member'], ms.role), p.family_name_kana, ms.id`;
    const params = [group.id, activeOn ?? null];
    const { rows, total } = pageQuery
      ? await pageOfRows<MembershipRow>(this.dataSource, sql, params, pageQuery)
      : await this.dataSource.query<MembershipRow[]>(sql, params).then((all) => ({ rows: all, total: all.length }));
    return { studyGroupId: group.id, members: rows.map(toMembershipView), total };
  }

  /** All of a person's memberships (for RPC: a person has few). */
  async ofPerson(personId: string, db: Db = this.dataSource): Promise<MembershipView[]> {
    const rows = await db.query<MembershipRow[]>(PERSON_MEMBERSHIPS_SQL, [personId]);
    return rows.map(toMembershipView);
  }

  async pageOfPerson(personId: string, query: PageQuery): Promise<Page<MembershipView>> {
    const { rows, total } = await pageOfRows<MembershipRow>(this.dataSource, PERSON_MEMBERSHIPS_SQL, [personId], query);
    return page(rows.map(toMembershipView), total, query);
  }

  async assertPerson(personId: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Person).existsBy({ id: personId }))) throw new PersonNotFoundError(personId);
  }

  /** One by id, or null; `forUpdate` locks it until the transaction ends. */
  private readonly find = membershipsById.find;

  get(id: string): Promise<MembershipView> {
    return membershipsById.get(this.dataSource, id);
  }

  async join(studyGroupId: string, dto: CreateMembershipDto, actor: Actor): Promise<MembershipView> {
    if (dto.leftOn && dto.leftOn < dto.joinedOn)
      throw new ValidationFailedError([{ field: 'leftOn', message: 'leftOn cannot be before joinedOn' }]);
    return this.dataSource.transaction(async (tx) => {
      const group = await this.studyGroup(tx, studyGroupId, true);
      if (group.id !== studyGroupId) {
        throw new OrganizationMergedError(group.id, 'That study group was merged into another; add the member there.');
      }
      const person = await tx
        .getRepository(Person)
        .findOne({ select: { id: true, mergedInto: true }, where: { id: dto.personId }, lock: { mode: 'pessimistic_read' } });
      if (!person) throw new PersonNotFoundError(dto.personId);
      if (person.mergedInto)
        throw new PersonMergedError(person.mergedInto, 'That person was merged into another; add the surviving person.', 'personId');
      await this.assertNoOverlap(tx, { id: null, studyGroupId: group.id, personId: dto.personId }, dto.joinedOn, dto.leftOn ?? null);
      const id = uuidv7();
      await tx.getRepository(Membership).insert({
        id,
        studyGroupId: group.id,
        personId: dto.personId,
        role: dto.role,
        joinedOn: dto.joinedOn,
        leftOn: dto.leftOn ?? null,
        createdBy: actor.personId,
        updatedBy: actor.personId,
      });
      await this.savePeriods(tx, id, [], [{ role: dto.role, fromOn: dto.joinedOn, toOn: dto.leftOn ?? null }], actor);
      return this.changed(tx, id, actor.personId, 'joined', []);
    });
  }

  async update(id: string, dto: UpdateMembershipDto, ifMatch: string | undefined, actor: Actor): Promise<MembershipView> {
    if (dto.joinedOn === null || dto.role === null) {
      throw new ValidationFailedError([{ field: dto.role === null ? 'role' : 'joinedOn', message: 'cannot be null' }]);
    }
    return this.dataSource.transaction(async (tx) => {
      const current = await this.find(tx, id, true);
      if (!current) throw new MembershipNotFoundError(id);
      assertIfMatch(ifMatch, current.version, 'membership');
      const next = {
        role: dto.role ?? current.role,
        joinedOn: dto.joinedOn ?? current.joinedOn,
        leftOn: dto.leftOn !== undefined ? dto.leftOn : current.leftOn,
      };
      if (next.leftOn && next.leftOn < next.joinedOn)
        throw new ValidationFailedError([{ field: 'leftOn', message: 'leftOn cannot be before joinedOn' }]);
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]);
      if (!changed.length) return current;
      if (next.joinedOn !== current.joinedOn || next.leftOn !== current.leftOn) {
        await this.assertNoOverlap(tx, current, next.joinedOn, next.leftOn);
      }
      const stored = await this.storedPeriods(tx, id);
      const periods = outcome(adjustPeriods(periodsOf(stored, current), next));
      // the query builder's UPDATE also bumps `version` and sets `updated_at` (see VersionedRecord)
      await tx.getRepository(Membership).update(id, { ...next, updatedBy: actor.personId });
      await this.savePeriods(tx, id, stored, periods, actor);
      const change = current.leftOn === null && next.leftOn !== null ? 'left' : 'updated';
      return this.changed(tx, id, actor.personId, change, changed);
    });
  }

  /**
   * A role change from a day on (If-Match on the membership): the current role period ends the day before
   * `from`, one of the new role starts on `from`; the membership's `role` becomes the new one. Published as
   * `membership.changed` (`updated`, the membership with its new role).
   */
  async changeRole(id: string, dto: RoleChangeDto, ifMatch: string | undefined, actor: Actor): Promise<MembershipView> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.find(tx, id, true);
      if (!current) throw new MembershipNotFoundError(id);
      assertIfMatch(ifMatch, current.version, 'membership');
      const stored = await this.storedPeriods(tx, id);
      const periods = outcome(changeRole(periodsOf(stored, current), current, dto));
      await tx.getRepository(Membership).update(id, { role: dto.role, updatedBy: actor.personId });
      await this.savePeriods(tx, id, stored, periods, actor);
      return this.changed(tx, id, actor.personId, 'updated', ['role']);
    });
  }

  /**
   * Refuses a second membership of the same person in the same group on any of the same days (409
   * `REGISTRY.MEMBERSHIP_OVERLAP`): a new role is a role period of the one membership. Serialised per person and
   * group by a transaction-scoped advisory lock, so two parallel joins cannot both pass.
   */
  private async assertNoOverlap(
    tx: EntityManager,
    m: { id: string | null; studyGroupId: string; personId: string },
    joinedOn: string,
    leftOn: string | null,
  ): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('registry.membership:' || $1 || ':' || $2, 0))`, [
      m.personId,
      m.studyGroupId,
    ]);
    const rows = await tx.query<{ id: string }[]>(
      `SELECT id FROM memberships
        WHERE person_id = $1 AND study_group_id = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)
          AND joined_on <= COALESCE($5::date, 'infinity'::date) AND COALESCE(left_on, 'infinity'::date) >= $4::date
        ORDER BY joined_on LIMIT 1`,
      [m.personId, m.studyGroupId, m.id, joinedOn, leftOn],
    );
    if (rows[0]) throw new MembershipOverlapError(rows[0].id);
  }

  private async storedPeriods(tx: EntityManager, membershipId: string): Promise<(RolePeriod & { id: string })[]> {
    const rows = await tx
      .getRepository(MembershipRolePeriod)
      .find({ where: { membershipId }, order: { fromOn: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    return rows.map((r) => ({ id: r.id, role: r.role, fromOn: r.fromOn, toOn: r.toOn }));
  }

  /**
   * Writes a membership's periods: `periods[i]` is `stored[i]` changed (the rules keep the order and never move a
   * start onto another), the rest are new; a period's `created_at`/`created_by` tell when it was entered.
   */
  private async savePeriods(
    tx: EntityManager,
    membershipId: string,
    stored: (RolePeriod & { id: string })[],
    periods: RolePeriod[],
    actor: Actor,
  ): Promise<void> {
    const repo = tx.getRepository(MembershipRolePeriod);
    for (const [i, p] of periods.entries()) {
      const before = stored[i];
      if (!before) {
        await repo.insert({ id: uuidv7(), membershipId, role: p.role, fromOn: p.fromOn, toOn: p.toOn, createdBy: actor.personId });
      } else if (before.role !== p.role || before.fromOn !== p.fromOn || before.toOn !== p.toOn) {
        await repo.update(before.id, { role: p.role, fromOn: p.fromOn, toOn: p.toOn });
      }
    }
  }

  private async changed(
    tx: EntityManager,
    id: string,
    actorId: string | null,
    change: MembershipChangedV1.Data['change'],
    fields: string[],
  ) {
    const membership = (await this.find(tx, id))!;
    await recordAudit(tx, { entityType: 'membership', entityId: id, action: change, actorId, changedFields: fields });
    await this.outbox.add(tx, MembershipChangedV1, {
      aggregateId: membership.studyGroupId,
      data: { change, membership: toMembershipV1(membership) },
    });
    return membership;
  }

  async list(query: StudyGroupQuery): Promise<Page<StudyGroupSummary>> {
    const params: unknown[] = [];
    const conds = [`o.kind = 'study_group'`, 'o.merged_into IS NULL'];
    if (query.bureau) {
      params.push(query.bureau);
      conds.push(`$${params.length} = ANY (${GROUP_BUREAUS})`);
    }
    if (query.focusField) {
      params.push(query.focusField);
      conds.push(`o.focus_fields @> ARRAY[$${params.length}]::text[]`);
    }
    if (query.activeOn) {
      params.push(query.activeOn);
      conds.push(
        `(o.founded_on IS NULL OR o.founded_on <= $${params.length}::date) AND (o.dissolved_on IS NULL OR o.dissolved_on >= $${params.length}::date)`,
      );
    }
    params.push(todayInTokyo(this.clock.now()));
    const today = `$${params.length}::date`;
    params.push(query.limit, query.offset);
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT count(*) OVER () AS total, o.id, o.name, o.name_kana, o.founded_on::text AS founded_on, o.dissolved_on::text AS dissolved_on,
              o.focus_fields, o.area_municipality_codes, o.area_bureau_codes, ${GROUP_BUREAUS} AS bureau_codes, o.archived,
              (SELECT count(*)::int FROM memberships ms WHERE ms.study_group_id = o.id AND ms.joined_on <= ${today}
                  AND (ms.left_on IS NULL OR ms.left_on >= ${today})) AS current_members
         FROM organizations o WHERE ${conds.join(' AND ')}
        ORDER BY o.name_kana, o.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const items: StudyGroupSummary[] = rows.map((r) => ({
      id: r['id'] as string,
      name: r['name'] as string,
      nameKana: r['name_kana'] as string,
      foundedOn: r['founded_on'] as string | null,
      dissolvedOn: r['dissolved_on'] as string | null,
      focusFields: r['focus_fields'] as string[],
      areaMunicipalityCodes: r['area_municipality_codes'] as string[],
      areaBureauCodes: r['area_bureau_codes'] as string[],
      bureauCodes: r['bureau_codes'] as string[],
      currentMembers: r['current_members'] as number,
      archived: r['archived'] as boolean,
    }));
    return page(items, rows[0] ? Number(rows[0]['total']) : 0, query);
  }

  async report(query: StudyGroupReportQuery): Promise<StudyGroupReport> {
    if (query.to < query.from || query.to - query.from > 100) {
      throw new ValidationFailedError([{ field: 'to', message: 'to must be from 0 to 100 years after from' }]);
    }
    const groups = await this.dataSource.query<
      {
        id: string;
        founded_on: string | null;
        dissolved_on: string | null;
        bureau_codes: string[];
        focus_fields: ReportGroup['focusFields'];
      }[]
    >(
      `SELECT o.id, o.founded_on::text AS founded_on, o.dissolved_on::text AS dissolved_on, ${GROUP_BUREAUS} AS bureau_codes, o.focus_fields
         FROM organizations o WHERE o.kind = 'study_group' AND o.merged_into IS NULL`,
    );
    const memberships = await this.dataSource.query<ReportMembership[]>(
      `SELECT ms.study_group_id AS "studyGroupId", ms.person_id AS "personId", ms.joined_on::text AS "joinedOn", ms.left_on::text AS "leftOn"
         FROM memberships ms JOIN organizations o ON o.id = ms.study_group_id
        WHERE o.kind = 'study_group' AND o.merged_into IS NULL
          AND ms.joined_on <= $2::date AND (ms.left_on IS NULL OR ms.left_on >= $1::date)`,
      [fiscalYearRange(query.from).firstDay, fiscalYearRange(query.to).lastDay],
    );
    return studyGroupReport(
      groups.map((g) => ({
        id: g.id,
        foundedOn: g.founded_on,
        dissolvedOn: g.dissolved_on,
        bureauCodes: g.bureau_codes,
        focusFields: g.focus_fields,
      })),
      memberships,
      query.from,
      query.to,
      this.reference.listBureaus().map((b) => b.code),
    );
  }
}

function outcome(result: PeriodsOutcome): RolePeriod[] {
  if (!result.ok) throw new ValidationFailedError(result.errors);
  return result.periods;
}
