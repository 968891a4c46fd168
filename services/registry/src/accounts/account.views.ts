import { ApiProperty } from '@nestjs/swagger';
import { StaffRoles, type StaffRole } from '@collabo/contracts';
import { PageView, type Page } from '@collabo/service-kit';
import type { Documents } from '../http/response-views.js';
import type { AccountStatus, AccountsService, AccountView as StoredAccountView, IssuedToken } from './accounts.service.js';

/** A staff account (admins only): who, with which roles, and where it stands. */
export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: StaffRoles, isArray: true }) roles!: StaffRole[];
  @ApiProperty({ enum: ['invited', 'active', 'disabled'] }) status!: AccountStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) activatedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the current set-password link stops working' })
  invitationExpiresAt!: string | null;
  @ApiProperty({ type: Number }) failedLogins!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lockedUntil!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: string | null;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

export const AccountPage = PageView(AccountView, 'AccountPage');

/** `GET /v1/auth/me`: who the token belongs to, and their account as it is now (null when they have none). */
export class MeView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: StaffRoles, isArray: true, description: 'The roles of the token' }) roles!: StaffRole[];
  @ApiProperty({ type: AccountView, nullable: true }) account!: AccountView | null;
}

/** `POST /v1/auth/token`. */
export class TokenView {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ type: Number, description: 'Seconds' }) expiresIn!: number;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** `POST /v1/auth/set-password`: the account whose password was set (it is active from now on). */
export class PasswordSetView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
}

/** `GET /.well-known/jwks.json`: the public keys that verify access tokens (RFC 7517 JWKs, several during a rotation). */
export class JwksView {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Public JWKs (`kid`, `alg`, `kty`, ...)',
  })
  keys!: Record<string, unknown>[];
}

/** Each class documents exactly what the service answers (compile-time). */
export const ACCOUNT_VIEWS_MATCH: [
  Documents<AccountView, StoredAccountView>,
  Documents<InstanceType<typeof AccountPage>, Page<StoredAccountView>>,
  Documents<TokenView, IssuedToken>,
  Documents<PasswordSetView, Awaited<ReturnType<AccountsService['setPassword']>>>,
] = [true, true, true, true];
