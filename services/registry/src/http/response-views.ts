import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { PageView, type Page } from '@collabo/service-kit';

/** The kit's check that a response class and a service's view agree (re-exported for the registry's views). */
export type { Documents } from '@collabo/service-kit';

/** A page of a search that may rank by relevance: the kit's page with `totalExact` and `nextCursor`. */
export interface RankedPage<T> extends Page<T> {
  totalExact: boolean;
  nextCursor: string | null;
}

/** The OpenAPI class of a `RankedPage` of `item`s, named `<name>` in the document. */
export function RankedPageView<T>(item: Type<T>, name: string): Type<RankedPage<T>> {
  class RankedPageOfItems extends PageView(item, `${name}Base`) implements RankedPage<T> {
    @ApiProperty({
      type: Boolean,
      description: 'false when a search by relevance counted up to its cap: there are more than `total`',
    })
    totalExact!: boolean;

    @ApiProperty({ type: String, nullable: true, description: 'The cursor of the page after this one (`?cursor=`), null on the last page' })
    nextCursor!: string | null;
  }
  Object.defineProperty(RankedPageOfItems, 'name', { value: name });
  return RankedPageOfItems;
}
