import { Type } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { PrivacyActionV1, PrivacyRecordSectionV1, PrivacyRequestKinds, PrivacyRetainedV1, type PrivacyRequestKind } from './models.js';

/** The services that answer a privacy request besides the registry, which owns it. */
export const PrivacyAnsweringServices = ['proposals', 'events', 'notifications'] as const;
export type PrivacyAnsweringService = (typeof PrivacyAnsweringServices)[number];

/**
 * A service's answer to `PrivacyRequestOpenedV1`, published once per request on the answering service's own subject;
 * the registry completes the request when every service has answered.
 */
export class PrivacyAnswerV1 {
  @IsUUID() requestId!: string;
  @IsIn(PrivacyAnsweringServices) service!: PrivacyAnsweringService;
  @IsIn(PrivacyRequestKinds) kind!: PrivacyRequestKind;
  @IsISO8601() answeredAt!: string;
  /** Disclosure: every record about the person, by kind (empty sections may be left out). */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => PrivacyRecordSectionV1) sections?: PrivacyRecordSectionV1[];
  /** Erasure, cessation, cessation_lifted: what was done. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => PrivacyActionV1) actions?: PrivacyActionV1[];
  /** Erasure: what had to be kept, with the reason. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => PrivacyRetainedV1) retained?: PrivacyRetainedV1[];
}

/** Proposals answered a privacy request. */
export namespace ProposalsPrivacyRequestAnsweredV1 {
  export const subject = Subjects.proposals.evt.privacyRequestAnswered;
  export class Data extends PrivacyAnswerV1 {}
}

/** Events answered a privacy request. */
export namespace EventsPrivacyRequestAnsweredV1 {
  export const subject = Subjects.events.evt.privacyRequestAnswered;
  export class Data extends PrivacyAnswerV1 {}
}

/** Notifications answered a privacy request. */
export namespace NotificationsPrivacyRequestAnsweredV1 {
  export const subject = Subjects.notifications.evt.privacyRequestAnswered;
  export class Data extends PrivacyAnswerV1 {}
}

/** The answer subject of each answering service. */
export const PrivacyAnswerSubjects = {
  proposals: ProposalsPrivacyRequestAnsweredV1.subject,
  events: EventsPrivacyRequestAnsweredV1.subject,
  notifications: NotificationsPrivacyRequestAnsweredV1.subject,
} as const satisfies Record<PrivacyAnsweringService, string>;
