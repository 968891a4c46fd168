// Loads the exchange events: drafted, published, registrations taken in plan order (first come, so the same
// people end up on the waiting list every time), one cancelled. The event "just held" is published to start
// a couple of minutes into the run; `finishJustHeld` closes it once it has started. Events are found again by
// their Japanese title, registrations by person id or guest email.
import { mapLimit } from './client.mjs';
import { toTokyoIso } from './dates.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long after it is drafted the event "just held" starts: its registrations must all come in before. */
const justHeldLeadMs = (registrations) => 15_000 + 1_000 * registrations;

const QUESTIONNAIRE_COMMENTS = [
  '異分野の方と話せて、新しい発想が得られました。',
  '試作品を実際に触れたのが良かったです。',
  '次回は農業分野の方とも話してみたいです。',
  'テーブルの組み合わせが良く、名刺交換が進みました。',
  '懇親の時間をもう少し長くしてほしい。',
];

export async function loadEvents(api, plan, ids, tally, log) {
  const existing = await api.events.all('/v1/events');
  const byTitle = new Map(existing.map((e) => [e.title.ja, e]));
  const eventIds = new Map();
  const records = new Map();

  const load = async (e) => {
    let event = byTitle.get(e.body.title.ja);
    const kind = e.historical ? 'past events' : 'events';
    if (event) tally.found(kind);
    else {
      let times = {};
      if (e.justHeld) {
        const start = new Date(Math.ceil((Date.now() + justHeldLeadMs(e.registrations.length)) / 10_000) * 10_000);
        times = { startsAt: toTokyoIso(start), endsAt: toTokyoIso(new Date(start.getTime() + 2 * 3600_000)) };
      }
      const { coOrganizers, organizer, ...rest } = e.body;
      ({ body: event } = await api.events.post('/v1/events', {
        ...rest,
        ...times,
        ...(e.historical ? { historical: true } : {}),
        organizerId: ids.org.get(organizer),
        coOrganizerIds: coOrganizers.map((k) => ids.org.get(k)),
      }));
      tally.created(kind);
    }
    eventIds.set(e.key, event.id);
    if (e.historical) {
      records.set(e.key, await recordPastAttendance(api, e, event, ids, tally));
      return;
    }
    if (e.publish && event.status === 'draft') {
      ({ body: event } = await api.events.post(`/v1/events/${event.id}/publish`, undefined, { ifMatch: event.version }));
      tally.created('publications');
    }
    if (e.registrations.length && ['published', 'changed'].includes(event.status)) {
      const current = await api.events.all(`/v1/events/${event.id}/registrations`);
      const have = new Set(current.flatMap((r) => [r.registrant.personId, r.registrant.email?.toLowerCase()].filter(Boolean)));
      for (const reg of e.registrations) {
        const personId = reg.email ? ids.person.get(reg.email) : undefined;
        if (have.has(personId) || have.has(reg.guest?.email.toLowerCase())) {
          tally.found('registrations');
          continue;
        }
        const res = await api.events.post(`/v1/events/${event.id}/registrations`, personId ? { personId } : { guest: reg.guest }, {
          allow: [409],
        });
        if (res.status === 409 && res.body.code === 'EVENTS.ALREADY_REGISTERED') {
          tally.found('registrations');
          continue;
        }
        if (res.status === 409) {
          log(`  ${e.body.title.ja}: registration refused (${res.body.code})`);
          tally.found('registrations refused');
          continue;
        }
        tally.created('registrations');
      }
    } else if (e.registrations.length) {
      tally.found('registrations', e.registrations.length);
    }
    if (e.cancel && ['draft', 'published', 'changed'].includes(event.status)) {
      event = await api.events.get(`/v1/events/${event.id}`);
      ({ body: event } = await api.events.post(`/v1/events/${event.id}/cancel`, { reason: e.cancel }, { ifMatch: event.version }));
      tally.created('cancellations');
    }
    records.set(e.key, event);
  };
  // the event held today first: its clock runs from the moment it is drafted
  for (const e of plan.events.filter((x) => x.justHeld)) await load(e);
  await mapLimit(
    plan.events.filter((x) => !x.justHeld),
    3,
    load,
  );
  const past = plan.events.filter((x) => x.historical).length;
  log(
    `events: ${plan.events.length - past} (${tally.count('created', 'events')} new), registrations: ${tally.count('created', 'registrations')} new; ` +
      `past events recorded after they took place: ${past} (${tally.count('created', 'past events')} new)`,
  );
  return { eventIds, records };
}

/**
 * Who came to a past event (recorded after it took place), by registry person id: only the people not recorded
 * yet are sent (sending them again would change nothing but the event's version).
 */
