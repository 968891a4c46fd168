import { Injectable } from '@nestjs/common';
import { assertIfMatch, ConflictError, NotFoundError, ValidationFailedError, type Actor, type FieldError } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../common/audit.js';
import { organizationNotFound, personNotFound, RegistryErrors } from '../common/errors.js';
import type { Db } from '../common/http.js';
import type { CreateAffiliationDto, UpdateAffiliationDto } from './person.dto.js';
import { AFFILIATION_SELECT, toAffiliationView, type AffiliationRow, type AffiliationView } from './person.view.js';

function periodErrors(from: string | null | undefined, to: string | null | undefined): FieldError[] {
  return from && to && to < from ? [{ field: 'to', message: 'to cannot be before from' }] : [];
}

/** Where people work or worked: organisation, department, title, from/to. */
@Injectable()
export class AffiliationsService {
  constructor(private readonly dataSource: DataSource) {}

  async ofPerson(personId: string, db: Db = this.dataSource, currentOnly = false): Promise<AffiliationView[]> {
    const rows = await db.query<AffiliationRow[]>(
      `${AFFILIATION_SELECT} WHERE a.person_id = $1 ${currentOnly ? 'AND (a.to_on IS NULL OR a.to_on >= current_date)' : ''}
        ORDER BY a.from_on DESC NULLS LAST, a.id`,
      [personId],
    );
    return rows.map(toAffiliationView);
  }

  async ofOrganization(organizationId: string, currentOnly: boolean): Promise<AffiliationView[]> {
    const [org] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM organizations WHERE id = $1`, [organizationId]);
    if (!org) throw organizationNotFound(organizationId);
    const rows = await this.dataSource.query<AffiliationRow[]>(
      `${AFFILIATION_SELECT} WHERE a.organization_id = $1 ${currentOnly ? 'AND (a.to_on IS NULL OR a.to_on >= current_date)' : ''}
        ORDER BY p.family_name_kana, p.given_name_kana, a.id`,
      [organizationId],
    );
    return rows.map(toAffiliationView);
  }

  private async find(db: Db, id: string, forUpdate = false): Promise<AffiliationView | null> {
    const rows = await db.query<AffiliationRow[]>(`${AFFILIATION_SELECT} WHERE a.id = $1 ${forUpdate ? 'FOR UPDATE OF a' : ''}`, [id]);
    return rows[0] ? toAffiliationView(rows[0]) : null;
  }

  async get(id: string): Promise<AffiliationView> {
    const found = await this.find(this.dataSource, id);
    if (!found) throw new NotFoundError(RegistryErrors.affiliationNotFound, `No affiliation ${id}.`);
    return found;
  }

  async create(personId: string, dto: CreateAffiliationDto, actor: Actor): Promise<AffiliationView> {
    const errors = periodErrors(dto.from, dto.to);
    if (errors.length) throw new ValidationFailedError(errors);
    return this.dataSource.transaction(async (tx) => {
      const [person] = await tx.query<{ id: string }[]>(`SELECT id FROM people WHERE id = $1 FOR SHARE`, [personId]);
      if (!person) throw personNotFound(personId);
      await this.assertLinkable(tx, dto.organizationId);
      const id = uuidv7();
      await tx.query(
        `INSERT INTO affiliations (id, person_id, organization_id, department, title, from_on, to_on, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [id, personId, dto.organizationId, dto.department ?? null, dto.title ?? null, dto.from ?? null, dto.to ?? null, actor.personId],
      );
      await recordAudit(tx, { entityType: 'affiliation', entityId: id, action: 'created', actorId: actor.personId });
      return (await this.find(tx, id))!;
    });
  }

  /** An organisation people can be linked to: it exists and is not a merged alias (link the survivor instead). */
  private async assertLinkable(tx: EntityManager, organizationId: string): Promise<void> {
    const [org] = await tx.query<{ merged_into: string | null }[]>(`SELECT merged_into FROM organizations WHERE id = $1 FOR SHARE`, [
      organizationId,
    ]);
    if (!org) throw organizationNotFound(organizationId);
    if (org.merged_into) {
      throw new ConflictError(RegistryErrors.organizationMerged, 'That organisation was merged into another; link the surviving record.', {
        survivorId: org.merged_into,
      });
    }
  }

  async update(id: string, dto: UpdateAffiliationDto, ifMatch: string | undefined, actor: Actor): Promise<AffiliationView> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.find(tx, id, true);
      if (!current) throw new NotFoundError(RegistryErrors.affiliationNotFound, `No affiliation ${id}.`);
      assertIfMatch(ifMatch, current.version, 'affiliation');
      const next = {
        department: dto.department !== undefined ? dto.department : current.department,
        title: dto.title !== undefined ? dto.title : current.title,
        from: dto.from !== undefined ? dto.from : current.from,
        to: dto.to !== undefined ? dto.to : current.to,
      };
      const errors = periodErrors(next.from, next.to);
      if (errors.length) throw new ValidationFailedError(errors);
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]);
      if (!changed.length) return current;
      await tx.query(
        `UPDATE affiliations SET department = $2, title = $3, from_on = $4, to_on = $5, version = version + 1, updated_at = now(), updated_by = $6
          WHERE id = $1`,
        [id, next.department, next.title, next.from, next.to, actor.personId],
      );
      await recordAudit(tx, {
        entityType: 'affiliation',
        entityId: id,
        action: 'updated',
        actorId: actor.personId,
        changedFields: changed,
      });
      return (await this.find(tx, id))!;
    });
  }

  /** Removes an affiliation entered by mistake (an ended one is kept, with its `to` date). */
  async remove(id: string, ifMatch: string | undefined, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const current = await this.find(tx, id, true);
      if (!current) throw new NotFoundError(RegistryErrors.affiliationNotFound, `No affiliation ${id}.`);
      assertIfMatch(ifMatch, current.version, 'affiliation');
      await tx.query(`DELETE FROM affiliations WHERE id = $1`, [id]);
      await recordAudit(tx, { entityType: 'affiliation', entityId: id, action: 'deleted', actorId: actor.personId });
    });
  }
}
