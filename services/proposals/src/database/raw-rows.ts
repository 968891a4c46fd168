import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * Entities read with plain SQL on the hot paths (a proposal's transition locks and reads one row per request):
 * the column list and the hydration come from TypeORM's own metadata and driver, so the entity is exactly what
 * a query builder would have made (`date` columns as `YYYY-MM-DD`, column transformers applied), without
 * building and rewriting the query text on every call.
 */
export class EntityRows<E extends ObjectLiteral> {
  private columns: ColumnMetadata[] | null = null;
  private readonly selectLists = new Map<string, string>();

  constructor(private readonly target: EntityTarget<E>) {}

  private columnsOf(dataSource: DataSource): ColumnMetadata[] {
    this.columns ??= dataSource.getMetadata(this.target).columns.filter((c) => !c.isVirtual);
    return this.columns;
  }

  /** `alias."column" AS "column", …` for every column of the entity (built once per alias). */
  select(dataSource: DataSource, alias: string): string {
    let list = this.selectLists.get(alias);
    if (list === undefined) {
      list = this.columnsOf(dataSource)
        .map((c) => `${alias}."${c.databaseName}" AS "${c.databaseName}"`)
        .join(', ');
      this.selectLists.set(alias, list);
    }
    return list;
  }

  /** The entity of one row selected with `select()`. */
  hydrate(manager: EntityManager, row: Record<string, unknown>): E {
    const dataSource = manager.connection;
    const entity = dataSource.getMetadata(this.target).create() as E;
    for (const column of this.columnsOf(dataSource)) {
      const value = row[column.databaseName];
      if (value === undefined) continue;
      column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(value, column));
    }
    return entity;
  }
}
