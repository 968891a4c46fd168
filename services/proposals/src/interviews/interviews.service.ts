import { Injectable } from '@nestjs/common';
import { InterviewCancelledV1, InterviewRescheduledV1, InterviewScheduledV1 } from '@collabo/contracts';
import {
  Clock,
  Outbox,
  ValidationFailedError,
  assertIfMatch,
  findPage,
  type Actor,
  type FieldError,
  type Page,
} from '@collabo/service-kit';
import { parseInstant } from '@collabo/calendar';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { InterviewClosedError, InterviewNotFoundError, UnknownPersonError } from '../errors.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import { ProposalAccess } from '../proposals/proposal-access.js';
import type { Proposal } from '../proposals/proposal.entity.js';
import { proposalRef } from '../proposals/proposal-ref.js';
import { RegistryGateway } from '../registry/registry.gateway.js';
import type { CancelInterviewDto, InterviewDto, InterviewQuery } from './dto/interview.dto.js';
import { Interview } from './interview.entity.js';
import { interviewRef, interviewView, type InterviewView } from './interview.view.js';

const DEFAULT_MINUTES = 60;

/** Recipients of an interview's emails: the proposal's contact person, then the other invitees. */
export function recipientsOf(p: Proposal, inviteeIds: string[]): string[] {
  return [...new Set([p.contactPersonId, ...inviteeIds])];
}

/**
 * Hearings of the applicant (issue 16, item 7): staff schedule one, change its time, place, link or note
 * (If-Match: the interview's version, which is also the invitation's iCalendar SEQUENCE), or cancel it. Each
 * change publishes its event through the outbox with what the email and its .ics need.
 */
