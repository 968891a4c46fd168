import { Injectable } from '@nestjs/common';
import { formatInstant, formatInstantOrNull } from '@collabo/calendar';
import { Clock, type Actor } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../audit/audit.js';
import { RegistryEnv } from '../config/registry-env.js';
import {
  ConsentAlreadyGivenError,
  ConsentLinkInvalidError,
  ConsentNotFoundError,
  PersonMergedError,
  PersonNotFoundError,
} from '../errors.js';
import { Consent } from './consent.entity.js';
import { ConsentPurposeLabels, type ConsentPurpose, type ConsentSource, type WithdrawalChannel } from './consent-purposes.js';
import { consentWithdrawalUrl, signConsentWithdrawal, verifyConsentWithdrawal, type ConsentWithdrawalClaim } from './consent-token.js';

export interface ConsentView {
  id: string;
  personId: string;
  purpose: ConsentPurpose;
  purposeLabel: { ja: string; en: string };
  source: ConsentSource;
  givenAt: string;
  recordedBy: string | null;
  inForce: boolean;
  withdrawnAt: string | null;
  withdrawnVia: WithdrawalChannel | null;
  withdrawnBy: string | null;
  /** The person's own withdrawal link (for an email), while the consent is in force. */
  withdrawalUrl: string | null;
}

