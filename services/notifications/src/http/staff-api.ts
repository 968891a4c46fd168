import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

/** A controller of the staff API: routes under `/v1/<resource>`, a bearer token, tagged `<resource>` in the OpenAPI document. */
export const StaffApi = (resource: string): ClassDecorator =>
  applyDecorators(ApiTags(resource), ApiBearerAuth(), Controller(`v1/${resource}`));
