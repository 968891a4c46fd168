import { formatInstant, formatInstantOrNull } from '@collabo/calendar';
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AccountInvitedV2, maskSecretUrl, type IssueInvitationLinkV1, type StaffRole } from '@collabo/contracts';
import { assertIfMatch, Clock, LOGGER, Outbox, page, ValidationFailedError, type Actor, type Page } from '@collabo/service-kit';
import { SignJWT } from 'jose';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../audit/audit.js';
import { pageOfRows, type Db } from '../database/sql.js';
import { isLocked, waitAfterFailuresSql } from './login-throttle.js';
import { PeopleService } from '../people/people.service.js';
import { displayNameOf } from '../people/person.view.js';
import { RegistryEnv } from '../config/registry-env.js';
import {
  AccountDisabledError,
  AccountExistsError,
  AccountLockedError,
  AccountNotFoundError,
  AdminLockoutError,
  InvalidCredentialsError,
  InvitationNotPendingError,
  LastAdminError,
  LoginThrottledError,
  PersonArchivedError,
  PersonMergedError,
  PersonNotFoundError,
  SetPasswordLinkInvalidError,
} from '../errors.js';
import type { AccountQuery, InviteAccountDto, UpdateAccountDto } from './account.dto.js';
import { Account } from './account.entity.js';
import { anotherActiveAdmin, lockAdminSet } from './admin-lockout.js';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords.js';
import { signingKeysOf } from './signing-keys.js';

export type AccountStatus = 'invited' | 'active' | 'disabled';

