import { Injectable } from '@nestjs/common';
import { FormBodyParser } from '@collabo/service-kit';

export const UNSUBSCRIBE_PATH = '/v1/unsubscribe';

/** RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` as a form body. */
@Injectable()
export class OneClickBodyParser extends FormBodyParser {
  protected readonly paths = [UNSUBSCRIBE_PATH];
}
