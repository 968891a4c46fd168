// Loads the registry part of the plan: organisations, people with their affiliations, study-group
// memberships, staff accounts, the centre's tenants and the North Campus consortium. Everything is looked up
// by its natural key first (corporate number or kind + name; email; group + person + joined day; ...), and
// only what is missing is written. Bulk records go through the registry's CSV import (one transaction per
// file, all rows or none), the rest through the ordinary routes.
import { mapLimit } from './client.mjs';

const nfkc = (s) => (s ?? '').normalize('NFKC').trim();
const orgKey = (kind, name) => `${kind}|${nfkc(name)}`;

/** CSV text (UTF-8, RFC 4180 quoting) from a header and rows of values. */
export function toCsv(header, rows) {
  const cell = (v) => {
    if (v === null || v === undefined) return '';
    const s = Array.isArray(v) ? v.join(';') : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

const ORG_COLUMNS = [
  ['kind', 'kind'],
  ['sector', 'sector'],
  ['name', 'name'],
  ['name_kana', 'nameKana'],
  ['name_en', 'nameEn'],
  ['corporate_number', 'corporateNumber'],
  ['jsic_code', 'jsicCode'],
  ['jsic_revision', 'jsicRevision'],
  ['focus_fields', 'focusFields'],
  ['postal_code', 'postalCode'],
  ['municipality_code', 'municipalityCode'],
  ['address', 'address'],
  ['capital_yen', 'capitalYen'],
  ['employees', 'employees'],
  ['founded_on', 'foundedOn'],
  ['representative', 'representative'],
  ['website', 'website'],
  ['contact_email', 'contactEmail'],
  ['contact_phone', 'contactPhone'],
  ['area_municipality_codes', 'areaMunicipalityCodes'],
  ['area_bureau_codes', 'areaBureauCodes'],
];
const PERSON_COLUMNS = [
  ['family_name', 'familyName'],
  ['given_name', 'givenName'],
  ['family_name_kana', 'familyNameKana'],
  ['given_name_kana', 'givenNameKana'],
  ['name_en', 'nameEn'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['preferred_language', 'preferredLanguage'],
  ['consent_to_list', 'consentToList'],
  ['expertise_fields', 'expertiseFields'],
];

async function importCsv(api, path, csv) {
  const res = await api.registry.post(path, csv, { query: { dryRun: 'false' }, contentType: 'text/csv; charset=utf-8', allow: [422] });
  if (res.status === 422) {
    const problems = res.body.report?.errors ?? res.body.errors ?? [];
    throw new Error(`the registry refused the import ${path}: ${JSON.stringify(problems.slice(0, 10))}`);
  }
  return res.body.created;
}

const chunks = (xs, n) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

export async function loadRegistry(api, plan, tally, log) {
  const ids = { org: new Map(), person: new Map() };

  // --- organisations ---
  const existing = await api.registry.all('/v1/organizations', { archived: 'all' });
  const byNumber = new Map(existing.filter((o) => o.corporateNumber && !o.mergedInto).map((o) => [o.corporateNumber, o]));
  const byName = new Map(existing.filter((o) => !o.mergedInto).map((o) => [orgKey(o.kind, o.name), o]));
  const missingOrgs = [];
  for (const o of plan.organizations) {
    const found = (o.body.corporateNumber && byNumber.get(o.body.corporateNumber)) || byName.get(orgKey(o.body.kind, o.body.name));
    if (found) ids.org.set(o.key, found.id);
    else missingOrgs.push(o);
  }
  tally.found('organizations', plan.organizations.length - missingOrgs.length);
  for (const batch of chunks(missingOrgs, 500)) {
    const csv = toCsv(
      ORG_COLUMNS.map(([c]) => c),
      batch.map((o) => ORG_COLUMNS.map(([, f]) => o.body[f])),
    );
    const created = await importCsv(api, '/v1/organizations/import', csv);
    batch.forEach((o, i) => ids.org.set(o.key, created[i]));
    tally.created('organizations', batch.length);
  }
  log(`organisations: ${plan.organizations.length} (${missingOrgs.length} new)`);

  // --- people ---
  const people = await api.registry.all('/v1/people', { archived: 'all' });
  const personByEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const staffEmails = new Set(plan.staff.map((s) => s.email));
  const missingPeople = [];
  for (const p of plan.people) {
    const found = personByEmail.get(p.body.email.toLowerCase());
    if (found) ids.person.set(p.body.email, found.id);
    else missingPeople.push(p);
  }
  tally.found('people', plan.people.length - missingPeople.length);
  // Staff come one by one (their affiliation has a start date the import cannot carry); everyone else by CSV.
  const [individual, bulk] = [
    missingPeople.filter((p) => staffEmails.has(p.body.email)),
    missingPeople.filter((p) => !staffEmails.has(p.body.email)),
  ];
  for (const batch of chunks(bulk, 500)) {
    const csv = toCsv(
      [...PERSON_COLUMNS.map(([c]) => c), 'organization_id', 'department', 'title'],
      batch.map((p) => [
        ...PERSON_COLUMNS.map(([, f]) => p.body[f]),
        p.affiliation ? ids.org.get(p.affiliation.org) : null,
        p.affiliation?.department ?? null,
        p.affiliation?.title ?? null,
      ]),
    );
    const created = await importCsv(api, '/v1/people/import', csv);
    batch.forEach((p, i) => ids.person.set(p.body.email, created[i]));
    tally.created('people', batch.length);
    tally.created('affiliations', batch.filter((p) => p.affiliation).length);
  }
  await mapLimit(individual, 4, async (p) => {
    const { body: person } = await api.registry.post('/v1/people', p.body);
    ids.person.set(p.body.email, person.id);
    tally.created('people');
    if (p.affiliation) {
      await api.registry.post(`/v1/people/${person.id}/affiliations`, {
        organizationId: ids.org.get(p.affiliation.org),
        department: p.affiliation.department,
        title: p.affiliation.title,
        from: p.affiliation.from,
      });
      tally.created('affiliations');
    }
  });
  log(`people: ${plan.people.length} (${missingPeople.length} new)`);

  // --- affiliations that have ended (staff who came from a bank, an institute, ...) ---
  await mapLimit(plan.pastAffiliations, 4, async (a) => {
    const personId = ids.person.get(a.email);
    const organizationId = ids.org.get(a.org);
    const items = await api.registry.all(`/v1/people/${personId}/affiliations`);
    if (items.some((x) => x.organizationId === organizationId && x.from === a.from)) return tally.found('affiliations');
    await api.registry.post(`/v1/people/${personId}/affiliations`, {
      organizationId,
      department: a.department,
      title: a.title,
      from: a.from,
      to: a.to,
    });
    tally.created('affiliations');
  });

  return ids;
}

/** Memberships, accounts, tenants and the consortium: what nothing else in the plan waits for. */
export async function loadRegistryLinks(api, plan, ids, tally, log) {
  // --- study-group memberships ---
  const byGroup = new Map();
  for (const m of plan.memberships) byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), m]);
  let newMemberships = 0;
  await mapLimit([...byGroup.entries()], 4, async ([group, planned]) => {
    const groupId = ids.org.get(group);
    const items = await api.registry.all(`/v1/study-groups/${groupId}/members`);
    const have = new Set(items.map((m) => `${m.personId}|${m.joinedOn}`));
    const missing = planned.filter((m) => !have.has(`${ids.person.get(m.email)}|${m.joinedOn}`));
    tally.found('memberships', planned.length - missing.length);
    await mapLimit(missing, 3, async (m) => {
      await api.registry.post(`/v1/study-groups/${groupId}/members`, {
        personId: ids.person.get(m.email),
        role: m.role,
        joinedOn: m.joinedOn,
        leftOn: m.leftOn,
      });
      tally.created('memberships');
      newMemberships++;
    });
  });
  log(`memberships: ${plan.memberships.length} (${newMemberships} new)`);

  // --- staff accounts (each invitation is an email with a set-password link) ---
  const accounts = await api.registry.all('/v1/accounts');
  const accountByPerson = new Map(accounts.map((a) => [a.personId, a]));
  for (const s of plan.staff) {
    const personId = ids.person.get(s.email);
    if (accountByPerson.has(personId)) {
      tally.found('accounts');
      continue;
    }
    await api.registry.post('/v1/accounts', { personId, roles: s.roles });
    tally.created('accounts');
  }

  // --- the centre's tenants and the consortium ---
  const tenancies = await api.registry.all('/v1/tenancies');
  const haveTenancy = new Set(tenancies.map((t) => `${t.organizationId}|${t.room}|${t.from}`));
  for (const t of plan.tenancies) {
    const organizationId = ids.org.get(t.org);
    if (haveTenancy.has(`${organizationId}|${t.room}|${t.from}`)) {
      tally.found('tenancies');
      continue;
    }
    await api.registry.post('/v1/tenancies', { organizationId, room: t.room, from: t.from, to: t.to, note: t.note });
    tally.created('tenancies');
  }
  const consortiumId = ids.org.get('north-campus');
  const members = await api.registry.all('/v1/consortium-memberships', { consortiumId });
  const haveMember = new Set(members.map((m) => `${m.organizationId}|${m.fiscalYear}`));
  for (const c of plan.consortium) {
    const organizationId = ids.org.get(c.org);
    if (haveMember.has(`${organizationId}|${c.fiscalYear}`)) {
      tally.found('consortium memberships');
      continue;
    }
    await api.registry.post('/v1/consortium-memberships', {
      consortiumId,
      organizationId,
      fiscalYear: c.fiscalYear,
      contributedPeople: c.contributedPeople,
      contributedYen: c.contributedYen,
      contributedFacilities: c.contributedFacilities,
    });
    tally.created('consortium memberships');
  }
}