/**
 * Consent per person and purpose (issue #20 item 6): given (from a form or entered by staff) with its date,
 * withdrawn by staff or by the person through the signed link of an email. `directory_listing` drives
 * `people.consent_to_list`, which the registry's lists already honour.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly env: RegistryEnv,
  ) {}

  async ofPerson(personId: string): Promise<ConsentView[]> {
    await this.assertPerson(this.dataSource.manager, personId);
    const rows = await this.dataSource.getRepository(Consent).find({ where: { personId }, order: { givenAt: 'ASC', id: 'ASC' } });
    return rows.map((c) => this.view(c));
  }

  async give(
    personId: string,
    body: { purpose: ConsentPurpose; source: ConsentSource; givenAt?: string },
    actor: Actor,
  ): Promise<ConsentView> {
    return this.dataSource.transaction(async (tx) => {
      await this.assertPerson(tx, personId, true);
      const inForce = await this.inForce(tx, personId, body.purpose);
      if (inForce) throw new ConsentAlreadyGivenError(inForce.id);
      const consent = tx.getRepository(Consent).create({
        id: uuidv7(),
        personId,
        purpose: body.purpose,
        source: body.source,
        givenAt: body.givenAt ? new Date(body.givenAt) : this.clock.now(),
        recordedBy: actor.personId,
        withdrawnAt: null,
        withdrawnVia: null,
        withdrawnBy: null,
      });
      await tx.getRepository(Consent).insert(consent);
      await this.syncListing(tx, personId, body.purpose, true, actor.personId);
      await recordAudit(tx, {
        entityType: 'consent',
        entityId: consent.id,
        action: 'given',
        actorId: actor.personId,
        changedFields: ['purpose', 'source'],
      });
      return this.view(consent);
    });
  }

  /** Staff record a withdrawal (idempotent: a withdrawn consent stays as it was withdrawn). */
  async withdraw(consentId: string, actor: Actor): Promise<ConsentView> {
    return this.dataSource.transaction(async (tx) => {
      const consent = await tx.getRepository(Consent).findOne({ where: { id: consentId }, lock: { mode: 'pessimistic_write' } });
      if (!consent) throw new ConsentNotFoundError(consentId);
      if (consent.withdrawnAt === null) await this.markWithdrawn(tx, consent, 'staff', actor.personId);
      return this.view(consent);
    });
  }

  /** What a link would withdraw (its page changes nothing); a bad link is a 400. */
  claimOf(token: string): ConsentWithdrawalClaim {
    const claim = verifyConsentWithdrawal(this.env.CONSENT_LINK_SECRET, token);
    if (!claim) throw new ConsentLinkInvalidError();
    return claim;
  }

  /** The person withdraws through their link: idempotent (nothing in force, nothing to do). */
  async withdrawByLink(token: string): Promise<{ claim: ConsentWithdrawalClaim; withdrawn: boolean }> {
    const claim = this.claimOf(token);
    return this.dataSource.transaction(async (tx) => {
      const consent = await this.inForce(tx, claim.personId, claim.purpose, true);
      if (consent) await this.markWithdrawn(tx, consent, 'link', null);
      return { claim, withdrawn: !!consent };
    });
  }

  /** The person's withdrawal link for a purpose, and whether that consent is in force (the RPC for emails). */
  async linkOf(personId: string, purpose: ConsentPurpose): Promise<{ withdrawalUrl: string; inForce: boolean }> {
    await this.assertPerson(this.dataSource.manager, personId);
    const inForce = await this.inForce(this.dataSource.manager, personId, purpose);
    return { withdrawalUrl: this.linkFor({ personId, purpose }), inForce: inForce !== null };
  }

  /** The working withdrawal link of a person and purpose. */
  linkFor(claim: ConsentWithdrawalClaim): string {
    return consentWithdrawalUrl(this.env.CONSENT_WITHDRAWAL_URL, signConsentWithdrawal(this.env.CONSENT_LINK_SECRET, claim));
  }

  private async inForce(tx: EntityManager, personId: string, purpose: ConsentPurpose, lock = false): Promise<Consent | null> {
    const [row] = await tx.query<{ id: string }[]>(
      `SELECT id FROM consents WHERE person_id = $1 AND purpose = $2 AND withdrawn_at IS NULL${lock ? ' FOR UPDATE' : ''}`,
      [personId, purpose],
    );
    return row ? tx.getRepository(Consent).findOneBy({ id: row.id }) : null;
  }

  private async markWithdrawn(tx: EntityManager, consent: Consent, via: WithdrawalChannel, actorId: string | null): Promise<void> {
    consent.withdrawnAt = this.clock.now();
    consent.withdrawnVia = via;
    consent.withdrawnBy = actorId;
    await tx
      .getRepository(Consent)
      .update({ id: consent.id }, { withdrawnAt: consent.withdrawnAt, withdrawnVia: via, withdrawnBy: actorId });
    await this.syncListing(tx, consent.personId, consent.purpose, false, actorId);
    await recordAudit(tx, {
      entityType: 'consent',
      entityId: consent.id,
      action: `withdrawn_via_${via}`,
      actorId,
      changedFields: ['withdrawnAt'],
    });
  }

  /** `directory_listing` is what `people.consent_to_list` shows: keep the two the same. */
  private async syncListing(
    tx: EntityManager,
    personId: string,
    purpose: ConsentPurpose,
    listed: boolean,
    actorId: string | null,
  ): Promise<void> {
    if (purpose !== 'directory_listing') return;
    await tx.query(
      `UPDATE people SET consent_to_list = $2, version = version + 1, updated_at = now(), updated_by = $3 WHERE id = $1 AND consent_to_list <> $2`,
      [personId, listed, actorId],
    );
  }

  /** The person exists; `forChange`: locked, and not a merged alias (whose record cannot change any more). */
  private async assertPerson(db: EntityManager, personId: string, forChange = false): Promise<void> {
    const rows: { merged_into: string | null }[] = await db.query(
      `SELECT merged_into FROM people WHERE id = $1${forChange ? ' FOR UPDATE' : ''}`,
      [personId],
    );
    if (!rows.length) throw new PersonNotFoundError(personId);
    const survivorId = rows[0]!.merged_into;
    if (forChange && survivorId)
      throw new PersonMergedError(survivorId, 'This person was merged into another; record the consent on the surviving record.');
  }

  private view(c: Consent): ConsentView {
    const inForce = c.withdrawnAt === null;
    return {
      id: c.id,
      personId: c.personId,
      purpose: c.purpose,
      purposeLabel: ConsentPurposeLabels[c.purpose],
      source: c.source,
      givenAt: formatInstant(c.givenAt),
      recordedBy: c.recordedBy,
      inForce,
      withdrawnAt: formatInstantOrNull(c.withdrawnAt),
      withdrawnVia: c.withdrawnVia,
      withdrawnBy: c.withdrawnBy,
      withdrawalUrl: inForce ? this.linkFor({ personId: c.personId, purpose: c.purpose }) : null,
    };
  }
}
