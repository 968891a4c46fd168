import { describe, expect, it } from '@jest/globals';
import { booleanCell, headerErrors, ORGANIZATION_IMPORT_COLUMNS, ORGANIZATION_REQUIRED, rowToPlain, toColumnErrors } from './csv-schema.js';

describe('CSV schema', () => {
  it('refuses unknown, doubled and missing columns', () => {
    const errors = headerErrors(['kind', 'name', 'nmae_kana', 'name'], ORGANIZATION_IMPORT_COLUMNS, ORGANIZATION_REQUIRED, ['id']);
    expect(errors).toEqual([
      { field: 'nmae_kana', message: 'unknown column "nmae_kana"' },
      { field: 'name', message: 'the column appears twice' },
      { field: 'sector', message: 'required column is missing' },
      { field: 'name_kana', message: 'required column is missing' },
    ]);
  });

  it('turns cells into fields, leaving empty ones out and naming bad numbers by column', () => {
    const { plain, errors } = rowToPlain(
      { name: '北海道', focus_fields: 'food;it', capital_yen: '10,000', employees: 'many', corporate_number: '' },
      ORGANIZATION_IMPORT_COLUMNS,
    );
    expect(plain).toEqual({ name: '北海道', focusFields: ['food', 'it'], capitalYen: 10000 });
    expect(errors).toEqual([{ field: 'employees', message: 'employees must be a whole number' }]);
  });

  it('renames API field errors to columns', () => {
    expect(
      toColumnErrors([{ field: 'corporateNumber', message: 'corporateNumber has a wrong check digit' }], ORGANIZATION_IMPORT_COLUMNS),
    ).toEqual([{ field: 'corporate_number', message: 'corporate_number has a wrong check digit' }]);
  });

  it('reads yes/no cells', () => {
    expect([booleanCell('はい'), booleanCell('FALSE'), booleanCell(''), booleanCell('maybe')]).toEqual([true, false, false, undefined]);
  });
});
