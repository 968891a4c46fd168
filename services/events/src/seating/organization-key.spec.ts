import { describe, expect, it } from '@jest/globals';
import { normalizeOrganizationName, organizationKey } from './organization-key.js';

describe('organisation keys', () => {
  it('treat spellings of one company name as the same organisation', () => {
    const forms = ['株式会社 北の昆布', '（株）北の昆布', '㈱北の昆布', '北の昆布 株式会社'];
    expect(new Set(forms.map(normalizeOrganizationName)).size).toBe(1);
    expect(normalizeOrganizationName('Kelp Works Co., Ltd.')).toBe(normalizeOrganizationName('KELP WORKS'));
    expect(normalizeOrganizationName('Princeton Instruments Inc.')).toBe('princetoninstruments');
  });

  it('prefer the registry id, and know nothing without a name', () => {
    expect(organizationKey('0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f', '北海道大学')).toBe('id:0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f');
    expect(organizationKey(null, '北海道大学')).toBe('name:北海道大学');
    expect(organizationKey(null, null)).toBeNull();
    expect(organizationKey(null, '株式会社')).toBeNull();
  });
});
