import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SeatOfferStatus = 'open' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

/** A freed seat offered to the next person on the waiting list until `expiresAt`. */
@Entity('seat_offers')
export class SeatOffer {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'registration_id' }) registrationId!: string;
  @Column('timestamptz', { name: 'offered_at' }) offeredAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('text') status!: SeatOfferStatus;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
}
