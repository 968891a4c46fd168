import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, Public, Roles, type Actor } from '@collabo/service-kit';
import { RegistryEnv } from '../config/registry-env.js';
import { ConsentPurposeLabels } from './consent-purposes.js';
import { CONSENT_WITHDRAWAL_PATH } from './consent-form-body.js';
import { ConsentsService } from './consents.service.js';
import { escapeHtml } from './disclosure-document.js';
import { ConsentLinkQuery, GiveConsentDto } from './privacy.dto.js';
import { ConsentView } from './privacy.views.js';

/** Consents of a person, per purpose: read and recorded by staff who may change people (coordinator, admin). */
@ApiTags('consents')
@ApiBearerAuth()
@Roles('admin', 'coordinator')
@Controller('v1')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get('people/:id/consents')
  @ApiOkResponse({
    type: [ConsentView],
    description: 'Every consent of the person, in force or withdrawn, with the person’s withdrawal link of those in force',
  })
  ofPerson(@IdParam() id: string) {
    return this.consents.ofPerson(id);
  }

  @Post('people/:id/consents')
  @ApiCreatedResponse({ type: ConsentView, description: 'The consent, recorded with its date and source' })
  give(@IdParam() id: string, @Body() body: GiveConsentDto, @CurrentActor() actor: Actor) {
    return this.consents.give(id, body, actor);
  }

  @Post('consents/:id/withdrawal')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsentView, description: 'The consent, withdrawn (a withdrawn one is returned as it was)' })
  withdraw(@IdParam() id: string, @CurrentActor() actor: Actor) {
    return this.consents.withdraw(id, actor);
  }
}

/** Requests per minute per client address on the withdrawal routes; read from the environment when the controller starts. */
const linkLimit = { perMinute: 30 };

function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(title)}</title></head>`,
    "<body style=\"font-family:'Hiragino Sans','Yu Gothic',Meiryo,Arial,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.7\">",
    body,
    '</body></html>',
  ].join('\n');
}

/**
 * The public end of the withdrawal links in emails (no account needed): GET shows what the link would withdraw and
 * a button (link scanners that follow GETs change nothing); POST withdraws it.
 */
@ApiTags('consents')
@Public()
@Controller(CONSENT_WITHDRAWAL_PATH.slice(1))
export class ConsentWithdrawalController {
  constructor(
    private readonly consents: ConsentsService,
    env: RegistryEnv,
  ) {
    linkLimit.perMinute = env.CONSENT_LINK_RATE_LIMIT_PER_MINUTE;
  }

  @Get()
  @RouteConfig({ rateLimit: { max: () => linkLimit.perMinute, timeWindow: 60_000 } })
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The page behind a consent-withdrawal link (changes nothing)' })
  confirm(@Query() query: ConsentLinkQuery): string {
    const label = ConsentPurposeLabels[this.consents.claimOf(query.token).purpose];
    return page(
      '同意の撤回 / Withdraw your consent',
      [
        '<h1>同意の撤回 / Withdraw your consent</h1>',
        `<p>「${escapeHtml(label.ja)}」への同意を撤回します。</p>`,
        `<p>Withdraw your consent to: ${escapeHtml(label.en)}.</p>`,
        `<form method="post" action="?token=${escapeHtml(encodeURIComponent(query.token))}">`,
        '<input type="hidden" name="withdraw" value="yes">',
        '<button type="submit">同意を撤回する / Withdraw</button>',
        '</form>',
      ].join('\n'),
    );
  }

  @Post()
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: () => linkLimit.perMinute, timeWindow: 60_000 } })
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Withdrawn (idempotent: a consent not in force stays as it is)' })
  @ApiOperation({ summary: 'Withdraws the consent of the link' })
  async withdraw(@Query() query: ConsentLinkQuery, @Body() _body: unknown): Promise<string> {
    const { claim } = await this.consents.withdrawByLink(query.token);
    const label = ConsentPurposeLabels[claim.purpose];
    return page(
      '同意を撤回しました / Consent withdrawn',
      [
        '<h1>同意を撤回しました / Consent withdrawn</h1>',
        `<p>「${escapeHtml(label.ja)}」への同意は撤回されました。</p>`,
        `<p>Your consent to “${escapeHtml(label.en)}” is withdrawn.</p>`,
      ].join('\n'),
    );
  }
}
