// Loads the proposals: the history as an admin brings it over from spreadsheets (`historical: true`, past
// `broughtInOn` and `effectiveAt`, so that nobody is emailed about the past), then today's pipeline through the
// ordinary path (reviews before decisions, a team before `team_formed`; these send their emails). A proposal
// is found again by its title; one that was interrupted half-way is taken on from the last move it got, and
// one that has moved on since it was seeded (someone followed the walkthrough) is left alone.
import { mapLimit } from './client.mjs';
import { addDays, fiscalYearOf, tokyoDate } from './dates.mjs';

const DECISIONS = new Set(['accepted', 'declined']);

/** Loads `planned` (the history, or today's pipeline); answers the service's records by plan key. */
export async function loadProposals(api, planned, ids, tally, log, { outcomeHistoricalFlag, eventIds = new Map() }) {
  const existing = await api.proposals.all('/v1/proposals');
  const byTitle = new Map(existing.map((p) => [p.title.ja, p]));
  const person = (email) => {
    const id = ids.person.get(email);
    if (!id) throw new Error(`no registry person for ${email}`);
    return id;
  };
  const body = (p) => ({
    title: p.body.title,
    summary: p.body.summary,
    proposingOrganizationId: ids.org.get(p.body.proposer),
    ...(p.body.studyGroup ? { studyGroupId: ids.org.get(p.body.studyGroup) } : {}),
    contactPersonId: person(p.body.contact),
    coordinatorId: person(p.body.coordinator),
    focusFields: p.body.focusFields,
    municipalityCodes: p.body.municipalityCodes,
    bureauCodes: p.body.bureauCodes,
    participatingOrganizationIds: p.body.participants.map((k) => ids.org.get(k)),
    supportRequested: p.body.supportRequested,
    ...(p.historical ? { broughtInOn: p.body.broughtInOn, historical: true } : {}),
    ...(p.fromEvent && eventIds.get(p.fromEvent) ? { originEventId: eventIds.get(p.fromEvent) } : {}),
  });

  // Brought in one at a time, in date order: the service numbers them P<FY>-NNNN as they arrive.
  const records = new Map();
  let created = 0;
  for (const p of planned) {
    const found = byTitle.get(p.key);
    if (found) {
      tally.found('proposals');
      records.set(p.key, found);
      continue;
    }
    const { body: proposal } = await api.proposals.post('/v1/proposals', body(p));
    tally.created('proposals');
    created++;
    records.set(p.key, proposal);
  }
  const what = planned[0]?.historical ? 'history' : 'in the pipeline today';
  log(`proposals, ${what}: ${planned.length} (${created} new)`);

  let rubric = null;
  const rubricCriteria = async () => {
    rubric ??= await api.proposals.get('/v1/programmes/support-track/rubrics/in-force', {
      query: { fiscalYear: fiscalYearOf(tokyoDate()) },
    });
    return rubric.criteria;
  };

  const ensureReviews = async (p, proposal) => {
    if (!p.assignments?.length || p.reviewsChecked) return;
    p.reviewsChecked = true;
    const assignments = await api.proposals.all(`/v1/proposals/${proposal.id}/assignments`);
    const reviews = await api.proposals.all(`/v1/proposals/${proposal.id}/reviews`);
    const reviewed = new Set(reviews.map((r) => r.assignmentId));
    for (const a of p.assignments) {
      const advisorId = person(a.advisor);
      let assignment = assignments.find((x) => x.advisorId === advisorId && ['assigned', 'submitted'].includes(x.status));
      if (assignment) tally.found('review assignments');
      else {
        const res = await api.proposals.post(
          `/v1/proposals/${proposal.id}/assignments`,
          { advisorId, dueOn: addDays(tokyoDate(), 14) },
          { allow: [409] },
        );
        if (res.status === 409) {
          log(`  ${p.key}: advisor ${a.advisor} not assigned (${res.body.code}); skipped`);
          continue;
        }
        assignment = res.body;
        tally.created('review assignments');
      }
      if (!a.review) continue;
      if (reviewed.has(assignment.id)) {
        tally.found('reviews');
        continue;
      }
      const criteria = await rubricCriteria();
      await api.proposals.post(`/v1/proposals/${proposal.id}/reviews`, {
        assignmentId: assignment.id,
        scores: criteria.map((c, i) => ({
          criterion: c.code,
          points: Math.round(c.maxPoints * a.review.ratios[i % a.review.ratios.length]),
        })),
        comment: a.review.comment,
        recommendation: a.review.recommendation,
      });
      tally.created('reviews');
    }
  };

  const ensureTeam = async (p, proposal) => {
    if (!p.team || p.teamChecked) return;
    p.teamChecked = true;
    const team = await api.proposals.getFull(`/v1/proposals/${proposal.id}/team`, { allow: [404] });
    if (team.status === 200) return tally.found('teams');
    await api.proposals.put(`/v1/proposals/${proposal.id}/team`, {
      members: p.team.map((m) => ({ personId: person(m.email), role: m.role })),
    });
    tally.created('teams');
  };

  const advance = async (p) => {
    let proposal = records.get(p.key);
    const planned = p.steps.map((s) => s.to);
    const final = planned.at(-1) ?? 'received';
    let done;
    if (proposal.stage.code === final && planned.filter((s) => s === final).length <= 1) {
      done = planned.length;
    } else {
      const history = await api.proposals.all(`/v1/proposals/${proposal.id}/transitions`);
      const moves = history
        .sort((a, b) => a.seq - b.seq)
        .slice(1)
        .map((t) => t.to.code);
      const prefix = moves.every((m, i) => planned[i] === m);
      if (!prefix || moves.length > planned.length) {
        tally.found('proposals moved on since seeding (left alone)');
        return proposal;
      }
      done = moves.length;
    }
    tally.found('transitions', done);
    for (let i = done; i < planned.length; i++) {
      const s = p.steps[i];
      if (!p.historical && DECISIONS.has(s.to)) await ensureReviews(p, proposal);
      if (!p.historical && s.to === 'team_formed') await ensureTeam(p, proposal);
      const { body: moved } = await api.proposals.post(
        `/v1/proposals/${proposal.id}/transitions`,
        { to: s.to, reason: s.reason, ...(p.historical ? { effectiveAt: s.at, historical: true } : {}) },
        { ifMatch: proposal.version },
      );
      proposal = moved.proposal ?? moved;
      tally.created('transitions');
    }
    if (!p.historical && proposal.stage.code === 'screening') await ensureReviews(p, proposal);
    // reviews and a team behind a proposal that has already moved past them were written by an earlier run
    if (!p.historical && !p.reviewsChecked && p.assignments.length) {
      tally.found('review assignments', p.assignments.length);
      tally.found('reviews', p.assignments.filter((a) => a.review).length);
    }
    if (!p.historical && !p.teamChecked && p.team) tally.found('teams');
    if (p.outcomes.length) {
      const outcomes = await api.proposals.all(`/v1/proposals/${proposal.id}/outcomes`);
      const have = new Set(outcomes.map((o) => `${o.kind}|${o.occurredOn}|${o.summary}`));
      for (const o of p.outcomes) {
        if (have.has(`${o.kind}|${o.occurredOn}|${o.summary}`)) {
          tally.found('outcomes');
          continue;
        }
        await api.proposals.post(`/v1/proposals/${proposal.id}/outcomes`, {
          ...o,
          ...(outcomeHistoricalFlag && p.historical ? { historical: true } : {}),
        });
        tally.created('outcomes');
      }
    }
    records.set(p.key, proposal);
    return proposal;
  };

  const before = tally.count('created', 'transitions');
  await mapLimit(planned, 6, advance);
  log(`proposals, ${what}: ${tally.count('created', 'transitions') - before} moves made`);
  return records;
}
