import { PageView } from '@collabo/service-kit';
import { formatInstant, formatInstantOrNull } from '@collabo/calendar';
import {
  FocusFields,
  Languages,
  RegistrationStatuses,
  Sectors,
  type FocusField,
  type Language,
  type RegistrationStatus,
  type Sector,
} from '@collabo/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { CancelledByValues, type CancelledBy, type Registration } from '../registration.entity.js';
import type { SeatOffer } from '../seat-offer.entity.js';

export class RegistrantView {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) personId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) nameKana!: string | null;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: Languages }) language!: Language;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organizationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationName!: string | null;
  @ApiProperty({ enum: Sectors, nullable: true }) sector!: Sector | null;
  @ApiProperty({ enum: FocusFields, isArray: true }) focusFields!: FocusField[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) studyGroupIds!: string[];
  @ApiProperty() consentToList!: boolean;
}

export class OfferView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['open', 'accepted', 'declined', 'expired', 'withdrawn'] }) status!: SeatOffer['status'];
  @ApiProperty({ format: 'date-time' }) offeredAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** A registration as staff see it. */
export class RegistrationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ description: 'Arrival order within the event' }) queueNumber!: number;
  @ApiProperty({ enum: RegistrationStatuses }) status!: RegistrationStatus;
  @ApiProperty({ nullable: true, type: Number, description: '1 = next in line' }) waitlistPosition!: number | null;
  @ApiProperty({ type: RegistrantView }) registrant!: RegistrantView;
  @ApiProperty({ enum: ['staff', 'public'] }) source!: string;
  @ApiProperty({ description: 'Goes into the QR code shown at check-in' }) checkInToken!: string;
  @ApiProperty({ description: 'Lets the registrant see, cancel, accept a seat offer and answer the questionnaire' }) manageToken!: string;
  @ApiProperty({ type: OfferView, nullable: true }) offer!: OfferView | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) confirmedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) checkedInAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt!: string | null;
  @ApiProperty({ enum: CancelledByValues, nullable: true }) cancelledBy!: CancelledBy | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export const RegistrationPageView = PageView(RegistrationView, 'RegistrationPage');

/** What the registrant sees through their own link. */
export class OwnRegistrationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: RegistrationStatuses }) status!: RegistrationStatus;
  @ApiProperty({ nullable: true, type: Number }) waitlistPosition!: number | null;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Shown once the seat is confirmed' }) checkInToken!: string | null;
  @ApiProperty({ type: OfferView, nullable: true }) offer!: OfferView | null;
}

/** The answer to a public registration: the registrant's own link token is in it, once. */
export class PublicRegistrationCreatedView extends OwnRegistrationView {
  @ApiProperty() manageToken!: string;
}

export function offerView(o: SeatOffer | null): OfferView | null {
  return o ? { id: o.id, status: o.status, offeredAt: formatInstant(o.offeredAt), expiresAt: formatInstant(o.expiresAt) } : null;
}

export function registrationView(r: Registration, position: number | null, offer: SeatOffer | null): RegistrationView {
  return {
    id: r.id,
    eventId: r.eventId,
    queueNumber: r.queueNumber,
    status: r.status,
    waitlistPosition: position,
    registrant: {
      personId: r.personId,
      name: r.name,
      nameKana: r.nameKana,
      email: r.email,
      language: r.language,
      organizationId: r.organizationId,
      organizationName: r.organizationName,
      sector: r.sector,
      focusFields: r.focusFields as FocusField[],
      studyGroupIds: r.studyGroupIds,
      consentToList: r.consentToList,
    },
    source: r.source,
    checkInToken: r.checkInToken,
    manageToken: r.manageToken,
    offer: offerView(offer),
    confirmedAt: formatInstantOrNull(r.confirmedAt),
    checkedInAt: formatInstantOrNull(r.checkedInAt),
    cancelledAt: formatInstantOrNull(r.cancelledAt),
    cancelledBy: r.cancelledBy,
    version: r.version,
    createdAt: formatInstant(r.createdAt),
  };
}

export function ownRegistrationView(r: Registration, position: number | null, offer: SeatOffer | null): OwnRegistrationView {
  return {
    id: r.id,
    eventId: r.eventId,
    status: r.status,
    waitlistPosition: position,
    name: r.name,
    checkInToken: r.status === 'confirmed' || r.status === 'attended' ? r.checkInToken : null,
    offer: offerView(offer),
  };
}
