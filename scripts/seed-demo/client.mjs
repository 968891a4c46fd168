// A small HTTP client for the four services: a bearer token from the registry (renewed before it runs out),
// JSON in and out, problem+json errors as exceptions, patience with 429 (Retry-After) and 503, and a count of
// every write per service so that the summary can show that a second run wrote nothing.

export class ApiError extends Error {
  constructor(method, url, status, body) {
    const detail = body && typeof body === 'object' ? `${body.code ?? body.title ?? ''} ${body.detail ?? ''}`.trim() : String(body ?? '');
    const errors = body?.errors?.length ? ` ${JSON.stringify(body.errors.slice(0, 5))}` : '';
    super(`${method} ${url} -> ${status} ${detail}${errors}`);
    this.status = status;
    this.body = body;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createClient({ urls, email, password, log = () => undefined }) {
  let token = null;
  let tokenExpiresAt = 0;
  const writes = Object.fromEntries(Object.keys(urls).map((k) => [k, 0]));
  const reads = Object.fromEntries(Object.keys(urls).map((k) => [k, 0]));
  let throttled = 0;
  let lastSlowDownLog = 0;

  async function login() {
    const res = await fetch(`${urls.registry}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError('POST', `${urls.registry}/v1/auth/token`, res.status, body);
    token = body.accessToken;
    // renew at 80% of the lifetime
    tokenExpiresAt = Date.now() + body.expiresIn * 800;
    return body;
  }

  /**
   * One request. `service` is registry | proposals | events | notifications; `path` starts with `/`.
   * Options: body (JSON, or a string with `contentType`), ifMatch (a version number or an ETag), query,
   * allow (statuses answered instead of thrown, e.g. [404, 409]). Answers `{ status, body, etag }`.
   */
  async function request(service, method, path, { body, ifMatch, query, allow = [], contentType } = {}) {
    const base = urls[service];
    const qs = query
      ? `?${new URLSearchParams(
          Object.entries(query)
            .filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => [k, String(v)]),
        )}`
      : '';
    const url = `${base}${path}${qs}`;
    for (let attempt = 1; ; attempt++) {
      if (!token || Date.now() > tokenExpiresAt) await login();
      const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
      let payload;
      if (body !== undefined) {
        headers['content-type'] = contentType ?? 'application/json';
        payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      }
      if (ifMatch !== undefined) headers['if-match'] = typeof ifMatch === 'number' ? `"${ifMatch}"` : ifMatch;
      let res;
      try {
        res = await fetch(url, { method, headers, body: payload });
      } catch (err) {
        if (attempt >= 5)
          throw new Error(`${method} ${url}: ${err.cause?.code ?? err.message} (is the platform running? npm start)`, { cause: err });
        await sleep(500 * attempt);
        continue;
      }
      const text = await res.text();
      let parsed = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      if (res.status === 429 || (res.status === 503 && attempt < 8)) {
        const wait = Math.max(1, Number(res.headers.get('retry-after') ?? 1)) * 1000;
        if (res.status === 429 && Date.now() - lastSlowDownLog > 10_000) {
          lastSlowDownLog = Date.now();
          log(`  (${service} limits writes per minute: waiting ${Math.round(wait / 1000)} s as it asks)`);
        }
        if (res.status === 429) throttled++;
        await sleep(wait);
        continue;
      }
      if (res.status === 401 && attempt < 3) {
        token = null;
        continue;
      }
      // a write that reached the service counts, whatever its answer
      if (WRITES.has(method)) writes[service]++;
      else reads[service]++;
      if (!res.ok && !allow.includes(res.status)) throw new ApiError(method, url, res.status, parsed);
      return { status: res.status, body: parsed, etag: res.headers.get('etag') };
    }
  }

  const on = (service) => ({
    get: (path, opts) => request(service, 'GET', path, opts).then((r) => r.body),
    getFull: (path, opts) => request(service, 'GET', path, opts),
    post: (path, body, opts = {}) => request(service, 'POST', path, { ...opts, body }),
    put: (path, body, opts = {}) => request(service, 'PUT', path, { ...opts, body }),
    patch: (path, body, opts = {}) => request(service, 'PATCH', path, { ...opts, body }),
    /** Every item of a paged list (`limit`/`offset` with `total`), 100 at a time. */
    async all(path, query = {}) {
      const items = [];
      for (let offset = 0; ; offset += 100) {
        const res = await request(service, 'GET', path, { query: { ...query, limit: 100, offset }, allow: [400] });
        if (res.status === 400) {
          // a list that is not paged (yet): everything at once
          if (!res.body?.errors?.some((e) => e.field === 'limit')) throw new ApiError('GET', path, 400, res.body);
          const whole = await request(service, 'GET', path, { query }).then((r) => r.body);
          return Array.isArray(whole) ? whole : whole.items;
        }
        const page = res.body;
        items.push(...page.items);
        if (page.items.length < 100 || (page.total !== undefined && items.length >= page.total)) return items;
      }
    },
  });

  return {
    login,
    request,
    registry: on('registry'),
    proposals: on('proposals'),
    events: on('events'),
    notifications: on('notifications'),
    stats: () => ({ writes: { ...writes }, reads: { ...reads }, throttled }),
  };
}

/** Runs `fn` over `items` with at most `limit` at once; answers the results in order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
