import { PersonUpdatedV1, ProposalSubmittedV1 } from '@collabo/contracts';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { eventBody, guest, registryPerson, type Harness } from './harness.js';
import { proposalSubmitted, publishEvent } from './messages.js';

export interface ScenarioRegistration {
  id: string;
  eventId: string;
  status: string;
  name: string;
  email: string;
  checkInToken: string;
  manageToken: string;
}

/**
 * A small, realistic world in one service: a completed event (check-ins, a no-show, a questionnaire
 * answered through the registrant's own link, a connection, a follow-up, a proposal that came out of
 * it), a first-come event with a waiting list and an open seat offer and a seating plan, a lottery
 * taking applications, and a draft. Every personal detail and token it used is listed in `secrets`.
 */
export interface Scenario {
  completedEventId: string;
  firstComeEventId: string;
  lotteryEventId: string;
  draftEventId: string;
  /** A past event recorded after it took place (historical), with the lottery applicant recorded as its attendee. */
  historicalEventId: string;
  registrations: ScenarioRegistration[];
  /** A registration of the completed event that attended, and one that did not come. */
  attendee: ScenarioRegistration;
  noShow: ScenarioRegistration;
  /** The first-come registration holding the open offer, and one cancelled by staff. */
  offered: ScenarioRegistration;
  cancelled: ScenarioRegistration;
  offerId: string;
  /** A seat offer accepted already, and whose registrant it was. */
  acceptedOfferId: string;
  accepter: ScenarioRegistration;
  followUpId: string;
  /** Every id a route of this service takes, of records that exist. */
  ids: string[];
  secrets: { tokens: string[]; emails: string[]; names: string[] };
}

const NAMES = ['北野 昆布子', '札幌 時計台', '小樽 運河男', '函館 夜景美', '旭山 白熊', '釧路 湿原子', '稚内 宗谷人', '帯広 豚丼郎'];

