import { CreateOrganizationDto, UpdateOrganizationDto } from '../organizations/organization.dto.js';
import { CreatePersonDto } from '../people/person.dto.js';
import { maxLengthsOf } from './validators.js';

describe('maxLengthsOf', () => {
  it("reads the DTO's @MaxLength of each field named", () => {
    expect(maxLengthsOf(CreateOrganizationDto, ['name', 'nameKana', 'nameEn', 'address', 'representative'])).toEqual({
      name: 300,
      nameKana: 300,
      nameEn: 300,
      address: 300,
      representative: 100,
    });
    expect(maxLengthsOf(CreatePersonDto, ['familyName', 'givenNameKana', 'nameEn', 'email'])).toEqual({
      familyName: 100,
      givenNameKana: 100,
      nameEn: 200,
      email: 254,
    });
    // a DTO that inherits its fields (PartialType) keeps their maxima
    expect(maxLengthsOf(UpdateOrganizationDto, ['representative'])).toEqual({ representative: 100 });
  });

  it("throws for a field without one, and does not take an array's per-item maximum for the field's", () => {
    expect(() => maxLengthsOf(CreateOrganizationDto, ['kind'])).toThrow('CreateOrganizationDto.kind has no @MaxLength');
    expect(() => maxLengthsOf(CreateOrganizationDto, ['areaBureauCodes'])).toThrow(/has no @MaxLength/);
  });
});
