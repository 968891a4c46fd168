/**
 * The few calls the platform tests make, through the services' public HTTP APIs (as a client would).
 */
import type { ServiceName } from '@collabo/contracts';
import type { Platform } from './platform.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

export interface Answer<T> {
  status: number;
  body: T;
  etag: string | null;
}

export class Api {
  constructor(
    private readonly platform: Platform,
    private readonly token: string,
  ) {}

  async call<T = Record<string, unknown>>(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const res = await fetch(`${this.platform.url(service)}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const parsed = text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as T) : (text as unknown as T);
    return { status: res.status, body: parsed, etag: res.headers.get('etag') };
  }

  async ok<T = Record<string, unknown>>(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer<T>> {
    const answer = await this.call<T>(service, method, path, body, headers);
    if (answer.status >= 300) throw new ApiError(answer.status, answer.body, `${method} ${service}${path}`);
    return answer;
  }

  async organization(name: string, nameKana: string): Promise<string> {
    const { body } = await this.ok<{ id: string }>('registry', 'POST', '/v1/organizations', {
      kind: 'company',
      sector: 'industry',
      name,
      nameKana,
      focusFields: ['food'],
      municipalityCode: '011002',
    });
    return body.id;
  }

  async person(n: number, language: 'ja' | 'en', domain = 'chaos.example'): Promise<{ id: string; email: string }> {
    const email = `person${n}@${domain}`;
    const { body } = await this.ok<{ id: string }>('registry', 'POST', '/v1/people', {
      familyName: language === 'ja' ? '試験' : 'Tester',
      givenName: language === 'ja' ? `花子${n}` : `Alex${n}`,
      familyNameKana: 'シケン',
      givenNameKana: 'ハナコ',
      email,
      preferredLanguage: language,
      consentToList: true,
    });
    return { id: body.id, email };
  }

  async proposal(organizationId: string, contactPersonId: string, coordinatorId: string, title: string): Promise<string> {
    const { body } = await this.ok<{ id: string }>('proposals', 'POST', '/v1/proposals', {
      title: { ja: title },
      summary: { ja: `${title}の概要` },
      proposingOrganizationId: organizationId,
      contactPersonId,
      coordinatorId,
      focusFields: ['food'],
    });
    return body.id;
  }

  /** Moves a proposal with the ETag it has now; answers the status (201, or 409/412 when someone was first). */
  async transition(proposalId: string, to: string, reason: string): Promise<number> {
    const current = await this.ok('proposals', 'GET', `/v1/proposals/${proposalId}`);
    const answer = await this.call(
      'proposals',
      'POST',
      `/v1/proposals/${proposalId}/transitions`,
      { to, reason },
      { 'if-match': current.etag ?? '' },
    );
    return answer.status;
  }

  /** The whole history of a proposal (every page). */
  async history(proposalId: string): Promise<{ id: string; to: { code: string } }[]> {
    const out: { id: string; to: { code: string } }[] = [];
    for (let offset = 0; ; offset += 100) {
      const { body } = await this.ok<{ items: { id: string; to: { code: string } }[]; total: number }>(
        'proposals',
        'GET',
        `/v1/proposals/${proposalId}/transitions?limit=100&offset=${offset}`,
      );
      out.push(...body.items);
      if (offset + 100 >= body.total) return out;
    }
  }

  /** A published first-come event `daysAhead` days from now (Tokyo calendar), registration open now. */
  async publishedEvent(organizerId: string, capacity: number, title: string, daysAhead: number): Promise<string> {
    const tomorrow = new Date(Date.now() + daysAhead * 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
    const { body } = await this.ok<{ id: string }>('events', 'POST', '/v1/events', {
      kind: 'exchange_meeting',
      title: { ja: title },
      organizerId,
      venue: { kind: 'centre', name: 'コラボほっかいどう 交流スペース', capacity: capacity + 10 },
      startsAt: `${tomorrow}T18:00`,
      endsAt: `${tomorrow}T20:30`,
      capacity,
      admission: 'first_come',
      feeYen: 0,
      partyFeeYen: 3000,
      language: 'ja',
    });
    const event = await this.ok('events', 'GET', `/v1/events/${body.id}`);
    await this.ok('events', 'POST', `/v1/events/${body.id}/publish`, {}, { 'if-match': event.etag ?? '' });
    return body.id;
  }

  async registerGuest(
    eventId: string,
    n: number,
    language: 'ja' | 'en' = 'ja',
    domain = 'chaos.example',
  ): Promise<Answer<{ id: string; status: string }>> {
    return this.call('events', 'POST', `/v1/events/${eventId}/registrations`, {
      guest: { name: `ゲスト ${n}`, email: `guest${n}@${domain}`, language, organizationName: `組織${n % 7}` },
    });
  }
}
