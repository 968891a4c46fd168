// The proposals service's dataset: proposals by registry companies and study groups (read from the peer
// registry's database, so every id the proposals hold exists there), each with a history that the support
// track allows (received -> pre_screening -> screening, on hold, withdrawn) and a version equal to its
// history's length, as the service itself would have written them. A sample goes through the API.
import pg from 'pg';
import { FOCUS_FIELDS, STEMS, bulkInsert, prng, withIndexesDeferred } from '../lib/data.mjs';

const DAY = 86_400_000;
const TOKYO = 9 * 3_600_000;

/** YYYY-MM-DD of an instant in Tokyo. */
const tokyoDate = (ms) => new Date(ms + TOKYO).toISOString().slice(0, 10);
const startOfTokyoDay = (date) => new Date(Date.parse(`${date}T00:00:00Z`) - TOKYO);
const fiscalYearOf = (date) => (Number(date.slice(5, 7)) >= 4 ? Number(date.slice(0, 4)) : Number(date.slice(0, 4)) - 1);

/** Registry organisations and people the proposals can name (companies and study groups, with their municipality's bureau). */
export async function registryPeopleAndProposers(registryDatabaseUrl, limit = 3000) {
  const client = new pg.Client({ connectionString: registryDatabaseUrl });
  await client.connect();
  try {
    const proposers = (
      await client.query(
        `SELECT o.id, o.kind, o.name, o.municipality_code, o.focus_fields, m.bureau_code
           FROM organizations o LEFT JOIN municipalities m ON m.code = o.municipality_code
          WHERE o.kind IN ('company', 'study_group') AND NOT o.archived ORDER BY o.id LIMIT $1`,
        [limit],
      )
    ).rows;
    const people = (await client.query(`SELECT id FROM people WHERE NOT archived ORDER BY id LIMIT $1`, [limit])).rows.map((r) => r.id);
    return { proposers, people };
  } finally {
    await client.end();
  }
}

/**
 * Writes `count` proposals into a migrated proposals database. A third of them stand in `received`, the
 * pool the transitions scenario moves (returned with their versions).
 */