export interface AccountView {
  id: string;
  personId: string;
  personName: string;
  email: string;
  roles: StaffRole[];
  status: AccountStatus;
  activatedAt: string | null;
  invitationExpiresAt: string | null;
  failedLogins: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

interface AccountRow {
  id: string;
  person_id: string;
  family_name: string;
  given_name: string;
  email: string;
  preferred_language: 'ja' | 'en';
  person_archived: boolean;
  roles: StaffRole[];
  password_hash: string | null;
  disabled: boolean;
  activated_at: Date | null;
  invitation_expires_at: Date | null;
  failed_logins: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  version: number;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  updated_by: string | null;
}

const ACCOUNT_SELECT = `
  SELECT a.id, a.person_id, p.family_name, p.given_name, p.email, p.preferred_language, p.archived AS person_archived,
         a.roles, a.password_hash, a.disabled, a.activated_at, a.invitation_expires_at, a.failed_logins, a.locked_until,
         a.last_login_at, a.version, a.created_at, a.created_by, a.updated_at, a.updated_by
    FROM accounts a JOIN people p ON p.id = a.person_id`;

function statusOf(r: AccountRow): AccountStatus {
  if (r.disabled) return 'disabled';
  return r.password_hash ? 'active' : 'invited';
}

function toAccountView(r: AccountRow): AccountView {
  return {
    id: r.id,
    personId: r.person_id,
    personName: displayNameOf(r.family_name, r.given_name),
    email: r.email,
    roles: r.roles,
    status: statusOf(r),
    activatedAt: formatInstantOrNull(r.activated_at),
    invitationExpiresAt: formatInstantOrNull(r.invitation_expires_at),
    failedLogins: r.failed_logins,
    lockedUntil: formatInstantOrNull(r.locked_until),
    lastLoginAt: formatInstantOrNull(r.last_login_at),
    version: r.version,
    createdAt: formatInstant(r.created_at),
    createdBy: r.created_by,
    updatedAt: formatInstant(r.updated_at),
    updatedBy: r.updated_by,
  };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  expiresAt: string;
}

/** Staff accounts, their invitations and passwords, and the access tokens every service accepts. */
@Injectable()
export class AccountsService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly people: PeopleService,
    private readonly env: RegistryEnv,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (signingKeysOf(this.env).ephemeral) {
      this.logger.warn(
        'AUTH_SIGNING_KEYS is not set: tokens are signed with a key made up at start; they die with this process and no other replica accepts them',
      );
    }
  }

  /** The first admin, from ADMIN_EMAIL / ADMIN_PASSWORD, when no account has that email yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.env;
    if (!email || !password) {
      if (email || password) this.logger.warn('ADMIN_EMAIL and ADMIN_PASSWORD go together; no first admin was created');
      return;
    }
    const passwordHash = await hashPassword(password);
    const created = await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('registry.first-admin'))`);
      let person = await this.people.findByEmail(tx, email);
      if (person) {
        if (await tx.getRepository(Account).existsBy({ personId: person.id })) return null;
      } else {
        person = await this.people.insert(
          tx,
          {
            familyName: '管理者',
            givenName: '初期',
            familyNameKana: 'カンリシャ',
            givenNameKana: 'ショキ',
            nameEn: 'First Admin',
            email,
            phone: null,
            preferredLanguage: 'ja',
            consentToList: false,
            expertiseFields: [],
          },
          null,
        );
      }
      const id = uuidv7();
      await tx.getRepository(Account).insert({ id, personId: person.id, roles: ['admin'], passwordHash, activatedAt: this.clock.now() });
      await recordAudit(tx, { entityType: 'account', entityId: id, action: 'created-first-admin', actorId: null });
      return id;
    });
    if (created) this.logger.info({ accountId: created }, 'first admin account created');
  }

  private async find(db: Db, id: string, lock = false): Promise<AccountRow | null> {
    const [row] = await db.query<AccountRow[]>(`${ACCOUNT_SELECT} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`, [id]);
    return row ?? null;
  }

  async get(id: string): Promise<AccountView> {
    const row = await this.find(this.dataSource, id);
    if (!row) throw new AccountNotFoundError(id);
    return toAccountView(row);
  }

  async ofPerson(personId: string): Promise<AccountView | null> {
    const [row] = await this.dataSource.query<AccountRow[]>(`${ACCOUNT_SELECT} WHERE a.person_id = $1`, [personId]);
    return row ? toAccountView(row) : null;
  }

  async list(query: AccountQuery): Promise<Page<AccountView>> {
    const { rows, total } = await pageOfRows<AccountRow>(
      this.dataSource,
      `${ACCOUNT_SELECT} WHERE ($1::text IS NULL OR a.roles @> ARRAY[$1::text])
         AND ($2::text IS NULL OR CASE WHEN a.disabled THEN 'disabled' WHEN a.password_hash IS NULL THEN 'invited' ELSE 'active' END = $2)
       ORDER BY p.family_name_kana, p.given_name_kana, a.id`,
      [query.role ?? null, query.status ?? null],
      query,
    );
    return page(rows.map(toAccountView), total, query);
  }

  /** Active (not disabled) accounts holding a role; `complete` is false when there were more than `limit`. */
  async withRole(
    role: StaffRole,
    limit = 1000,
  ): Promise<{ accounts: { accountId: string; personId: string; roles: StaffRole[] }[]; complete: boolean }> {
    const rows = await this.dataSource.query<{ id: string; person_id: string; roles: StaffRole[] }[]>(
      `SELECT a.id, a.person_id, a.roles FROM accounts a JOIN people p ON p.id = a.person_id
        WHERE a.roles @> ARRAY[$1::text] AND NOT a.disabled AND NOT p.archived ORDER BY a.id LIMIT $2`,
      [role, limit + 1],
    );
    return {
      accounts: rows.slice(0, limit).map((r) => ({ accountId: r.id, personId: r.person_id, roles: r.roles })),
      complete: rows.length <= limit,
    };
  }

  async invite(dto: InviteAccountDto, actor: Actor): Promise<AccountView> {
    return this.dataSource.transaction(async (tx) => {
      const person = await this.people.find(tx, dto.personId, true);
      if (!person) throw new PersonNotFoundError(dto.personId);
      // a merged alias is archived too: tell the client which person to invite instead
      if (person.mergedInto)
        throw new PersonMergedError(person.mergedInto, 'That person was merged into another; invite the surviving person.', 'personId');
      if (person.archived) throw new PersonArchivedError();
      const existing = await tx.getRepository(Account).findOne({ select: { id: true }, where: { personId: dto.personId } });
      if (existing) throw new AccountExistsError(existing.id);
      const id = uuidv7();
      await tx.getRepository(Account).insert({
        id,
        personId: dto.personId,
        roles: dto.roles,
        invitedBy: actor.personId,
        createdBy: actor.personId,
        updatedBy: actor.personId,
      });
      await recordAudit(tx, { entityType: 'account', entityId: id, action: 'invited', actorId: actor.personId });
      return this.sendInvitation(tx, id, actor.personId);
    });
  }

  /** A new set-password link (the previous one stops working): for an invitation that expired, or a forgotten password. */
  async reinvite(id: string, actor: Actor): Promise<AccountView> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      if (!row) throw new AccountNotFoundError(id);
      if (row.person_archived) throw new PersonArchivedError();
      await recordAudit(tx, { entityType: 'account', entityId: id, action: 'reinvited', actorId: actor.personId });
      return this.sendInvitation(tx, id, actor.personId);
    });
  }

  /**
   * A new invitation: a new `invitationId` and expiry, and no usable token yet (the previous link stops working).
   * The event carries the link masked; the notifications service gets the usable one at send time from
   * {@link issueInvitationLink}, so no set-password token is ever in the outbox, the stream or a dead letter.
   */
  private async sendInvitation(tx: EntityManager, id: string, invitedBy: string | null): Promise<AccountView> {
    const invitationId = uuidv7();
    const expiresAt = new Date(this.clock.now().getTime() + this.env.INVITATION_TTL_HOURS * 3600_000);
    // the query builder's UPDATE also bumps `version` and sets `updated_at` (see VersionedRecord)
    await tx.getRepository(Account).update(id, {
      invitationId,
      invitationTokenHash: null,
      invitationExpiresAt: expiresAt,
      invitedBy,
      updatedBy: invitedBy,
    });
    const row = (await this.find(tx, id))!;
    await this.outbox.add(tx, AccountInvitedV2, {
      aggregateId: id,
      data: {
        accountId: id,
        personId: row.person_id,
        invitationId,
        email: row.email,
        displayName: displayNameOf(row.family_name, row.given_name),
        language: row.preferred_language,
        roles: row.roles,
        maskedSetPasswordUrl: maskSecretUrl(this.setPasswordUrl('placeholder')),
        expiresAt: formatInstant(expiresAt),
        invitedBy,
      },
    });
    return toAccountView(row);
  }

  private setPasswordUrl(token: string): string {
    const url = new URL(this.env.SET_PASSWORD_URL);
    url.searchParams.set('token', token);
    return url.toString();
  }

  /**
   * The usable set-password link of an account's current invitation, minted now (asked by the notifications
   * service when it sends the email): a fresh token whose sha256 alone is stored, so the link handed out
   * before for this invitation stops working. Refused when the invitation is not the account's current one,
   * has expired, or was used.
   */
  async issueInvitationLink(accountId: string, invitationId: string): Promise<IssueInvitationLinkV1.Response> {
    return this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<
        { invitation_id: string | null; invitation_expires_at: Date | null; disabled: boolean; person_archived: boolean }[]
      >(
        `SELECT a.invitation_id, a.invitation_expires_at, a.disabled, p.archived AS person_archived
           FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1 FOR UPDATE OF a`,
        [accountId],
      );
      if (!row) throw new AccountNotFoundError(accountId);
      const open =
        row.invitation_id === invitationId &&
        !!row.invitation_expires_at &&
        row.invitation_expires_at.getTime() > this.clock.now().getTime() &&
        !row.disabled &&
        !row.person_archived;
      if (!open) throw new InvitationNotPendingError();
      const token = randomBytes(32).toString('base64url');
      // plain SQL: handing out a link is not an edit of the account (its version, the admin's ETag, stays)
      await tx.query(`UPDATE accounts SET invitation_token_hash = $2 WHERE id = $1`, [accountId, sha256(token)]);
      return { setPasswordUrl: this.setPasswordUrl(token), expiresAt: formatInstant(row.invitation_expires_at!) };
    });
  }

  async update(id: string, dto: UpdateAccountDto, ifMatch: string | undefined, actor: Actor): Promise<AccountView> {
    if (dto.roles === null || dto.disabled === null)
      throw new ValidationFailedError([{ field: dto.roles === null ? 'roles' : 'disabled', message: 'cannot be null' }]);
    return this.dataSource.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      if (!row) throw new AccountNotFoundError(id);
      assertIfMatch(ifMatch, row.version, 'account');
      const roles = dto.roles ?? row.roles;
      const disabled = dto.disabled ?? row.disabled;
      const losesAdmin = row.roles.includes('admin') && (disabled || !roles.includes('admin'));
      if (row.person_id === actor.personId && losesAdmin) {
        throw new AdminLockoutError();
      }
      if (losesAdmin && !row.disabled) {
        await lockAdminSet(tx);
        if (row.password_hash && !row.person_archived && !(await anotherActiveAdmin(tx, id))) throw new LastAdminError();
      }
      const changed: string[] = [];
      if (roles.length !== row.roles.length || roles.some((r) => !row.roles.includes(r))) changed.push('roles');
      if (disabled !== row.disabled) changed.push('disabled');
      if (dto.unlock && (row.failed_logins > 0 || row.locked_until)) changed.push('unlocked');
      if (!changed.length) return toAccountView(row);
      await tx.getRepository(Account).update(id, {
        roles,
        disabled,
        ...(dto.unlock ? { failedLogins: 0, lockedUntil: null } : {}),
        updatedBy: actor.personId,
      });
      await recordAudit(tx, { entityType: 'account', entityId: id, action: 'updated', actorId: actor.personId, changedFields: changed });
      return toAccountView((await this.find(tx, id))!);
    });
  }

  /** Sets the password through an invitation link: the link works once, until it expires. */
  async setPassword(token: string, password: string): Promise<{ accountId: string }> {
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (tx) => {
      const now = this.clock.now();
      const [row] = await tx.query<{ id: string; email: string; activated_at: Date | null }[]>(
        `SELECT a.id, p.email, a.activated_at FROM accounts a JOIN people p ON p.id = a.person_id
          WHERE a.invitation_token_hash = $1 AND a.invitation_expires_at > $2 FOR UPDATE OF a`,
        [sha256(token), now],
      );
      if (!row) throw new SetPasswordLinkInvalidError();
      if (password.toLowerCase() === row.email.toLowerCase())
        throw new ValidationFailedError([{ field: 'password', message: 'password cannot be the email' }]);
      await tx.getRepository(Account).update(row.id, {
        passwordHash,
        invitationId: null,
        invitationTokenHash: null,
        invitationExpiresAt: null,
        activatedAt: row.activated_at ?? now,
        failedLogins: 0,
        lockedUntil: null,
      });
      await recordAudit(tx, { entityType: 'account', entityId: row.id, action: 'password-set', actorId: null });
      return { accountId: row.id };
    });
  }

  /**
   * Email + password to an access token. Every attempt on an account is claimed in the database before the
   * password is checked: one UPDATE counts it (`failed_logins + 1`) and, as if it were going to fail, sets the
   * wait that count calls for; it goes on to the argon2 check only if the account was not already waiting.
   * Parallel guesses therefore each count, and those past the free ones are refused without a check; a right
   * password releases the claim (the counters are reset). A disabled account or an archived person gets no
   * token. Roles are read now, so a change shows in the next token.
   */
  async issueToken(email: string, password: string): Promise<IssuedToken> {
    const [row] = await this.dataSource.query<AccountRow[]>(`${ACCOUNT_SELECT} WHERE lower(p.email) = lower($1)`, [email]);
    if (!row || !row.password_hash) {
      await verifyAgainstNothing(password);
      throw new InvalidCredentialsError();
    }
    // The login counters are written with plain SQL on purpose: they are not an edit of the account, so they
    // leave its version (the ETag an admin holds) and updated_at alone, which the query builder would not.
    // The subquery locks the row and gives the lock as it was before this attempt (FOR UPDATE: the latest).
    // "Now" is the clock's, handed to the SQL ($2), so that the waits pass when the clock says so.
    const now = this.clock.now();
    const wait = waitAfterFailuresSql('a.failed_logins + 1');
    const [[claim]] = await this.dataSource.query<[{ failed_logins: number; locked_until: Date | null; granted: boolean }[], number]>(
      `UPDATE accounts a
          SET failed_logins = a.failed_logins + 1,
              locked_until = CASE WHEN ${wait} > 0 THEN greatest(a.locked_until, $2::timestamptz + make_interval(secs => ${wait})) ELSE a.locked_until END
         FROM (SELECT id, locked_until FROM accounts WHERE id = $1 FOR UPDATE) before
        WHERE a.id = before.id
    RETURNING a.failed_logins, a.locked_until, (before.locked_until IS NULL OR before.locked_until <= $2::timestamptz) AS granted`,
      [row.id, now],
    );
    if (!claim) throw new InvalidCredentialsError(); // the account was deleted meanwhile (accounts are never deleted)
    if (!claim.granted) {
      const seconds = Math.max(1, Math.ceil((claim.locked_until!.getTime() - now.getTime()) / 1000));
      throw isLocked(claim.failed_logins) ? new AccountLockedError(seconds) : new LoginThrottledError(seconds);
    }
    if (!(await verifyPassword(row.password_hash, password))) {
      if (isLocked(claim.failed_logins)) this.logger.warn({ accountId: row.id }, 'account locked after repeated failed logins');
      throw new InvalidCredentialsError();
    }
    const refused = row.disabled || row.person_archived;
    await this.dataSource.query(
      `UPDATE accounts SET failed_logins = 0, locked_until = NULL${refused ? '' : ', last_login_at = $2'} WHERE id = $1`,
      refused ? [row.id] : [row.id, this.clock.now()],
    );
    if (refused) throw new AccountDisabledError();
    return this.sign(row.person_id, row.roles);
  }

  private async sign(personId: string, roles: StaffRole[]): Promise<IssuedToken> {
    const { active } = signingKeysOf(this.env);
    const ttl = this.env.AUTH_TOKEN_TTL_SECONDS;
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({ roles })
      .setProtectedHeader({ alg: active.alg, kid: active.kid, typ: 'JWT' })
      .setSubject(personId)
      .setIssuer(this.env.AUTH_ISSUER)
      .setAudience(this.env.AUTH_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(uuidv7())
      .sign(active.privateKey);
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl, expiresAt: formatInstant(new Date((now + ttl) * 1000)) };
  }

  jwks() {
    return signingKeysOf(this.env).jwks;
  }
}