async function recordPastAttendance(api, e, event, ids, tally) {
  const recorded = new Set((await api.events.all(`/v1/events/${event.id}/attendance`)).map((a) => a.personId));
  const personIds = e.attendees.map((email) => ids.person.get(email));
  const missing = personIds.filter((id) => !recorded.has(id));
  tally.found('past-event attendees', personIds.length - missing.length);
  if (!missing.length) return event;
  const { body } = await api.events.post(`/v1/events/${event.id}/attendance`, { personIds: missing }, { ifMatch: event.version });
  tally.created('past-event attendees', body.added);
  return { ...event, version: body.version };
}

/** Attendance, completion, questionnaire answers, business cards and follow-ups of the event just held. */
export async function finishJustHeld(api, plan, ids, { eventIds }, tally, log) {
  const e = plan.events.find((x) => x.justHeld);
  const id = eventIds.get(e.key);
  let event = await api.events.get(`/v1/events/${id}`);
  const startsAt = Date.parse(event.startsAt);
  if (['published', 'changed'].includes(event.status) && Date.now() < startsAt + 1000) {
    const wait = startsAt + 1000 - Date.now();
    log(`waiting ${Math.ceil(wait / 1000)} s for 「${e.body.title.ja}」 to start (registrations are only taken before an event starts)…`);
    await sleep(wait);
  }
  const registrations = await api.events.all(`/v1/events/${id}/registrations`);
  const key = (r) => r.registrant.personId ?? r.registrant.email.toLowerCase();
  const planned = e.registrations.map((reg) => (reg.email ? ids.person.get(reg.email) : reg.guest.email.toLowerCase()));
  const byKey = new Map(registrations.map((r) => [key(r), r]));
  const ordered = planned.map((k) => byKey.get(k)).filter(Boolean);
  const noShows = new Set(ordered.slice(-e.afterwards.noShows).map((r) => r.id));
  if (['published', 'changed'].includes(event.status)) {
    for (const r of ordered.filter((x) => x.status === 'confirmed')) {
      await api.events.post(`/v1/registrations/${r.id}/attendance`, { attended: !noShows.has(r.id) });
      tally.created('attendance records');
    }
    event = await api.events.get(`/v1/events/${id}`);
    await api.events.post(`/v1/events/${id}/complete`, undefined, { ifMatch: event.version });
    tally.created('completions');
  } else {
    tally.found('attendance records', ordered.filter((r) => ['attended', 'no_show'].includes(r.status)).length);
  }
  const attended = ordered.filter((r) => !noShows.has(r.id));

  const answers = await api.events.all(`/v1/events/${id}/questionnaire`);
  const answered = new Set(answers.map((a) => a.registrationId));
  for (const [i, r] of attended.slice(0, e.afterwards.questionnaires).entries()) {
    if (answered.has(r.id)) {
      tally.found('questionnaire answers');
      continue;
    }
    await api.events.put(`/v1/registrations/${r.id}/questionnaire`, {
      satisfaction: [5, 4, 4, 5, 3][i % 5],
      comments: QUESTIONNAIRE_COMMENTS[i % QUESTIONNAIRE_COMMENTS.length],
      wouldJoinAgain: i % 7 !== 3,
    });
    tally.created('questionnaire answers');
  }

  const connections = await api.events.all(`/v1/events/${id}/connections`);
  const pair = (a, b) => [a, b].sort().join('|');
  const met = new Set(connections.map((c) => pair(...c.registrationIds)));
  for (let i = 0; i < e.afterwards.connections && 2 * i + 1 < attended.length; i++) {
    const [a, b] = [attended[i], attended[attended.length - 1 - i]];
    if (met.has(pair(a.id, b.id))) {
      tally.found('business-card exchanges');
      continue;
    }
    await api.events.post(`/v1/events/${id}/connections`, { registrationIds: [a.id, b.id], kind: 'business_cards' });
    tally.created('business-card exchanges');
  }

  const followUps = await api.events.all(`/v1/events/${id}/follow-ups`);
  const notes = new Set(followUps.map((f) => f.note));
  const owner = ids.person.get(plan.staff.find((s) => s.roles.includes('coordinator')).email);
  const planned_ = [
    {
      kind: 'meeting',
      note: '試作品の評価方法について、入居企業と工業試験場で打合せ',
      registrationIds: [attended[0]?.id, attended[1]?.id],
    },
    { kind: 'site_visit', note: '介護施設での試用について現場見学を調整', registrationIds: [attended[2]?.id] },
    { kind: 'joint_research', note: '見守りセンサーの共同研究の可能性を検討', registrationIds: [attended[3]?.id, attended[4]?.id] },
  ];
  for (const f of planned_) {
    if (notes.has(f.note)) {
      tally.found('follow-ups');
      continue;
    }
    await api.events.post(`/v1/events/${id}/follow-ups`, { ...f, registrationIds: f.registrationIds.filter(Boolean), ownerId: owner });
    tally.created('follow-ups');
  }
  log(`「${e.body.title.ja}」: held, ${attended.length} attended, ${noShows.size} did not come`);
}
