import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Delivery } from './delivery.entity.js';

/** One try to hand an email to the mail server, with the server's answer. */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttempt {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'delivery_id' }) deliveryId!: string;
  @ManyToOne(() => Delivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: Relation<Delivery>;
  @Column('int') attempt!: number;
  @Column('text') outcome!: 'sent' | 'retry' | 'failed' | 'ambiguous' | 'interrupted';
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'finished_at' }) finishedAt!: Date;
  @Column('text', { nullable: true }) worker!: string | null;
  @Column('text', { name: 'error_code', nullable: true }) errorCode!: string | null;
  @Column('text', { name: 'smtp_command', nullable: true }) smtpCommand!: string | null;
  @Column('text', { name: 'smtp_response', nullable: true }) smtpResponse!: string | null;
  @Column('text', { nullable: true }) error!: string | null;
}
