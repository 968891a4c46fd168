import { Injectable } from '@nestjs/common';
import { todayInTokyo } from '@collabo/calendar';
import { Clock } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import type { OrganizationFilter } from '../organizations/organization.dto.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { PersonFilter } from '../people/person.dto.js';
import { PeopleService } from '../people/people.service.js';
import { csvHead, csvRecords } from './csv-writer.js';
import { ORGANIZATION_IMPORT_COLUMNS, PERSON_AFFILIATION_COLUMNS, PERSON_IMPORT_COLUMNS } from './csv-schema.js';

/**
 * CSV exports that open in Excel as they are (UTF-8 with a BOM), and import again with `id` emptied.
 * Each is produced a batch of rows at a time, so an export of the whole address book never sits in memory:
 * the first piece (header and first batch) comes after the first query, so a failure there is still an
 * ordinary error response; a later failure cuts the transfer off (the client sees an incomplete body).
 */
@Injectable()
export class CsvExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  organizationsCsv(filter: OrganizationFilter): AsyncGenerator<string> {
    const columns = [
      'id',
      ...ORGANIZATION_IMPORT_COLUMNS.map((c) => c.column),
      'municipality',
      'bureau',
      'archived',
      'merged_into',
      'created_at',
      'updated_at',
    ];
    return csvFile(columns, this.organizations.all(filter), async (batch) =>
      batch.map((o) => {
        const v = o as unknown as Record<string, unknown>;
        return [
          o.id,
          ...ORGANIZATION_IMPORT_COLUMNS.map((c) => v[c.field]),
          o.municipalityName,
          o.bureauCode,
          o.archived,
          o.mergedInto,
          o.createdAt,
          o.updatedAt,
        ];
      }),
    );
  }

  peopleCsv(filter: PersonFilter): AsyncGenerator<string> {
    const columns = [
      'id',
      ...PERSON_IMPORT_COLUMNS.map((c) => c.column),
      ...PERSON_AFFILIATION_COLUMNS.map((c) => c.column),
      'organization_name',
      'archived',
      'created_at',
      'updated_at',
    ];
    return csvFile(columns, this.people.all(filter), async (batch) => {
      // the most recent current affiliation of each person
      const links = await this.dataSource.query<
        { person_id: string; organization_id: string; name: string; department: string | null; title: string | null }[]
      >(
        `SELECT DISTINCT ON (a.person_id) a.person_id, a.organization_id, o.name, a.department, a.title
           FROM affiliations a JOIN organizations o ON o.id = a.organization_id
          WHERE a.person_id = ANY($1::uuid[]) AND (a.to_on IS NULL OR a.to_on >= $2::date)
          ORDER BY a.person_id, a.from_on DESC NULLS LAST, a.created_at DESC`,
        [batch.map((p) => p.id), todayInTokyo(this.clock.now())],
      );
      const linkOf = new Map(links.map((l) => [l.person_id, l]));
      return batch.map((p) => {
        const v = p as unknown as Record<string, unknown>;
        const link = linkOf.get(p.id);
        return [
          p.id,
          ...PERSON_IMPORT_COLUMNS.map((c) => v[c.field]),
          link?.organization_id,
          link?.department,
          link?.title,
          link?.name,
          p.archived,
          p.createdAt,
          p.updatedAt,
        ];
      });
    });
  }
}

/** A CSV file a piece at a time: the header with the first batch's records, then each batch's records; an empty export is its header. */
async function* csvFile<T>(
  columns: string[],
  batches: AsyncIterable<T[]>,
  recordsOf: (batch: T[]) => Promise<unknown[][]>,
): AsyncGenerator<string> {
  let head = csvHead(columns);
  for await (const batch of batches) {
    yield head + csvRecords(await recordsOf(batch));
    head = '';
  }
  if (head) yield head;
}
