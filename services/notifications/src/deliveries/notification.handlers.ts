import {
  AccountInvitedV2,
  EventCancelledV1,
  EventChangedV1,
  EventCompletedV2,
  OutcomeRecordedV1,
  ProposalAdvancedV1,
  ProposalDecidedV1,
  ProposalSubmittedV1,
  RegistrationCancelledV1,
  RegistrationConfirmedV1,
  RegistrationOfferExpiredV1,
  RegistrationReceivedV1,
  RegistrationSeatOfferedV2,
  RegistrationWaitlistedV1,
  ReminderDueV1,
  ReviewerAssignedV1,
  TeamFormedV1,
  type EventContract,
  type EventEnvelope,
} from '@collabo/contracts';
import { Injectable } from '@nestjs/common';
import { ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { NotificationIntake } from './notification-intake.js';

/**
 * One durable JetStream consumer per consumed contract (durable name `notifications-notify-on-…`).
 * Each hands its event to the intake, inside the kit's transaction; the rule table decides the rest.
 */
@Injectable()
abstract class NotifyOn<C extends EventContract> implements EventHandler<C> {
  protected abstract readonly contract: C;
  constructor(private readonly intake: NotificationIntake) {}
  async handle(event: EventEnvelope<object>, tx: EntityManager): Promise<void> {
    await this.intake.accept(this.contract, event, tx);
  }
}

@ConsumesEvent(ProposalSubmittedV1)
export class NotifyOnProposalSubmitted extends NotifyOn<typeof ProposalSubmittedV1> {
  protected readonly contract = ProposalSubmittedV1;
}

@ConsumesEvent(ProposalAdvancedV1)
export class NotifyOnProposalAdvanced extends NotifyOn<typeof ProposalAdvancedV1> {
  protected readonly contract = ProposalAdvancedV1;
}

@ConsumesEvent(ProposalDecidedV1)
export class NotifyOnProposalDecided extends NotifyOn<typeof ProposalDecidedV1> {
  protected readonly contract = ProposalDecidedV1;
}

@ConsumesEvent(ReviewerAssignedV1)
export class NotifyOnReviewerAssigned extends NotifyOn<typeof ReviewerAssignedV1> {
  protected readonly contract = ReviewerAssignedV1;
}

@ConsumesEvent(TeamFormedV1)
export class NotifyOnTeamFormed extends NotifyOn<typeof TeamFormedV1> {
  protected readonly contract = TeamFormedV1;
}

@ConsumesEvent(OutcomeRecordedV1)
export class NotifyOnOutcomeRecorded extends NotifyOn<typeof OutcomeRecordedV1> {
  protected readonly contract = OutcomeRecordedV1;
}

@ConsumesEvent(RegistrationReceivedV1)
export class NotifyOnRegistrationReceived extends NotifyOn<typeof RegistrationReceivedV1> {
  protected readonly contract = RegistrationReceivedV1;
}

@ConsumesEvent(RegistrationConfirmedV1)
export class NotifyOnRegistrationConfirmed extends NotifyOn<typeof RegistrationConfirmedV1> {
  protected readonly contract = RegistrationConfirmedV1;
}

@ConsumesEvent(RegistrationWaitlistedV1)
export class NotifyOnRegistrationWaitlisted extends NotifyOn<typeof RegistrationWaitlistedV1> {
  protected readonly contract = RegistrationWaitlistedV1;
}

@ConsumesEvent(RegistrationSeatOfferedV2)
export class NotifyOnRegistrationSeatOffered extends NotifyOn<typeof RegistrationSeatOfferedV2> {
  protected readonly contract = RegistrationSeatOfferedV2;
}

@ConsumesEvent(RegistrationOfferExpiredV1)
export class NotifyOnRegistrationOfferExpired extends NotifyOn<typeof RegistrationOfferExpiredV1> {
  protected readonly contract = RegistrationOfferExpiredV1;
}

@ConsumesEvent(RegistrationCancelledV1)
export class NotifyOnRegistrationCancelled extends NotifyOn<typeof RegistrationCancelledV1> {
  protected readonly contract = RegistrationCancelledV1;
}

@ConsumesEvent(EventChangedV1)
export class NotifyOnEventChanged extends NotifyOn<typeof EventChangedV1> {
  protected readonly contract = EventChangedV1;
}

@ConsumesEvent(EventCancelledV1)
export class NotifyOnEventCancelled extends NotifyOn<typeof EventCancelledV1> {
  protected readonly contract = EventCancelledV1;
}

@ConsumesEvent(ReminderDueV1)
export class NotifyOnReminderDue extends NotifyOn<typeof ReminderDueV1> {
  protected readonly contract = ReminderDueV1;
}

@ConsumesEvent(EventCompletedV2)
export class NotifyOnEventCompleted extends NotifyOn<typeof EventCompletedV2> {
  protected readonly contract = EventCompletedV2;
}

@ConsumesEvent(AccountInvitedV2)
export class NotifyOnAccountInvited extends NotifyOn<typeof AccountInvitedV2> {
  protected readonly contract = AccountInvitedV2;
}

/** Every handler; a unit test checks that they cover exactly the contracts of the rule table. */
export const NOTIFICATION_HANDLERS = [
  NotifyOnProposalSubmitted,
  NotifyOnProposalAdvanced,
  NotifyOnProposalDecided,
  NotifyOnReviewerAssigned,
  NotifyOnTeamFormed,
  NotifyOnOutcomeRecorded,
  NotifyOnRegistrationReceived,
  NotifyOnRegistrationConfirmed,
  NotifyOnRegistrationWaitlisted,
  NotifyOnRegistrationSeatOffered,
  NotifyOnRegistrationOfferExpired,
  NotifyOnRegistrationCancelled,
  NotifyOnEventChanged,
  NotifyOnEventCancelled,
  NotifyOnReminderDue,
  NotifyOnEventCompleted,
  NotifyOnAccountInvited,
];
