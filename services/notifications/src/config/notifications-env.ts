import { BaseEnv } from '@collabo/service-kit';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'leaseLongerThanSend' })
class LeaseLongerThanSend implements ValidatorConstraintInterface {
  validate(lease: number, args: ValidationArguments): boolean {
    const env = args.object as NotificationsEnv;
    return typeof lease === 'number' && lease > env.SEND_TIMEOUT_MS;
  }
  defaultMessage(): string {
    return 'SEND_LEASE_MS must be longer than SEND_TIMEOUT_MS (a live send must never outlast its lease)';
  }
}

/** The placeholder secret of development; the service warns at start-up when it is still in use. */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'development-only-unsubscribe-secret-change-me';

/** The notifications service's environment: the kit's variables plus mail, signature, worker tuning. */
export class NotificationsEnv extends BaseEnv {
  /** `smtp://[user:pass@]host:port` or `smtps://…`; query options as nodemailer reads them (e.g. `?ignoreTLS=true`). */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL!: string;
  @IsEmail() MAIL_FROM_ADDRESS!: string;
  @IsString() @MinLength(1) @MaxLength(200) MAIL_FROM_NAME!: string;
  /** The right-hand side of every Message-ID (`<hash@domain>`). */
  @Matches(/^[A-Za-z0-9.-]{1,200}$/, { message: 'MESSAGE_ID_DOMAIN must be a host name' })
  MESSAGE_ID_DOMAIN!: string;
  /** Where people reach this service from outside (unsubscribe links). */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL!: string;
  /** HMAC key of the unsubscribe links. */
  @IsString() @MinLength(32, { message: 'UNSUBSCRIBE_SECRET must be at least 32 characters' }) UNSUBSCRIBE_SECRET!: string;

  /** The signature under every email (DOMAIN.md: department, person in charge, phone, email). */
  @IsString() @MaxLength(200) SIGNATURE_ORGANIZATION_JA!: string;
  @IsString() @MaxLength(200) SIGNATURE_ORGANIZATION_EN!: string;
  @IsString() @MaxLength(200) SIGNATURE_DEPARTMENT_JA!: string;
  @IsString() @MaxLength(200) SIGNATURE_DEPARTMENT_EN!: string;
  @IsString() @MaxLength(200) SIGNATURE_PERSON_JA!: string;
  @IsString() @MaxLength(200) SIGNATURE_PERSON_EN!: string;
  @IsString() @MaxLength(50) SIGNATURE_PHONE!: string;
  @IsEmail() SIGNATURE_EMAIL!: string;

  /** `false` runs the API and the consumers only (no sending from this replica). */
  @IsIn(['true', 'false']) DELIVERY_WORKER_ENABLED!: string;
  /** Parallel SMTP sessions per replica. */
  @IsInt() @Min(1) @Max(20) SMTP_CONCURRENCY!: number;
  /** Messages per second per replica at most (protects the mail server). */
  @IsInt() @Min(1) @Max(1000) SMTP_RATE_PER_SECOND!: number;
  /** Attempts before a temporarily failing email is marked failed. */
  @IsInt() @Min(1) @Max(50) SEND_MAX_ATTEMPTS!: number;
  /** Delay before attempt n+1 after a temporary failure, by n (the last value repeats). */
  @Matches(/^\d{1,9}(,\d{1,9})*$/, { message: 'SEND_BACKOFF_MS must be a comma-separated list of milliseconds' })
  SEND_BACKOFF_MS!: string;
  /** One SMTP session (connect, envelope, data, answer) is abandoned after this. */
  @IsInt() @Min(100) @Max(600000) SEND_TIMEOUT_MS!: number;
  /** A row left in `sending` longer than this belongs to a process that died; it is recovered. */
  @IsInt() @Min(200) @Max(3600000) @Validate(LeaseLongerThanSend) SEND_LEASE_MS!: number;
  /** How often an idle worker looks for due emails (new ones wake it at once). */
  @IsInt() @Min(10) @Max(60000) DELIVERY_POLL_MS!: number;
}

export const NOTIFICATIONS_ENV_DEFAULTS: Record<string, string> = {
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM_ADDRESS: 'noreply@collabo.example.jp',
  MAIL_FROM_NAME: 'Collabo',
  MESSAGE_ID_DOMAIN: 'collabo.example.jp',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3004',
  UNSUBSCRIBE_SECRET: DEVELOPMENT_UNSUBSCRIBE_SECRET,
  SIGNATURE_ORGANIZATION_JA: '公益財団法人 北海道産学官協働センター',
  SIGNATURE_ORGANIZATION_EN: 'Hokkaido Industry-Academia-Government Collaboration Centre',
  SIGNATURE_DEPARTMENT_JA: '事業化支援部',
  SIGNATURE_DEPARTMENT_EN: 'Commercialisation Support Department',
  SIGNATURE_PERSON_JA: '事務局',
  SIGNATURE_PERSON_EN: 'Secretariat',
  SIGNATURE_PHONE: '011-000-0000',
  SIGNATURE_EMAIL: 'info@collabo.example.jp',
  DELIVERY_WORKER_ENABLED: 'true',
  SMTP_CONCURRENCY: '2',
  SMTP_RATE_PER_SECOND: '5',
  SEND_MAX_ATTEMPTS: '8',
  SEND_BACKOFF_MS: '60000,300000,900000,3600000,10800000',
  SEND_TIMEOUT_MS: '120000',
  SEND_LEASE_MS: '300000',
  DELIVERY_POLL_MS: '1000',
};
