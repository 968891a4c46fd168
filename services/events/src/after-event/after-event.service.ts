import { formatInstant, todayInTokyo } from '@collabo/calendar';
import { assertIfMatch, Clock, findPage, page, type Page } from '@collabo/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ConnectionExistsError, EventNotFoundError, FollowUpNotFoundError, NotAnAttendeeError, NotAttendedError } from '../errors.js';
import { ExchangeEvent } from '../events/exchange-event.entity.js';
import { Registration } from '../registrations/registration.entity.js';
import { Connection, EventProposal, FollowUp, QuestionnaireAnswer } from './after-event.entities.js';
import type { CreateConnectionDto, CreateFollowUpDto, FollowUpQuery, QuestionnaireDto, UpdateFollowUpDto } from './dto/after-event.dto.js';
import type {
  AttendeeListView,
  ConnectionView,
  FollowUpView,
  OwnQuestionnaireView,
  ProposalLinkView,
  QuestionnaireAnswersView,
  QuestionnaireView,
  SatisfactionDistributionView,
} from './dto/after-event.view.js';
import { ceasedRegistrations } from '../privacy/privacy-cessations.js';

const questionnaireView = (a: QuestionnaireAnswer): QuestionnaireView => ({
  registrationId: a.registrationId,
  satisfaction: a.satisfaction,
  comments: a.comments,
  wouldJoinAgain: a.wouldJoinAgain,
  submittedAt: formatInstant(a.submittedAt),
  updatedAt: formatInstant(a.updatedAt),
});

export const followUpView = (f: FollowUp): FollowUpView => ({
  id: f.id,
  eventId: f.eventId,
  kind: f.kind,
  note: f.note,
  registrationIds: f.registrationIds,
  dueOn: f.dueOn,
  status: f.status,
  doneOn: f.doneOn,
  ownerId: f.ownerId,
  version: f.version,
  createdAt: formatInstant(f.createdAt),
});

