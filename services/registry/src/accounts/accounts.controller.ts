import { Body, Controller, Get, Header, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExcludeEndpoint, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CurrentActor, IdParam, Public, Roles, type Actor } from '@collabo/service-kit';
import { Change, Etag } from '../http/etag.js';
import { RegistryEnv } from '../config/registry-env.js';
import { AccountQuery, InviteAccountDto, SetPasswordDto, TokenRequestDto, UpdateAccountDto } from './account.dto.js';
import { AccountsService } from './accounts.service.js';
import { SET_PASSWORD_PAGE } from './set-password.page.js';
import { AccountPage, AccountView, JwksView, MeView, PasswordSetView, TokenView } from './account.views.js';

/** Attempts per minute per client address on the token route; read from the environment when the controller starts. */
const loginLimit = { perMinute: 30 };

@ApiTags('accounts')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOkResponse({ type: AccountPage })
  async list(@Query() query: AccountQuery) {
    return this.accounts.list(query);
  }

  @Post()
  @ApiCreatedResponse({
    type: AccountView,
    description: 'The account, invited: the person gets a set-password link by email (`account invited` event)',
  })
  async invite(@Body() body: InviteAccountDto, @CurrentActor() actor: Actor, @Etag() etag: Etag) {
    return etag.answer(await this.accounts.invite(body, actor));
  }

  @Get(':id')
  @ApiOkResponse({ type: AccountView })
  async get(@IdParam() id: string, @Etag() etag: Etag) {
    return etag.answer(await this.accounts.get(id));
  }

  @Patch(':id')
  @ApiHeader({ name: 'if-match', required: true })
  @ApiOkResponse({ type: AccountView })
  async update(@IdParam() id: string, @Body() body: UpdateAccountDto, @Change() change: Change) {
    return change.answer(await this.accounts.update(id, body, change.ifMatch, change.actor));
  }

  @Post(':id/invitation')
  @HttpCode(200)
  @ApiOkResponse({ type: AccountView, description: 'A new set-password link is sent; the previous one stops working' })
  async reinvite(@IdParam() id: string, @CurrentActor() actor: Actor, @Etag() etag: Etag) {
    return etag.answer(await this.accounts.reinvite(id, actor));
  }
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    env: RegistryEnv,
  ) {
    loginLimit.perMinute = env.LOGIN_RATE_LIMIT_PER_MINUTE;
  }

  @Public()
  @Post('v1/auth/token')
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: () => loginLimit.perMinute, timeWindow: 60_000 } })
  @ApiOkResponse({
    type: TokenView,
    description: 'A short-lived access token (JWT, EdDSA or RS256) with `sub` = person id and `roles`',
  })
  token(@Body() body: TokenRequestDto) {
    return this.accounts.issueToken(body.email, body.password);
  }

  @Public()
  @Post('v1/auth/set-password')
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: () => loginLimit.perMinute, timeWindow: 60_000 } })
  @ApiOkResponse({
    type: PasswordSetView,
    description: 'Sets the password with the token of an invitation link (works once, until it expires)',
  })
  setPassword(@Body() body: SetPasswordDto) {
    return this.accounts.setPassword(body.token, body.password);
  }

  @Public()
  @Get('.well-known/jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOkResponse({ type: JwksView, description: 'The public keys that verify access tokens (several while a key is being rotated)' })
  jwks() {
    return this.accounts.jwks();
  }

  @Get('v1/auth/me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeView, description: 'Who the token belongs to, and the account as it is now (null when none)' })
  async me(@CurrentActor() actor: Actor) {
    return { personId: actor.personId, roles: actor.roles, account: await this.accounts.ofPerson(actor.personId) };
  }

  @Public()
  @Get('set-password')
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  setPasswordPage() {
    return SET_PASSWORD_PAGE;
  }
}
