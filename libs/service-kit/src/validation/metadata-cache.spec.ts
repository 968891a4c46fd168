import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { IsInt, IsString, MaxLength, Min, getMetadataStorage, validateSync } from 'class-validator';
import { cacheValidationMetadataLookups } from './metadata-cache.js';

class Base {
  @IsString()
  name!: string;

  @IsInt({ groups: ['strict'] })
  count!: number;
}

class Derived extends Base {
  @MaxLength(3)
  override name!: string;
}

const fields = (errors: ReturnType<typeof validateSync>) =>
  errors
    .map(
      (e) =>
        `${e.property}:${Object.keys(e.constraints ?? {})
          .sort()
          .join('+')}`,
    )
    .sort();

describe('cacheValidationMetadataLookups', () => {
  it('answers as class-validator does, per class, inheritance and groups, and sees classes declared later', () => {
    const storage = getMetadataStorage();
    const cases: [Parameters<typeof storage.getTargetValidationMetadatas>[0], boolean, boolean, string[] | undefined][] = [
      [Base, true, false, undefined],
      [Derived, true, false, undefined],
      [Derived, false, true, undefined],
      [Derived, false, false, ['strict']],
    ];
    const before = cases.map(([target, always, strict, groups]) =>
      storage.getTargetValidationMetadatas(target, '', always, strict, groups),
    );
    const invalid = Object.assign(new Derived(), { name: 'toolong', count: 'x' });
    const errorsBefore = [fields(validateSync(invalid)), fields(validateSync(invalid, { groups: ['strict'] }))];

    cacheValidationMetadataLookups();
    cacheValidationMetadataLookups(); // idempotent
    for (let round = 0; round < 2; round++) {
      cases.forEach(([target, always, strict, groups], i) =>
        expect(storage.getTargetValidationMetadatas(target, '', always, strict, groups)).toEqual(before[i]),
      );
    }
    expect([fields(validateSync(invalid)), fields(validateSync(invalid, { groups: ['strict'] }))]).toEqual(errorsBefore);
    expect(errorsBefore).toEqual([['count:isInt', 'name:maxLength'], ['count:isInt']]);

    // A class whose decorators run after the cache is in place (a lazily loaded module) is validated with its rules,
    // and a cached class that gains a subclass keeps its own.
    class Later extends Derived {
      @Min(10)
      size!: number;
    }
    expect(fields(validateSync(Object.assign(new Later(), { name: 'ok', count: 1, size: 1 })))).toEqual(['size:min']);
    expect(fields(validateSync(Object.assign(new Derived(), { name: 'ok', count: 2 })))).toEqual([]);
    // A rule added to a class already looked up (a decorator applied at run time) is seen at once.
    IsInt()(Derived.prototype, 'extra');
    expect(fields(validateSync(Object.assign(new Derived(), { name: 'ok', count: 2 })))).toEqual(['extra:isInt']);
  });
});
