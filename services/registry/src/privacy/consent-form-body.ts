import { Injectable } from '@nestjs/common';
import { FormBodyParser } from '@collabo/service-kit';

export const CONSENT_WITHDRAWAL_PATH = '/v1/consent-withdrawal';

/** The withdrawal page posts an HTML form, and a mail client may post `List-Unsubscribe=One-Click` (RFC 8058). */
@Injectable()
export class ConsentFormBodyParser extends FormBodyParser {
  protected readonly paths = [CONSENT_WITHDRAWAL_PATH];
}
