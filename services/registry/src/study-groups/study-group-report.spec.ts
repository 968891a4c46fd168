import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { studyGroupReport, type ReportGroup, type ReportMembership } from './study-group-report.js';

const BUREAUS = ['ishikari', 'kamikawa', 'oshima'];

/** The foundation's own history: 12 areas in FY1998, 28 areas with 1,200 members in FY2003. */
function seedHistory(): { groups: ReportGroup[]; memberships: ReportMembership[] } {
  const groups: ReportGroup[] = [];
  const memberships: ReportMembership[] = [];
  for (let i = 0; i < 28; i++) {
    groups.push({
      id: `g${i}`,
      foundedOn: i < 12 ? '1998-06-01' : '2001-05-01',
      dissolvedOn: null,
      bureauCodes: [BUREAUS[i % 3]!],
      focusFields: i % 2 ? ['food'] : ['tourism', 'environment'],
    });
  }
  for (let i = 0; i < 1200; i++) {
    memberships.push({
      studyGroupId: `g${i % 28}`,
      personId: `p${i % 1100}`,
      joinedOn: i < 240 ? '1998-07-01' : '2002-04-01',
      leftOn: null,
    });
  }
  return { groups, memberships };
}

describe('study group report', () => {
  it('reports 12 areas in FY1998 and 28 areas with 1,200 members in FY2003', () => {
    const { groups, memberships } = seedHistory();
    const report = studyGroupReport(groups, memberships, 1998, 2003, BUREAUS);
    const fy = (y: number) => report.fiscalYears.find((r) => r.fiscalYear === y)!;
    expect(report.fiscalYears.map((r) => r.fiscalYear)).toEqual([1998, 1999, 2000, 2001, 2002, 2003]);
    expect(fy(1998).studyGroups).toBe(12);
    expect(fy(2003)).toMatchObject({ studyGroups: 28, members: 1200, people: 1100 });
    // FY1998: only memberships of the 12 early groups that had joined by then
    expect(fy(1998).members).toBe(memberships.filter((m, i) => i < 240 && Number(m.studyGroupId.slice(1)) < 12).length);
  });

  it('splits by bureau and focus field, counting a group in each of its bureaus and fields', () => {
    const { groups, memberships } = seedHistory();
    const y2003 = studyGroupReport(groups, memberships, 2003, 2003, BUREAUS).fiscalYears[0]!;
    expect(y2003.byBureau.map((b) => b.studyGroups)).toEqual([10, 9, 9]);
    expect(y2003.byBureau.reduce((n, b) => n + b.members, 0)).toBe(1200);
    const field = (f: string) => y2003.byFocusField.find((x) => x.focusField === f)!;
    expect(field('food').studyGroups).toBe(14);
    expect(field('tourism').studyGroups).toBe(14);
    expect(field('environment').studyGroups).toBe(14);
    expect(field('housing').studyGroups).toBe(0);
  });

  it('uses fiscal years from 1 April, and leaves out ended memberships, dissolved and undated groups', () => {
    const groups: ReportGroup[] = [
      { id: 'a', foundedOn: '1999-03-31', dissolvedOn: '2000-03-31', bureauCodes: [], focusFields: [] },
      { id: 'b', foundedOn: null, dissolvedOn: null, bureauCodes: ['ishikari'], focusFields: [] },
    ];
    const memberships: ReportMembership[] = [
      { studyGroupId: 'a', personId: 'x', joinedOn: '1999-03-31', leftOn: '1999-03-31' },
      { studyGroupId: 'a', personId: 'y', joinedOn: '1999-04-01', leftOn: null },
      { studyGroupId: 'b', personId: 'z', joinedOn: '1999-04-01', leftOn: null },
    ];
    const report = studyGroupReport(groups, memberships, 1998, 2000, BUREAUS);
    expect(report.fiscalYears.map((r) => [r.fiscalYear, r.studyGroups, r.members])).toEqual([
      [1998, 1, 1],
      [1999, 1, 1],
      [2000, 0, 0],
    ]);
    expect(report.undatedStudyGroups).toBe(1);
    expect(report.fiscalYears[0]!.byBureau.at(-1)).toEqual({ bureauCode: null, studyGroups: 1, members: 1 });
  });
  it('counts a person once per group and year however many memberships (role changes entered twice) they have there', () => {
    const group: ReportGroup = { id: 'g', foundedOn: '1998-04-01', dissolvedOn: null, bureauCodes: ['ishikari'], focusFields: ['food'] };
    const report = studyGroupReport(
      [group],
      [
        { studyGroupId: 'g', personId: 'p', joinedOn: '1998-04-01', leftOn: '1999-09-30' },
        { studyGroupId: 'g', personId: 'p', joinedOn: '1999-10-01', leftOn: null },
        { studyGroupId: 'g', personId: 'q', joinedOn: '1998-04-01', leftOn: null },
      ],
      1999,
      1999,
      BUREAUS,
    );
    expect(report.fiscalYears[0]).toMatchObject({ studyGroups: 1, members: 2, people: 2 });
    expect(report.fiscalYears[0]!.byBureau[0]).toEqual({ bureauCode: 'ishikari', studyGroups: 1, members: 2 });
  });
});
