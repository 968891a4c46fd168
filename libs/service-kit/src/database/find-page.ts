import type { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { page, type Page, type PageQuery } from '../http/pagination.js';

/**
 * One page (`?limit=&offset=`) of an entity's rows and how many there are in all, mapped to their views. End
 * `order` with a unique column so that pages neither repeat nor skip a row.
 */
export async function findPage<E extends ObjectLiteral, V>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  find: { where: FindOptionsWhere<E> | FindOptionsWhere<E>[]; order: FindOptionsOrder<E> },
  query: PageQuery,
  view: (row: E) => V,
): Promise<Page<V>> {
  const [rows, total] = await manager.findAndCount(entity, { ...find, skip: query.offset, take: query.limit });
  return page(rows.map(view), total, query);
}