@Injectable()
export class InterviewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly access: ProposalAccess,
    private readonly registry: RegistryGateway,
    private readonly clock: Clock,
  ) {}

  async schedule(actor: Actor, proposalId: string, dto: InterviewDto): Promise<InterviewView> {
    const when = this.when(dto);
    await this.access.visible(actor, proposalId);
    await this.assertInvitees(dto.inviteeIds ?? []);
    return this.dataSource.transaction(async (tx) => {
      const p = await this.access.visible(actor, proposalId, tx);
      const now = this.clock.now();
      const interview = tx.create(Interview, {
        id: uuidv7(),
        proposalId,
        status: 'scheduled',
        ...when,
        place: dto.place ?? null,
        onlineUrl: dto.onlineUrl ?? null,
        note: dto.note ?? null,
        inviteeIds: dto.inviteeIds ?? [],
        version: 1,
        createdAt: now,
        createdBy: actor.personId,
        updatedAt: now,
        updatedBy: actor.personId,
        cancelReason: null,
      });
      await tx.insert(Interview, interview);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      await this.outbox.add(tx, InterviewScheduledV1, {
        aggregateId: p.id,
        data: {
          proposal: proposalRef(p, programme),
          interview: interviewRef(interview),
          recipientIds: recipientsOf(p, interview.inviteeIds),
          scheduledBy: actor.personId,
        },
      });
      return interviewView(interview);
    });
  }

  async list(actor: Actor, proposalId: string, query: InterviewQuery): Promise<Page<InterviewView>> {
    await this.access.visible(actor, proposalId);
    return findPage(
      this.dataSource.manager,
      Interview,
      { where: { proposalId }, order: { startsAt: 'ASC', id: 'ASC' } },
      query,
      interviewView,
    );
  }

  async get(actor: Actor, proposalId: string, interviewId: string): Promise<InterviewView> {
    await this.access.visible(actor, proposalId);
    const found = await this.dataSource.manager.findOneBy(Interview, { id: interviewId, proposalId });
    if (!found) throw new InterviewNotFoundError(interviewId);
    return interviewView(found);
  }

  async reschedule(
    actor: Actor,
    proposalId: string,
    interviewId: string,
    ifMatch: string | undefined,
    dto: InterviewDto,
  ): Promise<InterviewView> {
    const when = this.when(dto);
    await this.access.visible(actor, proposalId);
    await this.assertInvitees(dto.inviteeIds ?? []);
    return this.dataSource.transaction(async (tx) => {
      const { p, interview } = await this.locked(tx, actor, proposalId, interviewId, ifMatch);
      const previous = interviewRef(interview);
      const before = recipientsOf(p, interview.inviteeIds);
      const next = {
        ...when,
        place: dto.place ?? null,
        onlineUrl: dto.onlineUrl ?? null,
        note: dto.note ?? null,
        inviteeIds: dto.inviteeIds ?? [],
      };
      const same =
        next.startsAt.getTime() === interview.startsAt.getTime() &&
        next.endsAt.getTime() === interview.endsAt.getTime() &&
        next.place === interview.place &&
        next.onlineUrl === interview.onlineUrl &&
        next.note === interview.note &&
        [...next.inviteeIds].sort().join() === [...interview.inviteeIds].sort().join();
      if (same) throw new ValidationFailedError([{ field: '', message: 'the request changes nothing' }]);
      Object.assign(interview, next, { version: interview.version + 1, updatedAt: this.clock.now(), updatedBy: actor.personId });
      await tx.save(Interview, interview);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      const recipientIds = recipientsOf(p, interview.inviteeIds);
      await this.outbox.add(tx, InterviewRescheduledV1, {
        aggregateId: p.id,
        data: {
          proposal: proposalRef(p, programme),
          interview: interviewRef(interview),
          previous,
          recipientIds,
          removedRecipientIds: before.filter((id) => !recipientIds.includes(id)),
          addedRecipientIds: recipientIds.filter((id) => !before.includes(id)),
          changedBy: actor.personId,
        },
      });
      return interviewView(interview);
    });
  }

  async cancel(
    actor: Actor,
    proposalId: string,
    interviewId: string,
    ifMatch: string | undefined,
    dto: CancelInterviewDto,
  ): Promise<InterviewView> {
    return this.dataSource.transaction(async (tx) => {
      const { p, interview } = await this.locked(tx, actor, proposalId, interviewId, ifMatch);
      Object.assign(interview, {
        status: 'cancelled',
        cancelReason: dto.reason,
        version: interview.version + 1,
        updatedAt: this.clock.now(),
        updatedBy: actor.personId,
      });
      await tx.save(Interview, interview);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      await this.outbox.add(tx, InterviewCancelledV1, {
        aggregateId: p.id,
        data: {
          proposal: proposalRef(p, programme),
          interview: interviewRef(interview),
          recipientIds: recipientsOf(p, interview.inviteeIds),
          reason: dto.reason,
          cancelledBy: actor.personId,
        },
      });
      return interviewView(interview);
    });
  }

  /** The interview under a row lock, checked against If-Match; a cancelled one is not changed again (409). */
  private async locked(tx: EntityManager, actor: Actor, proposalId: string, interviewId: string, ifMatch: string | undefined) {
    const p = await this.access.visible(actor, proposalId, tx);
    const interview = await tx.findOne(Interview, { where: { id: interviewId, proposalId }, lock: { mode: 'pessimistic_write' } });
    if (!interview) throw new InterviewNotFoundError(interviewId);
    assertIfMatch(ifMatch, interview.version, 'interview');
    if (interview.status !== 'scheduled') throw new InterviewClosedError(interview.status);
    return { p, interview };
  }

  /** When, checked: in the future, with a place or a link. */
  private when(dto: InterviewDto): { startsAt: Date; endsAt: Date } {
    const errors: FieldError[] = [];
    // startsAt passed @IsInstant (the same parser), so it reads.
    const startsAt = parseInstant(dto.startsAt, { offset: 'required' })!;
    if (startsAt.getTime() <= this.clock.now().getTime())
      errors.push({ field: 'startsAt', message: 'a hearing is invited to in the future' });
    if (dto.place === undefined && dto.onlineUrl === undefined)
      errors.push({ field: 'place', message: 'say where: a place, an onlineUrl, or both' });
    if (errors.length) throw new ValidationFailedError(errors);
    return { startsAt, endsAt: new Date(startsAt.getTime() + (dto.durationMinutes ?? DEFAULT_MINUTES) * 60_000) };
  }

  /** Invitees are people the registry knows (notifications email them from their ids): 422 naming each unknown one. */
  private async assertInvitees(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const unknown = new Set(await this.registry.unknownPeople(ids));
    const errors = ids.flatMap((id, i) => (unknown.has(id) ? [{ field: `inviteeIds.${i}`, message: 'unknown person' }] : []));
    if (errors.length) throw new UnknownPersonError(errors);
  }
}
