import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { expectNoSecretsLogged, orgBody, startRegistryForSuite, type Registry } from './support.js';

const BUREAUS = [
  'sorachi',
  'ishikari',
  'shiribeshi',
  'iburi',
  'hidaka',
  'oshima',
  'hiyama',
  'kamikawa',
  'rumoi',
  'soya',
  'okhotsk',
  'tokachi',
  'kushiro',
  'nemuro',
];

describe('the study-group report per fiscal year', () => {
  let r: Registry;
  let auth: Record<string, string>;

  startRegistryForSuite(async (started, admin) => {
    [r, auth] = [started, admin];
    // The foundation's history, written straight into the tables (1,200 HTTP calls would prove nothing more):
    // 12 groups founded in FY1998 and 16 more by FY2002; 300 members from FY1998, the rest joining in FY2003.
    const ds = r.svc.app.get(DataSource);
    await ds.transaction(async (tx) => {
      const groupIds: string[] = [];
      for (let i = 0; i < 28; i++) {
        const id = uuidv7();
        groupIds.push(id);
        await tx.query(
          `INSERT INTO organizations (id, kind, sector, name, name_kana, name_key, focus_fields, area_bureau_codes, founded_on)
           VALUES ($1, 'study_group', 'industry', $2, 'ケンキュウカイ', $2, $3, $4, $5)`,
          [id, `地域クラスター研究会${i}`, [i % 2 ? 'food' : 'tourism'], [BUREAUS[i % 14]], i < 12 ? '1998-05-01' : '2002-06-01'],
        );
      }
      for (let i = 0; i < 1200; i++) {
        const personId = uuidv7();
        await tx.query(
          `INSERT INTO people (id, family_name, given_name, family_name_kana, given_name_kana, email) VALUES ($1, '会員', $2, 'カイイン', 'バン', $3)`,
          [personId, String(i), `member${i}@report.example.jp`],
        );
        await tx.query(`INSERT INTO memberships (id, study_group_id, person_id, role, joined_on) VALUES ($1, $2, $3, 'member', $4)`, [
          uuidv7(),
          groupIds[i % 28],
          personId,
          i % 28 < 12 && i < 300 ? '1998-06-01' : '2003-04-01',
        ]);
      }
    });
  });

  it('counts 12 areas in FY1998 and 28 areas with 1,200 members in FY2003', async () => {
    const res = await r.http().get('/v1/reports/study-groups').query({ from: 1998, to: 2003 }).set(auth);
    expect(res.status).toBe(200);
    const fy = (y: number) => res.body.fiscalYears.find((x: { fiscalYear: number }) => x.fiscalYear === y);
    expect(res.body.fiscalYears.map((x: { fiscalYear: number }) => x.fiscalYear)).toEqual([1998, 1999, 2000, 2001, 2002, 2003]);
    // members of FY1998: rows i < 300 whose group (i mod 28) is one of the first 12
    const early = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 28 < 12).length;
    expect(fy(1998)).toMatchObject({
      fiscalYear: 1998,
      start: '1998-04-01',
      end: '1999-03-31',
      studyGroups: 12,
      members: early,
      people: early,
    });
    expect(fy(2002)).toMatchObject({ studyGroups: 28, members: early });
    expect(fy(2003)).toMatchObject({ studyGroups: 28, members: 1200, people: 1200 });
  });

  it('breaks a year down by bureau and by focus field', async () => {
    const res = await r.http().get('/v1/reports/study-groups').query({ from: 2003, to: 2003 }).set(auth);
    const [y2003] = res.body.fiscalYears;
    expect(y2003.byBureau.map((b: { bureauCode: string }) => b.bureauCode).sort()).toEqual([...BUREAUS].sort());
    // groups i and i + 14 share a bureau: two groups each, and every member counted once
    for (const b of y2003.byBureau) expect(b.studyGroups).toBe(2);
    expect(y2003.byBureau.reduce((n: number, b: { members: number }) => n + b.members, 0)).toBe(1200);
    const field = (f: string) => y2003.byFocusField.find((x: { focusField: string }) => x.focusField === f);
    expect(field('food')).toEqual({ focusField: 'food', studyGroups: 14, members: 600 });
    expect(field('tourism')).toEqual({ focusField: 'tourism', studyGroups: 14, members: 600 });
    expect(field('housing')).toEqual({ focusField: 'housing', studyGroups: 0, members: 0 });
  });

  it('places a group by the bureau of its area municipalities, and leaves an undated one out', async () => {
    await r
      .http()
      .post('/v1/organizations')
      .set(auth)
      .send(
        orgBody({
          name: '道南研究会',
          nameKana: 'ドウナン',
          kind: 'study_group',
          municipalityCode: null,
          areaMunicipalityCodes: ['012025'],
          foundedOn: '2003-05-01',
        }),
      );
    await r
      .http()
      .post('/v1/organizations')
      .set(auth)
      .send(orgBody({ name: '日付なし研究会', nameKana: 'ヒヅケナシ', kind: 'study_group' }));
    const res = await r.http().get('/v1/reports/study-groups').query({ from: 2003, to: 2003 }).set(auth);
    const [y2003] = res.body.fiscalYears;
    expect(y2003.studyGroups).toBe(29);
    expect(y2003.byBureau.find((b: { bureauCode: string }) => b.bureauCode === 'oshima').studyGroups).toBe(3);
    expect(res.body.undatedStudyGroups).toBe(1);
  });

  it('refuses years in the wrong order, too long a span, and what is not a year', async () => {
    for (const query of [{ from: 2003, to: 1998 }, { from: 1900, to: 2100 }, { from: 'x', to: 1998 }, { from: 1998 }]) {
      const res = await r.http().get('/v1/reports/study-groups').query(query).set(auth);
      expect(res.status).toBe(400);
    }
  });

  it('keeps passwords, tokens and personal data out of its logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
