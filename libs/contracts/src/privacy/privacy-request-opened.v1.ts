import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsISO8601, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { PrivacyRequestKinds, PrivacySubjectV1, type PrivacyRequestKind } from './models.js';

/**
 * Staff opened a privacy request (owned by the registry). Every service that holds personal data answers it with
 * `PrivacyRequestAnsweredV1` on its own stream: what it holds (disclosure) or what it did (erasure, cessation).
 * Answering is idempotent per `requestId` (inbox rules).
 */
export namespace PrivacyRequestOpenedV1 {
  export const subject = Subjects.registry.evt.privacyRequestOpened;
  export class Data {
    @IsUUID() requestId!: string;
    @IsIn(PrivacyRequestKinds) kind!: PrivacyRequestKind;
    @IsDefined() @ValidateNested() @Type(() => PrivacySubjectV1) subject!: PrivacySubjectV1;
    @IsISO8601() openedAt!: string;
  }
}