async function ok<T>(what: string, res: request.Response, status = 201): Promise<T> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export async function buildScenario(h: Harness): Promise<Scenario> {
  const api = await h.as('coordinator');
  const http = () => request(h.svc.http);
  const registrations: ScenarioRegistration[] = [];
  const secrets: Scenario['secrets'] = { tokens: [], emails: [], names: [] };
  let named = 0;
  const register = async (eventId: string, body: Record<string, unknown>, name: string, email: string) => {
    const r = await ok<ScenarioRegistration>(`register ${name}`, await api.post(`/v1/events/${eventId}/registrations`).send(body));
    const reg = { id: r.id, eventId, status: r.status, name, email, checkInToken: r.checkInToken, manageToken: r.manageToken };
    registrations.push(reg);
    secrets.tokens.push(reg.checkInToken, reg.manageToken);
    secrets.names.push(name);
    secrets.emails.push(email);
    return reg;
  };
  const registerGuest = async (eventId: string, extra: Record<string, unknown> = {}) => {
    const name = NAMES[named++ % NAMES.length]! + (named > NAMES.length ? ` ${named}` : '');
    const g = guest({ name, organizationName: `株式会社 ${name.split(' ')[0]}`, sector: 'industry', ...extra });
    return register(eventId, { guest: g }, name, g['email'] as string);
  };
  const publish = async (overrides: Record<string, unknown>) => {
    const created = await ok<{ id: string }>('create event', await api.post('/v1/events').send(eventBody(h, overrides)));
    const etag = (await api.get(`/v1/events/${created.id}`)).headers['etag'] as string;
    const published = await api.post(`/v1/events/${created.id}/publish`).set('if-match', etag);
    await ok('publish', published, 200);
    return { id: created.id, etag: published.headers['etag'] as string };
  };

  // A completed event: four came (one by the registry), one did not.
  const uni = h.registry.organization('university', { name: '国立大学法人 帯広畜産大学' });
  const researcher = registryPerson(h, '十勝', '研究者', { organization: uni, fields: ['food'], consentToList: true });
  secrets.names.push(researcher.displayName, researcher.familyName + researcher.givenName);
  const completed = await publish({ capacity: 6, startsAt: '2026-10-02T10:00', endsAt: '2026-10-02T12:00' });
  const attendee = await register(completed.id, { personId: researcher.id }, researcher.displayName, researcher.email);
  const others = [await registerGuest(completed.id), await registerGuest(completed.id), await registerGuest(completed.id)];
  const noShow = others[2]!;
  h.clock.set('2026-10-02T01:30:00Z'); // 10:30 in Tokyo: the event is on
  for (const r of [attendee, others[0]!, others[1]!]) {
    await ok('check in', await api.post(`/v1/events/${completed.id}/check-ins`).send({ token: r.checkInToken }), 200);
    r.status = 'attended';
  }
  const etag = (await api.get(`/v1/events/${completed.id}`)).headers['etag'] as string;
  await ok('complete', await api.post(`/v1/events/${completed.id}/complete`).set('if-match', etag), 200);
  noShow.status = 'no_show';
  await ok(
    'questionnaire',
    await http()
      .put(`/v1/public/registrations/${attendee.id}/questionnaire?token=${attendee.manageToken}`)
      .send({ satisfaction: 5, comments: '異分野の方と話せました', wouldJoinAgain: true }),
    200,
  );
  await ok('connection', await api.post(`/v1/events/${completed.id}/connections`).send({ registrationIds: [attendee.id, others[0]!.id] }));
  const followUp = await ok<{ id: string }>(
    'follow-up',
    await api
      .post(`/v1/events/${completed.id}/follow-ups`)
      .send({ kind: 'site_visit', note: '研究室訪問', registrationIds: [attendee.id, others[0]!.id], dueOn: '2026-11-15' }),
  );
  const proposal = await publishEvent(
    h.nc,
    h.prefix,
    ProposalSubmittedV1,
    proposalSubmitted({
      referenceNumber: 'P2026-0007',
      title: '十勝の乳製品の新素材',
      proposingOrganizationId: uni.id,
      contactPersonId: researcher.id,
      focusFields: ['food'],
      broughtInOn: '2026-10-20',
      originEventId: completed.id,
    }),
    uuidv7(),
  );
  await h.svc.waitForProcessed((n) => n.messageId === proposal.id);

  // A first-come event: three seats taken, two waiting. Two cancellations offer seats to those waiting:
  // the first offer is accepted through the registrant's own link, the second stays open.
  const firstCome = await publish({ capacity: 3, title: { ja: '観光と食の交流会' } });
  const seated = [await registerGuest(firstCome.id), await registerGuest(firstCome.id), await registerGuest(firstCome.id)];
  const accepter = await registerGuest(firstCome.id);
  const offered = await registerGuest(firstCome.id);
  const offerOf = async (r: ScenarioRegistration) =>
    (await ok<{ offer: { id: string } }>('own view', await http().get(`/v1/public/registrations/${r.id}?token=${r.manageToken}`), 200))
      .offer.id;
  const cancelled = seated[0]!;
  await ok('cancel', await api.post(`/v1/registrations/${cancelled.id}/cancel`), 200);
  cancelled.status = 'cancelled';
  const acceptedOfferId = await offerOf(accepter);
  await ok('accept', await http().post(`/v1/public/seat-offers/${acceptedOfferId}/accept?token=${accepter.manageToken}`), 200);
  accepter.status = 'confirmed';
  await ok('cancel', await api.post(`/v1/registrations/${seated[1]!.id}/cancel`), 200);
  seated[1]!.status = 'cancelled';
  const offerId = await offerOf(offered);
  offered.status = 'offered';
  await ok('seating', await api.post(`/v1/events/${firstCome.id}/seating`).send({ tableSize: 2 }));

  // A lottery taking applications (one from the registry, whose details then change), and a draft.
  const lottery = await publish({ admission: 'lottery', capacity: 2, registrationClosesAt: '2026-11-20T12:00' });
  const applicant = registryPerson(h, '留萌', '応募者');
  const applied = await register(lottery.id, { personId: applicant.id }, applicant.displayName, applicant.email);
  await registerGuest(lottery.id);
  const renamed = { ...applicant, familyName: '増毛', displayName: '増毛 応募者', email: 'mashike.applicant@example.jp', version: 2 };
  const updated = await publishEvent(
    h.nc,
    h.prefix,
    PersonUpdatedV1,
    { person: renamed, changedFields: ['familyName', 'email'] },
    applicant.id,
  );
  await h.svc.waitForProcessed((n) => n.messageId === updated.id);
  applied.name = renamed.displayName;
  applied.email = renamed.email;
  secrets.names.push(renamed.displayName);
  secrets.emails.push(renamed.email);
  const draft = await ok<{ id: string }>('draft', await api.post('/v1/events').send(eventBody(h, { title: { ja: '下書きの会' } })));

  // A past event, recorded after it took place, and who came (by registry person).
  const past = await ok<{ id: string }>(
    'historical event',
    await api
      .post('/v1/events')
      .send(eventBody(h, { title: { ja: '昨年度の交流会' }, startsAt: '2025-11-20T18:00', endsAt: '2025-11-20T20:30', historical: true })),
  );
  await ok(
    'attendance',
    await api
      .post(`/v1/events/${past.id}/attendance`)
      .set('if-match', '"1"')
      .send({ personIds: [applicant.id] }),
    200,
  );

  return {
    completedEventId: completed.id,
    firstComeEventId: firstCome.id,
    lotteryEventId: lottery.id,
    draftEventId: draft.id,
    historicalEventId: past.id,
    registrations,
    attendee,
    noShow,
    offered,
    cancelled,
    offerId,
    acceptedOfferId,
    accepter,
    followUpId: followUp.id,
    ids: [
      completed.id,
      firstCome.id,
      lottery.id,
      draft.id,
      past.id,
      ...registrations.map((r) => r.id),
      offerId,
      acceptedOfferId,
      followUp.id,
    ],
    secrets,
  };
}
