import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isHokkaidoCode, isValidMunicipalityCode } from '../../reference/municipality-code.js';

/** The reference data files, copied from the foundation's shared data into `services/registry/data/`. */
export const REFERENCE_DATA_DIR = new URL('../../../data/', import.meta.url);

interface BureauRow {
  code: string;
  name_ja: string;
  name_en: string;
  seat: string;
}
interface MunicipalityRow {
  code: string;
  name_ja: string;
  name_kana: string;
  name_en: string;
  kind: string;
  bureau_ja: string;
}

function readCsv<T>(file: string): T[] {
  return parse(readFileSync(new URL(file, REFERENCE_DATA_DIR), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as T[];
}

/**
 * Loads Hokkaido's 14 subprefectural bureaus and 179 municipalities. Refuses files that do not hold
 * exactly those, or a code whose check digit is wrong, so a damaged copy never becomes reference data.
 */
export class ReferenceData1732800000001 implements MigrationInterface {
  name = 'ReferenceData1732800000001';

  async up(q: QueryRunner): Promise<void> {
    const bureaus = readCsv<BureauRow>('hokkaido-bureaus.csv');
    const municipalities = readCsv<MunicipalityRow>('hokkaido-municipalities.csv');
    if (bureaus.length !== 14) throw new Error(`expected 14 bureaus, found ${bureaus.length}`);
    if (municipalities.length !== 179) throw new Error(`expected 179 municipalities, found ${municipalities.length}`);
    const bureauByName = new Map(bureaus.map((b) => [b.name_ja, b.code]));
    for (const b of bureaus) {
      await q.query(`INSERT INTO bureaus (code, name_ja, name_en, seat_name) VALUES ($1, $2, $3, $4)`, [
        b.code,
        b.name_ja,
        b.name_en,
        b.seat,
      ]);
    }
    for (const m of municipalities) {
      if (!isValidMunicipalityCode(m.code) || !isHokkaidoCode(m.code)) throw new Error(`bad municipality code ${m.code}`);
      const bureau = bureauByName.get(m.bureau_ja);
      if (!bureau) throw new Error(`municipality ${m.code} names an unknown bureau`);
      await q.query(`INSERT INTO municipalities (code, name_ja, name_kana, name_en, kind, bureau_code) VALUES ($1, $2, $3, $4, $5, $6)`, [
        m.code,
        m.name_ja,
        m.name_kana,
        m.name_en,
        m.kind,
        bureau,
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM municipalities`);
    await q.query(`DELETE FROM bureaus`);
  }
}