export async function seedProposals(databaseUrl, { count, proposers, people, coordinators, actorId, seed = 'collabo-load' }) {
  const rnd = prng(`${seed}:proposals`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const programmeId = (await client.query(`SELECT id FROM programmes WHERE code = 'support-track' ORDER BY version LIMIT 1`)).rows[0].id;
    const rubricId = (
      await client.query(`SELECT id FROM rubrics WHERE programme_code = 'support-track' ORDER BY fiscal_year, version LIMIT 1`)
    ).rows[0].id;
    const now = Date.now();
    const counters = new Map();
    const proposals = [];
    const transitions = [];
    const received = [];
    for (let i = 0; i < count; i++) {
      const id = rnd.uuid();
      const proposer = rnd.pick(proposers);
      const broughtInOn = tokyoDate(now - (30 + rnd.int(9 * 365)) * DAY);
      const fy = fiscalYearOf(broughtInOn);
      const seq = (counters.get(fy) ?? 0) + 1;
      counters.set(fy, seq);
      const [stem] = rnd.pick(STEMS);
      const roll = rnd.next();
      // The path through the support track this proposal has taken so far.
      const path =
        roll < 0.35
          ? ['received']
          : roll < 0.55
            ? ['received', 'pre_screening']
            : roll < 0.8
              ? ['received', 'pre_screening', 'screening']
              : roll < 0.93
                ? ['received', 'pre_screening', 'on_hold']
                : ['received', 'withdrawn'];
      const stage = path[path.length - 1];
      let at = startOfTokyoDay(broughtInOn).getTime();
      for (const [k, to] of path.entries()) {
        if (k > 0) at += (3 + rnd.int(40)) * DAY + rnd.int(8 * 3_600_000);
        const effective = new Date(Math.min(at, now - DAY));
        transitions.push([
          rnd.uuid(),
          id,
          k + 1,
          k === 0 ? null : path[k - 1],
          to,
          k === 0 ? 'brought in' : rnd.pick(['書類が揃ったため', '事前審査を通過', '申請者の都合により保留', '申請者より取下げの連絡']),
          effective,
          effective,
          actorId,
          false,
          false,
        ]);
      }
      const focus = proposer.focus_fields?.length ? proposer.focus_fields : rnd.some(FOCUS_FIELDS, 1, 2);
      const coordinator = rnd.chance(0.9) ? rnd.pick(coordinators) : null;
      proposals.push([
        id,
        `P${fy}-${String(seq).padStart(4, '0')}`,
        programmeId,
        `${proposer.name.replace(/株式会社|有限会社|合同会社/g, '')}による${stem}の事業化`,
        null,
        `${stem}を活かした新製品の開発と販路開拓。道内の${rnd.pick(['大学', '試験場', '企業'])}と連携して試作を進める。`,
        null,
        proposer.id,
        proposer.kind,
        proposer.name,
        proposer.kind === 'study_group' ? proposer.id : null,
        rnd.pick(people),
        coordinator,
        focus,
        proposer.municipality_code ? [proposer.municipality_code] : [],
        proposer.bureau_code ? [proposer.bureau_code] : [],
        [],
        '',
        broughtInOn,
        stage,
        stage === 'on_hold' ? 'pre_screening' : null,
        path.includes('screening') ? rubricId : null,
        path.length,
        new Date(now - rnd.int(DAY)),
        actorId,
        new Date(now - rnd.int(DAY)),
      ]);
      if (stage === 'received') received.push({ id, version: path.length, stage });
    }
    await withIndexesDeferred(client, ['proposals', 'proposal_transitions'], async () => {
      await bulkInsert(
        client,
        'proposals',
        [
          ['id', 'uuid'],
          ['reference_number', 'text'],
          ['programme_id', 'uuid'],
          ['title_ja', 'text'],
          ['title_en', 'text'],
          ['summary_ja', 'text'],
          ['summary_en', 'text'],
          ['proposing_organization_id', 'uuid'],
          ['proposing_organization_kind', 'text'],
          ['proposing_organization_name', 'text'],
          ['study_group_id', 'uuid'],
          ['contact_person_id', 'uuid'],
          ['coordinator_id', 'uuid'],
          ['focus_fields', 'text[]'],
          ['municipality_codes', 'text[]'],
          ['bureau_codes', 'text[]'],
          ['participating_organization_ids', 'uuid[]'],
          ['support_requested', 'text'],
          ['brought_in_on', 'date'],
          ['stage', 'text'],
          ['resume_stage', 'text'],
          ['rubric_id', 'uuid'],
          ['version', 'integer'],
          ['created_at', 'timestamptz'],
          ['created_by', 'uuid'],
          ['updated_at', 'timestamptz'],
        ],
        proposals,
      );
      await bulkInsert(
        client,
        'proposal_transitions',
        [
          ['id', 'uuid'],
          ['proposal_id', 'uuid'],
          ['seq', 'integer'],
          ['from_stage', 'text'],
          ['to_stage', 'text'],
          ['reason', 'text'],
          ['effective_at', 'timestamptz'],
          ['recorded_at', 'timestamptz'],
          ['actor_id', 'uuid'],
          ['resumed', 'boolean'],
          ['historical', 'boolean'],
        ],
        transitions,
      );
    });
    // The reference numbers continue where the bulk stopped.
    for (const [fy, last] of counters) {
      await client.query(
        `INSERT INTO reference_counters (fiscal_year, last_value) VALUES ($1, $2)
         ON CONFLICT (fiscal_year) DO UPDATE SET last_value = GREATEST(reference_counters.last_value, EXCLUDED.last_value)`,
        [fy, last],
      );
    }
    return { received, counts: { proposals: proposals.length, transitions: transitions.length } };
  } finally {
    await client.end();
  }
}

/** A sample through the API: brought in (registry checked over RPC) and moved once. */
export async function seedProposalsThroughApi(proposals, token, { count, proposers, people, coordinators, seed = 'collabo-load' }) {
  const rnd = prng(`${seed}:proposals-api`);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = [];
  for (let i = 0; i < count; i++) {
    const proposer = rnd.pick(proposers);
    const body = {
      title: { ja: `APIから持ち込まれた提案 ${i + 1}` },
      summary: { ja: '負荷試験の標本として API から登録された提案。' },
      proposingOrganizationId: proposer.id,
      contactPersonId: rnd.pick(people),
      coordinatorId: rnd.pick(coordinators),
    };
    const res = await fetch(`${proposals.url}/v1/proposals`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST /v1/proposals answered ${res.status}: ${await res.text()}`);
    const p = await res.json();
    const moved = await fetch(`${proposals.url}/v1/proposals/${p.id}/transitions`, {
      method: 'POST',
      headers: { ...headers, 'if-match': res.headers.get('etag') },
      body: JSON.stringify({ to: 'pre_screening', reason: '書類が揃ったため' }),
    });
    if (moved.status !== 201) throw new Error(`POST /v1/proposals/{id}/transitions answered ${moved.status}: ${await moved.text()}`);
    created.push(p.id);
  }
  return created;
}
