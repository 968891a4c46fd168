#!/usr/bin/env node
// The console's built files (dist/) behind a small same-origin proxy: /api/<service>/… goes to that service
// (the prefix stripped), anything else is a file of dist/ or, for the application's own routes, index.html.
// `npm start` runs it; the browser tests too. In Kubernetes the ingress does the same routing.
//
//   node scripts/serve.mjs   CONSOLE_PORT (default 3000), REGISTRY_URL … NOTIFICATIONS_URL (default 127.0.0.1:3001…3004)
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
};

/** Forwards one request to a service, streaming both ways; a service that does not answer is a 502 problem. */
function proxy(req, res, target, path) {
  const url = new URL(path, target);
  const headers = { ...req.headers, host: url.host };
  const upstream = httpRequest(url, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/problem+json' });
    res.end(
      JSON.stringify({ type: 'urn:collabo:problem:http.502', title: 'Bad Gateway', status: 502, detail: `${target} did not answer` }),
    );
  });
  req.pipe(upstream);
}

function sendFile(res, file, cache) {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': cache ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

/** Starts the server; resolves with its address and a stop function. */
export function startConsoleServer({ port = 3000, host = '127.0.0.1', targets }) {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const api = /^\/api\/([a-z]+)(\/.*)?$/.exec(path);
    if (api) {
      const target = targets[api[1]];
      if (!target) {
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        return res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no service ${api[1]}` }));
      }
      return proxy(req, res, target, (req.url ?? '/').slice(`/api/${api[1]}`.length) || '/');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405);
      return res.end();
    }
    let decoded;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    const file = normalize(join(dist, decoded));
    if (file.startsWith(dist + '/') && existsSync(file) && statSync(file).isFile())
      return sendFile(res, file, decoded.startsWith('/assets/'));
    if (decoded.startsWith('/assets/')) {
      res.writeHead(404);
      return res.end();
    }
    return sendFile(res, join(dist, 'index.html'), false);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}`,
        stop: () => new Promise((done) => server.close(() => done())),
        server,
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!existsSync(join(dist, 'index.html'))) {
    process.stderr.write('apps/console has no dist/index.html: npm run build -w @collabo/console\n');
    process.exit(1);
  }
  const env = process.env;
  const { url } = await startConsoleServer({
    port: Number(env.CONSOLE_PORT ?? 3000),
    targets: {
      registry: env.REGISTRY_URL ?? 'http://127.0.0.1:3001',
      proposals: env.PROPOSALS_URL ?? 'http://127.0.0.1:3002',
      events: env.EVENTS_URL ?? 'http://127.0.0.1:3003',
      notifications: env.NOTIFICATIONS_URL ?? 'http://127.0.0.1:3004',
    },
  });
  process.stdout.write(`console: ${url}\n`);
}
