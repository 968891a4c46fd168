import { PageView } from '@collabo/service-kit';
import { FocusFields, type FocusField } from '@collabo/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { FollowUpKinds, FollowUpStatuses } from '../after-event.entities.js';

export class QuestionnaireView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) satisfaction!: number;
  @ApiProperty({ nullable: true, type: String }) comments!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) wouldJoinAgain!: boolean | null;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SatisfactionDistributionView {
  @ApiProperty({ name: '1' }) '1'!: number;
  @ApiProperty({ name: '2' }) '2'!: number;
  @ApiProperty({ name: '3' }) '3'!: number;
  @ApiProperty({ name: '4' }) '4'!: number;
  @ApiProperty({ name: '5' }) '5'!: number;
}

export class QuestionnaireSummaryView {
  @ApiProperty() responses!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean satisfaction (1–5), two decimals' }) averageSatisfaction!: number | null;
  @ApiProperty({ description: 'Answers saying they would come again' }) wouldJoinAgain!: number;
  @ApiProperty({ type: SatisfactionDistributionView }) distribution!: SatisfactionDistributionView;
}

/** The answers of an event, a page at a time, with a summary over all of them. */
export class QuestionnaireAnswersView extends PageView(QuestionnaireView, 'QuestionnaireAnswersPage') {
  @ApiProperty({ type: QuestionnaireSummaryView }) summary!: QuestionnaireSummaryView;
}

export class OwnEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() titleJa!: string;
  @ApiProperty({ nullable: true, type: String }) titleEn!: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
}

/** The questionnaire as the attendee sees it through the link in the thank-you message. */
export class OwnQuestionnaireView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ type: OwnEventView }) event!: OwnEventView;
  @ApiProperty({ description: 'Only people who attended answer the questionnaire' }) canAnswer!: boolean;
  @ApiProperty({ type: QuestionnaireView, nullable: true, description: 'The answer given so far' }) answer!: QuestionnaireView | null;
}

export class ConnectionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, minItems: 2, maxItems: 2 }) registrationIds!: [string, string];
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2 }) names!: [string, string];
  @ApiProperty({ enum: ['business_cards', 'conversation'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}
export const ConnectionPageView = PageView(ConnectionView, 'ConnectionPage');

export class FollowUpView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: FollowUpKinds }) kind!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) registrationIds!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2027-01-20' }) dueOn!: string | null;
  @ApiProperty({ enum: FollowUpStatuses }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) doneOn!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ownerId!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
export const FollowUpPageView = PageView(FollowUpView, 'FollowUpPage');

export class LocalizedTitleView {
  @ApiProperty() ja!: string;
  @ApiProperty({ nullable: true, type: String }) en!: string | null;
}

export class ProposalLinkView {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ example: 'P2026-0042' }) referenceNumber!: string;
  @ApiProperty({ type: LocalizedTitleView }) title!: LocalizedTitleView;
  @ApiProperty({ format: 'uuid' }) proposingOrganizationId!: string;
  @ApiProperty({ format: 'uuid' }) contactPersonId!: string;
  @ApiProperty({ enum: FocusFields, isArray: true }) focusFields!: FocusField[];
  @ApiProperty({ format: 'date', example: '2027-01-15' }) broughtInOn!: string;
}
export const ProposalLinkPageView = PageView(ProposalLinkView, 'ProposalLinkPage');

export class ListedAttendeeView {
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) organizationName!: string | null;
}

export class AttendeeListView {
  @ApiProperty({ type: [ListedAttendeeView], description: 'Attendees who consented to be listed, in registration order' })
  listed!: ListedAttendeeView[];
  @ApiProperty({ description: 'Attendees left out because they did not consent' }) withheld!: number;
}
