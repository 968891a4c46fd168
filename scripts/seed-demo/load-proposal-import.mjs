// Loads the proposals brought over with the CSV history import (`POST /v1/proposals/import?dryRun=false`, one
// request, all or nothing), with the open review assignment of the spreadsheet (a `review_assigned` row, overdue
// already), then today's work on the two that are still open: a review assignment through the API, hearings and
// document requests. Found again by natural keys: an imported proposal by its old reference number
// (`legacyReference`), an assignment by proposal + advisor (imported or not), a hearing by proposal + note (its
// start is planned from the day of the run), a document request by proposal + its first item.
import { toCsv } from './load-registry.mjs';
import { ASSIGNMENT_COLUMNS, IMPORT_COLUMNS, importRows } from './plan-proposal-import.mjs';

/**
 * `importAssignments`: the running proposals service takes `review_assigned` rows (an older one refuses their
 * columns: the spreadsheet's assignment is left out then, and said so).
 */
export async function loadProposalImport(api, plan, ids, tally, log, { importAssignments = true } = {}) {
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
    const columns = importAssignments ? IMPORT_COLUMNS : IMPORT_COLUMNS.filter((c) => !ASSIGNMENT_COLUMNS.includes(c));
    const rows = importRows(missing, lookup, columns);
    const { body: report } = await api.proposals.post('/v1/proposals/import', toCsv(columns, rows), {
      contentType: 'text/csv',
      query: { dryRun: false },
    });
    for (const p of report.created) byLegacyRef.set(p.legacyRef, p.id);
    tally.created('imported proposals', report.created.length);
    tally.created('imported rows', rows.length);
  }
  log(`proposals from the old spreadsheets (CSV history import): ${proposals.length} (${missing.length} new)`);

  const idOf = (key) => byLegacyRef.get(proposals.find((p) => p.key === key).legacyRef);

  // The spreadsheet's open assignments: they came with the import (now or in an earlier run); the API cannot add
  // them afterwards (it takes no past due day).
  const importedNow = new Set(missing.map((p) => p.legacyRef));
  for (const p of proposals.filter((x) => x.assignments.length)) {
    const have = await api.proposals.all(`/v1/proposals/${byLegacyRef.get(p.legacyRef)}/assignments`);
    for (const a of p.assignments) {
      if (!have.some((x) => x.advisorId === ids.person.get(a.advisor))) {
        log(
          `  ${p.legacyRef}: the spreadsheet's assignment of ${a.advisor} (due ${a.dueOn}) is not there${importAssignments ? '' : ' (this proposals service takes no review_assigned rows)'}; skipped`,
        );
      } else if (importedNow.has(p.legacyRef)) tally.created('review assignments (CSV history import)');
      else tally.found('review assignments (CSV history import)');
    }
  }

  for (const a of assignments) {
    const proposalId = idOf(a.proposal);
    const advisorId = ids.person.get(a.advisor);
    const have = await api.proposals.all(`/v1/proposals/${proposalId}/assignments`);
    if (have.some((x) => x.advisorId === advisorId)) {
      tally.found('review assignments (through the API)');
      continue;
    }
    const res = await api.proposals.post(`/v1/proposals/${proposalId}/assignments`, { advisorId, dueOn: a.dueOn }, { allow: [409] });
    if (res.status === 409) {
      log(`  ${a.proposal}: advisor ${a.advisor} not assigned (${res.body.code}); skipped`);
      continue;
    }
    tally.created('review assignments (through the API)');
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
    `today's work on them: ${proposals.reduce((n, p) => n + p.assignments.length, 0)} review assignments from the spreadsheet (overdue), ` +
      `${assignments.length} through the API, ${interviews.length} hearings, ${documentRequests.length} document requests`,
  );
}

function fail(message) {
  throw new Error(message);
}
