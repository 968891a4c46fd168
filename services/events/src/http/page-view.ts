import type { Page } from '@collabo/service-kit';
import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** The OpenAPI class of a page of `item`s (`{ items, total, limit, offset }`), named `<name>`. */
export function PageView<T>(item: Type<T>, name: string): Type<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ description: 'How many there are in all (for the filters given)' }) total!: number;
    @ApiProperty({ minimum: 1, maximum: 100 }) limit!: number;
    @ApiProperty({ minimum: 0 }) offset!: number;
  }
  Object.defineProperty(PageOfItems, 'name', { value: name });
  return PageOfItems;
}
