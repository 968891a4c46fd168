// Loads the proposals brought over with the CSV history import (`POST /v1/proposals/import?dryRun=false`, one
// request, all or nothing), then today's work on the two that are still open: review assignments with due days,
// hearings and document requests. Found again by natural keys: an imported proposal by its old reference number
// (`legacyReference`), an assignment by proposal + advisor, a hearing by proposal + note (its start is planned
// from the day of the run), a document request by proposal + its first item.
import { toCsv } from './load-registry.mjs';
import { IMPORT_COLUMNS, importRows } from './plan-proposal-import.mjs';

export async function loadProposalImport(api, plan, ids, tally, log) {
  const { proposals, assignments, interviews, documentRequests } = plan.proposals.imported;
  const existing = await api.proposals.all('/v1/proposals');
  const byLegacyRef = new Map(existing.filter((p) => p.legacyReference).map((p) => [p.legacyReference, p.id]));
  const missing = proposals.filter((p) => !byLegacyRef.has(p.legacyRef));
  tally.found('imported proposals', proposals.length - missing.length);

  if (missing.length) {
    const tenancies = await api.registry.all('/v1/tenancies');
    const lookup = {
      org: (key) => ids.org.get(key) ?? fail(`no registry organisation for ${key}`),
      person: (email) => ids.person.get(email) ?? fail(`no registry person for ${email}`),
      tenancy: (t) =>
        tenancies.find((x) => x.organizationId === ids.org.get(t.org) && x.room === t.room && x.from === t.from)?.id ??
        fail(`no tenancy of ${t.org} in ${t.room} from ${t.from}`),
    };
    const rows = importRows(missing, lookup);
    const { body: report } = await api.proposals.post('/v1/proposals/import', toCsv(IMPORT_COLUMNS, rows), {
      contentType: 'text/csv',
      query: { dryRun: false },
    });
    for (const p of report.created) byLegacyRef.set(p.legacyRef, p.id);
    tally.created('imported proposals', report.created.length);
    tally.created('imported rows', rows.length);
  }
  log(`proposals from the old spreadsheets (CSV history import): ${proposals.length} (${missing.length} new)`);

  const idOf = (key) => byLegacyRef.get(proposals.find((p) => p.key === key).legacyRef);

  for (const a of assignments) {
    const proposalId = idOf(a.proposal);
    const advisorId = ids.person.get(a.advisor);
    const have = await api.proposals.all(`/v1/proposals/${proposalId}/assignments`);
    if (have.some((x) => x.advisorId === advisorId)) {
      tally.found('review assignments (imported)');
      continue;
    }
    const res = await api.proposals.post(`/v1/proposals/${proposalId}/assignments`, { advisorId, dueOn: a.dueOn }, { allow: [409] });
    if (res.status === 409) {
      log(`  ${a.proposal}: advisor ${a.advisor} not assigned (${res.body.code}); skipped`);
      continue;
    }
    tally.created('review assignments (imported)');
  }

  for (const i of interviews) {
    const proposalId = idOf(i.proposal);
    const path = `/v1/proposals/${proposalId}/interviews`;
    let interview = (await api.proposals.all(path)).find((x) => x.note === i.note);
    if (interview) tally.found('hearings');
    else {
      ({ body: interview } = await api.proposals.post(path, { ...i.body, note: i.note }));
      tally.created('hearings');
    }
    if (i.rescheduleTo && interview.status === 'scheduled' && interview.version === 1) {
      await api.proposals.put(
        `${path}/${interview.id}`,
        { ...i.body, startsAt: i.rescheduleTo, note: i.note },
        { ifMatch: interview.version },
      );
      tally.created('hearings rescheduled');
    }
    if (i.cancel && interview.status === 'scheduled') {
      await api.proposals.post(`${path}/${interview.id}/cancel`, { reason: i.cancel }, { ifMatch: interview.version });
      tally.created('hearings cancelled');
    }
  }

  for (const d of documentRequests) {
    const proposalId = idOf(d.proposal);
    const path = `/v1/proposals/${proposalId}/document-requests`;
    let request = (await api.proposals.all(path)).find((x) => x.items[0] === d.body.items[0]);
    if (request) tally.found('document requests');
    else {
      ({ body: request } = await api.proposals.post(path, d.body));
      tally.created('document requests');
    }
    if (request.status !== 'open') continue;
    if (d.fulfil) {
      await api.proposals.post(`${path}/${request.id}/fulfil`, { note: d.fulfil }, { ifMatch: request.version });
      tally.created('document requests fulfilled');
    } else if (d.withdraw) {
      await api.proposals.post(`${path}/${request.id}/withdraw`, { reason: d.withdraw }, { ifMatch: request.version });
      tally.created('document requests withdrawn');
    }
  }
  log(
    `today's work on them: ${assignments.length} review assignments, ${interviews.length} hearings, ${documentRequests.length} document requests`,
  );
}

function fail(message) {
  throw new Error(message);
}
