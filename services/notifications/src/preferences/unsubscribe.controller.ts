import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@collabo/service-kit';
import { PerAddressRateLimited } from '../http/rate-limits.js';
import { escapeHtml } from '../templates/render.js';
import { Categories } from '../rules/categories.js';
import { OneClickBody, UnsubscribeQuery } from './dto/preference.dto.js';
import { UNSUBSCRIBE_PATH } from './one-click-body.js';
import { PreferencesService } from './preferences.service.js';

function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(title)}</title></head>`,
    "<body style=\"font-family:'Hiragino Sans','Yu Gothic',Meiryo,Arial,sans-serif;max-width:40em;margin:2em auto;line-height:1.7\">",
    body,
    '</body></html>',
  ].join('\n');
}

/**
 * The public end of the unsubscribe links: GET shows what the link would switch off and a button
 * (link scanners that follow GETs change nothing); POST switches it off. Mail clients POST directly
 * (`List-Unsubscribe-Post: List-Unsubscribe=One-Click`, RFC 8058).
 */
@ApiTags('unsubscribe')
@Public()
@Controller(UNSUBSCRIBE_PATH.slice(1))
export class UnsubscribeController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @PerAddressRateLimited('unsubscribe')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The page behind an unsubscribe link (changes nothing)' })
  confirm(@Query() query: UnsubscribeQuery): string {
    const { category } = this.preferences.claimOf(query.token);
    const label = Categories[category].label;
    return page(
      '配信停止 / Unsubscribe',
      [
        `<h1>配信停止 / Unsubscribe</h1>`,
        `<p>「${escapeHtml(label.ja)}」のメールの配信を停止します。</p>`,
        `<p>Stop the emails about ${escapeHtml(label.en.toLowerCase())}.</p>`,
        `<form method="post" action="?token=${escapeHtml(encodeURIComponent(query.token))}">`,
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">',
        '<button type="submit">配信を停止する / Unsubscribe</button>',
        '</form>',
      ].join('\n'),
    );
  }

  @Post()
  @HttpCode(200)
  @PerAddressRateLimited('unsubscribe')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Unsubscribed (idempotent)' })
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058): switches the category of the link off' })
  async unsubscribe(@Query() query: UnsubscribeQuery, @Body() _body: OneClickBody): Promise<string> {
    const { category } = await this.preferences.unsubscribe(query.token);
    const label = Categories[category].label;
    return page(
      '配信を停止しました / Unsubscribed',
      [
        '<h1>配信を停止しました / Unsubscribed</h1>',
        `<p>「${escapeHtml(label.ja)}」のメールは今後お送りしません。審査結果やお申し込みの確定など、お手続きに必要なご連絡は引き続きお送りします。</p>`,
        `<p>You will no longer receive emails about ${escapeHtml(label.en.toLowerCase())}. Messages you need, such as screening results and registration confirmations, will still be sent.</p>`,
      ].join('\n'),
    );
  }
}
