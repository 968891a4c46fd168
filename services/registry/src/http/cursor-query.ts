import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** `?cursor=`: the next page of a long list after the page that gave `nextCursor` (keyset paging, instead of a growing offset). */
export class CursorQuery {
  @ApiPropertyOptional({
    description:
      'The `nextCursor` of the previous page: the page after it, in the same order with the same filters (not with `offset`). ' +
      '`total` is then the total of the first page',
    maxLength: 1000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a nextCursor of this list' })
  cursor?: string;
}
