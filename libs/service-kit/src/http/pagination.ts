import type { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/** `?limit=&offset=`: page through a list; `limit` at most 100. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function page<T>(items: T[], total: number, query: PageQuery): Page<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}

/** The OpenAPI class of a page of `item`s (`{ items, total, limit, offset }`), named `<name>` in the document. */
export function PageView<T>(item: ClassType<T>, name: string): ClassType<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ description: 'How many there are in all (for the filters given)' }) total!: number;
    @ApiProperty({ minimum: 1, maximum: MAX_PAGE_SIZE }) limit!: number;
    @ApiProperty({ minimum: 0 }) offset!: number;
  }
  Object.defineProperty(PageOfItems, 'name', { value: name });
  return PageOfItems;
}

/**
 * `true` when a response class (what the OpenAPI document says) and the view a service answers are assignable to each
 * other, `never` otherwise: `const X: [Documents<Class, View>] = [true]` stops compiling when the two drift apart.
 */
export type Documents<Class, View> = [Class] extends [View] ? ([View] extends [Class] ? true : never) : never;
