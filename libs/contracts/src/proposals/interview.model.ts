import { IsInt, IsOptional, IsString, IsUUID, IsUrl, Matches, MaxLength, Min } from 'class-validator';

/** An instant as `@collabo/calendar` writes it on the wire: Tokyo time with its offset, to the millisecond. */
export const WIRE_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/;
/** A Tokyo calendar day, `YYYY-MM-DD`. */
export const WIRE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A hearing (ヒアリング) of a proposal's applicant, as the interview events carry it: when (Tokyo instants in
 * `@collabo/calendar`'s wire format), where (a place, an online link, or both) and a note for the invitee.
 * `sequence` grows with every change: the `SEQUENCE` of the invitation's iCalendar event, whose `UID` is
 * `interviewId`.
 */
export class InterviewV1 {
  @IsUUID() interviewId!: string;
  @IsInt() @Min(1) sequence!: number;
  @Matches(WIRE_INSTANT) startsAt!: string;
  @Matches(WIRE_INSTANT) endsAt!: string;
  @IsOptional() @IsString() @MaxLength(300) place!: string | null;
  @IsOptional() @IsUrl({ protocols: ['https', 'http'], require_protocol: true }) @MaxLength(2000) onlineUrl!: string | null;
  @IsOptional() @IsString() @MaxLength(2000) note!: string | null;
}

/** A request for missing documents, as the document-request events carry it. */
export class DocumentRequestV1 {
  @IsUUID() requestId!: string;
  @IsInt() @Min(1) sequence!: number;
  /** What is missing, one item each (e.g. 決算書（直近2期分）). */
  @IsString({ each: true }) @MaxLength(300, { each: true }) items!: string[];
  /** The Tokyo day by which the documents are due. */
  @Matches(WIRE_DATE) dueOn!: string;
  @IsOptional() @IsString() @MaxLength(2000) note!: string | null;
}