/** After the event: questionnaire answers, who met whom, follow-ups, and the proposals that came out of it. */
@Injectable()
export class AfterEventService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private async event(eventId: string): Promise<ExchangeEvent> {
    const event = await this.dataSource.getRepository(ExchangeEvent).findOneBy({ id: eventId });
    if (!event) throw new EventNotFoundError(eventId);
    return event;
  }

  /** Answers (or corrects) the questionnaire of someone who attended. */
  async answerQuestionnaire(registration: Registration, body: QuestionnaireDto): Promise<QuestionnaireView> {
    if (registration.status !== 'attended') {
      throw new NotAttendedError(registration.status);
    }
    const now = this.clock.now();
    await this.dataSource.query(
      `INSERT INTO questionnaire_answers (registration_id, event_id, satisfaction, comments, would_join_again, submitted_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (registration_id) DO UPDATE SET satisfaction = $3, comments = $4, would_join_again = $5, updated_at = $6`,
      [registration.id, registration.eventId, body.satisfaction, body.comments ?? null, body.wouldJoinAgain ?? null, now],
    );
    return questionnaireView(await this.dataSource.getRepository(QuestionnaireAnswer).findOneByOrFail({ registrationId: registration.id }));
  }

  /** The questionnaire behind an attendee's own link: can they answer, and what did they answer so far. */
  async ownQuestionnaire(registration: Registration): Promise<OwnQuestionnaireView> {
    const event = await this.event(registration.eventId);
    const answer = await this.dataSource.getRepository(QuestionnaireAnswer).findOneBy({ registrationId: registration.id });
    return {
      registrationId: registration.id,
      event: { id: event.id, titleJa: event.titleJa, titleEn: event.titleEn, startsAt: formatInstant(event.startsAt) },
      canAnswer: registration.status === 'attended',
      answer: answer ? questionnaireView(answer) : null,
    };
  }

  async questionnaire(eventId: string, query: { limit: number; offset: number }): Promise<QuestionnaireAnswersView> {
    await this.event(eventId);
    const repo = this.dataSource.getRepository(QuestionnaireAnswer);
    const [answers, total] = await repo.findAndCount({
      where: { eventId },
      order: { submittedAt: 'ASC', registrationId: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    const [summary] = await this.dataSource.query(
      `SELECT count(*)::int AS responses, round(avg(satisfaction)::numeric, 2)::float AS average,
              count(*) FILTER (WHERE would_join_again)::int AS would_join_again
       FROM questionnaire_answers WHERE event_id = $1`,
      [eventId],
    );
    const distribution: SatisfactionDistributionView = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const row of await this.dataSource.query(
      'SELECT satisfaction, count(*)::int AS n FROM questionnaire_answers WHERE event_id = $1 GROUP BY satisfaction',
      [eventId],
    )) {
      distribution[String(row.satisfaction) as keyof SatisfactionDistributionView] = row.n;
    }
    return {
      summary: {
        responses: summary.responses,
        averageSatisfaction: summary.average,
        wouldJoinAgain: summary.would_join_again,
        distribution,
      },
      ...page(answers.map(questionnaireView), total, query),
    };
  }

  /** Records that two attendees met (business cards exchanged). Each pair once per event. */
  async connect(eventId: string, body: CreateConnectionDto, actorId: string): Promise<ConnectionView> {
    await this.event(eventId);
    const [a, b] = [...body.registrationIds].sort() as [string, string];
    const people = await this.dataSource.getRepository(Registration).findBy({ id: In([a, b]), eventId });
    const byId = new Map(people.map((p) => [p.id, p]));
    const problems = [a, b].filter((id) => !byId.has(id) || !['attended', 'confirmed'].includes(byId.get(id)!.status));
    if (problems.length) {
      throw new NotAnAttendeeError('Both people must be attendees of this event.', problems);
    }
    const existing = await this.dataSource.getRepository(Connection).findOneBy({ eventId, registrationA: a, registrationB: b });
    if (existing) throw new ConnectionExistsError(existing.id);
    const connection: Connection = {
      id: uuidv7(),
      eventId,
      registrationA: a,
      registrationB: b,
      kind: body.kind ?? 'business_cards',
      note: body.note ?? null,
      recordedAt: this.clock.now(),
      recordedBy: actorId,
    };
    try {
      await this.dataSource.getRepository(Connection).insert(connection);
    } catch (err) {
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new ConnectionExistsError();
      }
      throw err;
    }
    return this.connectionView(connection, byId);
  }

  private connectionView(c: Connection, people: Map<string, Registration>): ConnectionView {
    return {
      id: c.id,
      registrationIds: [c.registrationA, c.registrationB],
      names: [people.get(c.registrationA)?.name ?? '', people.get(c.registrationB)?.name ?? ''],
      kind: c.kind,
      note: c.note,
      recordedAt: formatInstant(c.recordedAt),
    };
  }

  async connections(eventId: string, query: { limit: number; offset: number }): Promise<Page<ConnectionView>> {
    await this.event(eventId);
    const [rows, total] = await this.dataSource
      .getRepository(Connection)
      .findAndCount({ where: { eventId }, order: { recordedAt: 'ASC', id: 'ASC' }, take: query.limit, skip: query.offset });
    const ids = [...new Set(rows.flatMap((c) => [c.registrationA, c.registrationB]))];
    const people = ids.length ? await this.dataSource.getRepository(Registration).findBy({ id: In(ids) }) : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    return page(
      rows.map((c) => this.connectionView(c, byId)),
      total,
      query,
    );
  }

  async createFollowUp(eventId: string, body: CreateFollowUpDto, actorId: string): Promise<FollowUpView> {
    await this.event(eventId);
    const found = await this.dataSource.getRepository(Registration).findBy({ id: In(body.registrationIds), eventId });
    const missing = body.registrationIds.filter((id) => !found.some((r) => r.id === id));
    if (missing.length) {
      throw new NotAnAttendeeError('Follow-ups are between registrants of this event.', missing);
    }
    const now = this.clock.now();
    const followUp: FollowUp = {
      id: uuidv7(),
      eventId,
      registrationIds: body.registrationIds,
      kind: body.kind,
      note: body.note,
      dueOn: body.dueOn ?? null,
      status: 'open',
      doneOn: null,
      ownerId: body.ownerId ?? actorId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.dataSource.getRepository(FollowUp).insert(followUp);
    return followUpView(followUp);
  }

  async followUps(eventId: string, query: FollowUpQuery): Promise<Page<FollowUpView>> {
    await this.event(eventId);
    return findPage(
      this.dataSource.manager,
      FollowUp,
      { where: { eventId, ...(query.status ? { status: query.status } : {}) }, order: { createdAt: 'ASC', id: 'ASC' } },
      query,
      followUpView,
    );
  }

  async followUp(id: string): Promise<FollowUp> {
    const followUp = await this.dataSource.getRepository(FollowUp).findOneBy({ id });
    if (!followUp) throw new FollowUpNotFoundError(id);
    return followUp;
  }

  async updateFollowUp(id: string, body: UpdateFollowUpDto, ifMatch: string | undefined): Promise<FollowUpView> {
    return this.dataSource.transaction(async (tx) => {
      const followUp = await tx.getRepository(FollowUp).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!followUp) throw new FollowUpNotFoundError(id);
      assertIfMatch(ifMatch, followUp.version, 'follow-up');
      const now = this.clock.now();
      const changes: Partial<FollowUp> = {};
      if (body.status !== undefined) changes.status = body.status;
      if (body.note !== undefined) changes.note = body.note;
      if (body.dueOn !== undefined) changes.dueOn = body.dueOn;
      if (body.doneOn !== undefined) changes.doneOn = body.doneOn;
      if (body.status === 'done' && body.doneOn === undefined && !followUp.doneOn) changes.doneOn = todayInTokyo(now);
      if (body.status === 'open') changes.doneOn = null;
      Object.assign(followUp, changes, { version: followUp.version + 1, updatedAt: now });
      await tx.getRepository(FollowUp).update(id, { ...changes, version: followUp.version, updatedAt: now });
      return followUpView(followUp);
    });
  }

  async proposals(eventId: string, query: { limit: number; offset: number }): Promise<Page<ProposalLinkView>> {
    await this.event(eventId);
    const [rows, total] = await this.dataSource.getRepository(EventProposal).findAndCount({
      where: { eventId },
      order: { broughtInOn: 'ASC', proposalId: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    const items = rows.map((p) => ({
      proposalId: p.proposalId,
      referenceNumber: p.referenceNumber,
      title: { ja: p.titleJa, en: p.titleEn },
      proposingOrganizationId: p.proposingOrganizationId,
      contactPersonId: p.contactPersonId,
      focusFields: p.focusFields as ProposalLinkView['focusFields'],
      broughtInOn: p.broughtInOn,
    }));
    return page(items, total, query);
  }

  /** The attendee list that may be shared with other attendees: only people who consented to be listed. */
  async attendeeList(eventId: string): Promise<AttendeeListView> {
    await this.event(eventId);
    const people = await this.dataSource
      .getRepository(Registration)
      .find({ where: { eventId, status: In(['confirmed', 'attended']) }, order: { queueNumber: 'ASC' } });
    // Cessation of use (issue #20): a person who asked for it is not listed, whatever their consent says.
    const ceased = await ceasedRegistrations(this.dataSource.manager, people);
    const listed = people
      .filter((p) => p.consentToList && !ceased.has(p.id))
      .map((p) => ({ name: p.name, organizationName: p.organizationName }));
    return { listed, withheld: people.length - listed.length };
  }
}
