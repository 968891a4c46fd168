import { PageView } from '@collabo/service-kit';
import { FocusFields, type FocusField } from '@collabo/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { FollowUpKinds, FollowUpStatuses } from '../after-event.entities.js';

export class QuestionnaireView {
  @ApiProperty() registrationId!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) satisfaction!: number;
  @ApiProperty({ nullable: true, type: String }) comments!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) wouldJoinAgain!: boolean | null;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() updatedAt!: string;
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
  @ApiProperty() id!: string;
  @ApiProperty() titleJa!: string;
  @ApiProperty({ nullable: true, type: String }) titleEn!: string | null;
  @ApiProperty() startsAt!: string;
}

/** The questionnaire as the attendee sees it through the link in the thank-you message. */
export class OwnQuestionnaireView {
  @ApiProperty() registrationId!: string;
  @ApiProperty({ type: OwnEventView }) event!: OwnEventView;
  @ApiProperty({ description: 'Only people who attended answer the questionnaire' }) canAnswer!: boolean;
  @ApiProperty({ type: QuestionnaireView, nullable: true, description: 'The answer given so far' }) answer!: QuestionnaireView | null;
}

export class ConnectionView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2 }) registrationIds!: [string, string];
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2 }) names!: [string, string];
  @ApiProperty({ enum: ['business_cards', 'conversation'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() recordedAt!: string;
}
export const ConnectionPageView = PageView(ConnectionView, 'ConnectionPage');

export class FollowUpView {
  @ApiProperty() id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: FollowUpKinds }) kind!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ type: [String] }) registrationIds!: string[];
  @ApiProperty({ nullable: true, type: String, example: '2027-01-20' }) dueOn!: string | null;
  @ApiProperty({ enum: FollowUpStatuses }) status!: string;
  @ApiProperty({ nullable: true, type: String }) doneOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerId!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
}
export const FollowUpPageView = PageView(FollowUpView, 'FollowUpPage');

export class LocalizedTitleView {
  @ApiProperty() ja!: string;
  @ApiProperty({ nullable: true, type: String }) en!: string | null;
}

export class ProposalLinkView {
  @ApiProperty() proposalId!: string;
  @ApiProperty({ example: 'P2026-0042' }) referenceNumber!: string;
  @ApiProperty({ type: LocalizedTitleView }) title!: LocalizedTitleView;
  @ApiProperty() proposingOrganizationId!: string;
  @ApiProperty() contactPersonId!: string;
  @ApiProperty({ enum: FocusFields, isArray: true }) focusFields!: FocusField[];
  @ApiProperty({ example: '2027-01-15' }) broughtInOn!: string;
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
