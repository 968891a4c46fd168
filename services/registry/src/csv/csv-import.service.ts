import { Injectable } from '@nestjs/common';
import {
  readCsvUpload,
  validatePayload,
  ValidationFailedError,
  type Actor,
  type CsvEncoding,
  type CsvRow,
  type DetectedEncoding,
  type FieldError,
} from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../audit/audit.js';
import { organizationNameKey } from '../organizations/japanese-text.js';
import { Affiliation } from '../people/affiliation.entity.js';
import { CreateOrganizationDto } from '../organizations/organization.dto.js';
import { recordFromDto, type OrganizationRecord } from '../organizations/organization-record.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { PeopleService } from '../people/people.service.js';
import { CreatePersonDto } from '../people/person.dto.js';
import { personRecordErrors, personRecordFromDto, type PersonRecord } from '../people/person-record.js';
import { ReferenceData } from '../reference/reference.service.js';
import { RegistryEnv } from '../config/registry-env.js';
import {
  CsvTooManyRowsError,
  CsvUnreadableError,
  DuplicateCorporateNumberError,
  DuplicateEmailError,
  ImportInvalidError,
} from '../errors.js';
import {
  headerErrors,
  ORGANIZATION_EXPORT_ONLY,
  ORGANIZATION_IMPORT_COLUMNS,
  ORGANIZATION_REQUIRED,
  PERSON_AFFILIATION_COLUMNS,
  PERSON_EXPORT_ONLY,
  PERSON_IMPORT_COLUMNS,
  PERSON_REQUIRED,
  rowToPlain,
  toColumnErrors,
  type CsvColumn,
} from './csv-schema.js';

export interface RowProblem {
  line: number;
  field: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  encoding: DetectedEncoding;
  rows: number;
  valid: number;
  invalid: number;
  /** Every problem of every bad row, by line and column. A commit writes nothing while there is one. */
  errors: RowProblem[];
  /** Things to look at that do not stop the import (a similar organisation in the same municipality). */
  warnings: RowProblem[];
  /** After a commit: the new records' ids, in the order of the rows. */
  created?: string[];
}

interface Candidate<R> {
  line: number;
  record?: R;
  errors: FieldError[];
  warnings: FieldError[];
}

interface PersonCandidate {
  person: PersonRecord;
  affiliation?: { organizationId: string; department: string | null; title: string | null };
}

export interface ImportOptions {
  dryRun: boolean;
  encoding?: CsvEncoding;
}

/** CSV import of organisations and people: every bad row reported by line and column, then all or nothing. */
@Injectable()
export class CsvImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly people: PeopleService,
    private readonly reference: ReferenceData,
    private readonly env: RegistryEnv,
  ) {}

  private read(bytes: Buffer, encoding: CsvEncoding | undefined, columns: CsvColumn[], required: string[], informational: string[]) {
    const parsed = readCsvUpload(bytes, encoding, (message, errors) => new CsvUnreadableError(message, errors));
    const header = headerErrors(parsed.header, columns, required, informational);
    if (header.length) throw new CsvUnreadableError('The header row does not fit this import.', header);
    if (parsed.rows.length === 0) throw new CsvUnreadableError('The file has a header but no rows.');
    const maxRows = this.env.CSV_IMPORT_MAX_ROWS;
    if (parsed.rows.length > maxRows) throw new CsvTooManyRowsError(parsed.rows.length, maxRows);
    return { rows: parsed.rows, encoding: parsed.encoding };
  }

  /** Errors that the columns meant for export only may hold (an import creates records; it never changes one). */
  private exportColumnErrors(row: CsvRow): FieldError[] {
    const errors: FieldError[] = [];
    if (row.fieldCountMismatch) errors.push({ field: '(row)', message: 'the row has a different number of fields than the header' });
    if (row.values['id'])
      errors.push({ field: 'id', message: 'an import only creates records: leave id empty (this row names an existing one)' });
    if (row.values['merged_into']) errors.push({ field: 'merged_into', message: 'leave merged_into empty' });
    if (row.values['archived'] && !/^(false|0|)$/i.test(row.values['archived']))
      errors.push({ field: 'archived', message: 'leave archived empty or false' });
    return errors;
  }

  private validateRow<T extends object>(
    cls: new () => T,
    plain: Record<string, unknown>,
    columns: CsvColumn[],
  ): { dto?: T; errors: FieldError[] } {
    try {
      return { dto: validatePayload(cls, plain, { forbidUnknown: true }), errors: [] };
    } catch (err) {
      if (err instanceof ValidationFailedError) return { errors: toColumnErrors(err.errors, columns) };
      throw err;
    }
  }

  async importOrganizations(bytes: Buffer, options: ImportOptions, actor: Actor): Promise<ImportReport> {
    const { rows, encoding } = this.read(
      bytes,
      options.encoding,
      ORGANIZATION_IMPORT_COLUMNS,
      ORGANIZATION_REQUIRED,
      ORGANIZATION_EXPORT_ONLY,
    );
    const candidates: Candidate<OrganizationRecord>[] = rows.map((row) => {
      const errors = this.exportColumnErrors(row);
      const { plain, errors: cellErrors } = rowToPlain(row.values, ORGANIZATION_IMPORT_COLUMNS);
      errors.push(...cellErrors);
      // `municipality` (a name such as 札幌市, or a code) stands in for an empty municipality_code
      const named = row.values['municipality'];
      if (!plain['municipalityCode'] && named) {
        const found = this.reference.findMunicipality(named);
        if (found) plain['municipalityCode'] = found.code;
        else errors.push({ field: 'municipality', message: `${named} is not one of Hokkaido's 179 municipalities` });
      }
      const { dto, errors: dtoErrors } = this.validateRow(CreateOrganizationDto, plain, ORGANIZATION_IMPORT_COLUMNS);
      errors.push(...dtoErrors);
      if (!dto || errors.length) return { line: row.line, errors, warnings: [] };
      const record = recordFromDto(dto);
      const problems = this.organizations.recordProblems(record);
      errors.push(...toColumnErrors([...problems.validation, ...problems.references], ORGANIZATION_IMPORT_COLUMNS));
      return { line: row.line, record: errors.length ? undefined : record, errors, warnings: [] };
    });

    // the same corporate number twice in the file, or already registered
    const firstLine = new Map<string, number>();
    for (const c of candidates) {
      const n = c.record?.corporateNumber;
      if (!n) continue;
      const seen = firstLine.get(n);
      if (seen !== undefined) c.errors.push({ field: 'corporate_number', message: `the same corporate number as line ${seen}` });
      else firstLine.set(n, c.line);
    }
    const numbers = [...firstLine.keys()];
    if (numbers.length) {
      const holders = await this.dataSource.query<{ corporate_number: string; id: string; name: string }[]>(
        `SELECT corporate_number, id, name FROM organizations WHERE corporate_number = ANY($1::text[]) AND merged_into IS NULL`,
        [numbers],
      );
      const byNumber = new Map(holders.map((h) => [h.corporate_number, h]));
      for (const c of candidates) {
        const holder = c.record?.corporateNumber ? byNumber.get(c.record.corporateNumber) : undefined;
        if (holder) c.errors.push({ field: 'corporate_number', message: `already registered for ${holder.name} (${holder.id})` });
      }
    }
    // similar names in the same municipality: reported, not refused
    const keys = new Map<string, number>();
    for (const c of candidates) {
      if (!c.record || c.errors.length) continue;
      for (const d of await this.organizations.possibleDuplicates(this.dataSource, c.record)) {
        c.warnings.push({ field: 'name', message: `possible duplicate of ${d.name} (${d.id}) in the same municipality` });
      }
      const key = `${c.record.municipalityCode}|${organizationNameKey(c.record.name)}`;
      if (c.record.municipalityCode && keys.has(key))
        c.warnings.push({ field: 'name', message: `possible duplicate of line ${keys.get(key)}` });
      else keys.set(key, c.line);
    }

    return this.finish(candidates, encoding, options, async (tx, records) => {
      const ids: string[] = [];
      for (const record of records) {
        if (record.corporateNumber) {
          const holder = await this.organizations.holderOfCorporateNumber(tx, record.corporateNumber);
          if (holder) throw new DuplicateCorporateNumberError(holder);
        }
        ids.push((await this.organizations.insert(tx, record, actor.personId)).id);
      }
      return ids;
    });
  }

  async importPeople(bytes: Buffer, options: ImportOptions, actor: Actor): Promise<ImportReport> {
    const columns = [...PERSON_IMPORT_COLUMNS, ...PERSON_AFFILIATION_COLUMNS];
    const { rows, encoding } = this.read(bytes, options.encoding, columns, PERSON_REQUIRED, PERSON_EXPORT_ONLY);
    const candidates: Candidate<PersonCandidate>[] = rows.map((row) => {
      const errors = this.exportColumnErrors(row);
      const { plain, errors: cellErrors } = rowToPlain(row.values, PERSON_IMPORT_COLUMNS);
      const { plain: link, errors: linkErrors } = rowToPlain(row.values, PERSON_AFFILIATION_COLUMNS);
      errors.push(...cellErrors, ...linkErrors);
      const { dto, errors: dtoErrors } = this.validateRow(CreatePersonDto, plain, PERSON_IMPORT_COLUMNS);
      errors.push(...dtoErrors);
      const organizationId = link['organizationId'] as string | undefined;
      if (organizationId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(organizationId)) {
        errors.push({ field: 'organization_id', message: 'organization_id must be a UUID' });
      }
      if (!organizationId && (link['department'] || link['title'])) {
        errors.push({ field: 'organization_id', message: 'department and title need an organization_id' });
      }
      for (const [field, max] of [
        ['department', 200],
        ['title', 200],
      ] as const) {
        if (typeof link[field] === 'string' && (link[field] as string).length > max)
          errors.push({ field, message: `${field} is longer than ${max}` });
      }
      if (!dto || errors.length) return { line: row.line, errors, warnings: [] };
      const affiliation = organizationId
        ? { organizationId, department: (link['department'] as string) ?? null, title: (link['title'] as string) ?? null }
        : undefined;
      const person = personRecordFromDto(dto);
      errors.push(...personRecordErrors(person));
      if (errors.length) return { line: row.line, errors, warnings: [] };
      return { line: row.line, record: { person, affiliation }, errors, warnings: [] };
    });

    const firstLine = new Map<string, number>();
    for (const c of candidates) {
      const email = c.record?.person.email.toLowerCase();
      if (!email) continue;
      const seen = firstLine.get(email);
      if (seen !== undefined) c.errors.push({ field: 'email', message: `the same email as line ${seen}` });
      else firstLine.set(email, c.line);
    }
    if (firstLine.size) {
      const taken = await this.dataSource.query<{ email: string; id: string }[]>(
        `SELECT lower(email) AS email, id FROM people WHERE lower(email) = ANY($1::text[])`,
        [[...firstLine.keys()]],
      );
      const byEmail = new Map(taken.map((t) => [t.email, t.id]));
      for (const c of candidates) {
        const id = c.record ? byEmail.get(c.record.person.email.toLowerCase()) : undefined;
        if (id) c.errors.push({ field: 'email', message: `already registered (${id})` });
      }
    }
    const orgIds = [...new Set(candidates.map((c) => c.record?.affiliation?.organizationId).filter((x): x is string => !!x))];
    if (orgIds.length) {
      const orgs = await this.dataSource.query<{ id: string; merged_into: string | null }[]>(
        `SELECT id, merged_into FROM organizations WHERE id = ANY($1::uuid[])`,
        [orgIds],
      );
      const byId = new Map(orgs.map((o) => [o.id, o]));
      for (const c of candidates) {
        const id = c.record?.affiliation?.organizationId;
        if (!id) continue;
        const org = byId.get(id);
        if (!org) c.errors.push({ field: 'organization_id', message: 'no such organisation' });
        else if (org.merged_into)
          c.errors.push({ field: 'organization_id', message: `the organisation was merged into ${org.merged_into}` });
      }
    }

    return this.finish(candidates, encoding, options, async (tx, records) => {
      const ids: string[] = [];
      for (const { person, affiliation } of records) {
        const holder = await this.people.holderOfEmail(tx, person.email);
        if (holder) throw new DuplicateEmailError(holder);
        const created = await this.people.insert(tx, person, actor.personId);
        if (affiliation) {
          const id = uuidv7();
          await tx.getRepository(Affiliation).insert({
            id,
            personId: created.id,
            organizationId: affiliation.organizationId,
            department: affiliation.department,
            title: affiliation.title,
            createdBy: actor.personId,
            updatedBy: actor.personId,
          });
          await recordAudit(tx, { entityType: 'affiliation', entityId: id, action: 'created', actorId: actor.personId });
        }
        ids.push(created.id);
      }
      return ids;
    });
  }

  /** The dry run's report, or the commit: nothing at all while any row is bad, else every row in one transaction. */
  private async finish<R>(
    candidates: Candidate<R>[],
    encoding: DetectedEncoding,
    options: ImportOptions,
    write: (tx: EntityManager, records: R[]) => Promise<string[]>,
  ): Promise<ImportReport> {
    const problems = (pick: (c: Candidate<R>) => FieldError[]) => candidates.flatMap((c) => pick(c).map((e) => ({ line: c.line, ...e })));
    const invalid = candidates.filter((c) => c.errors.length).length;
    const report: ImportReport = {
      dryRun: options.dryRun,
      encoding,
      rows: candidates.length,
      valid: candidates.length - invalid,
      invalid,
      errors: problems((c) => c.errors),
      warnings: problems((c) => c.warnings),
    };
    if (options.dryRun) return report;
    if (invalid) {
      throw new ImportInvalidError(
        invalid,
        candidates.length,
        report.errors.slice(0, 100).map((e) => ({ field: `line ${e.line}: ${e.field}`, message: e.message })),
        report,
      );
    }
    report.created = await this.dataSource.transaction((tx) =>
      write(
        tx,
        candidates.map((c) => c.record!),
      ),
    );
    return report;
  }
}
