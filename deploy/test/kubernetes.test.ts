/**
 * Every kustomize overlay renders (`kubectl kustomize`, offline) and every object in it is valid:
 * against the Kubernetes schemas of kubernetes-models (types, formats, enums, required fields), with
 * strict field validation (no unknown field: StructuralSchema), and against what Collabo needs of it
 * (probes, security, graceful shutdown, network reach, migrations, NATS and Postgres wiring).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AUTH_CONF, passwordVariables, usersOf } from './support/nats-server.js';
import { DEPLOY_DIR, SERVICE_PORTS, SERVICES, UPSTREAM, type Service } from './support/paths.js';
import { named, OVERLAYS, render, selects, type K8sObject } from './support/render.js';
import { StructuralSchema } from './support/structural-schema.js';

const schema = StructuralSchema.load();
const CREATE_SECRETS = readFileSync(path.join(DEPLOY_DIR, 'scripts', 'create-secrets.sh'), 'utf8');
/** Secrets that the operators make, not us. */
const OPERATOR_SECRETS = new Set(['collabo-pg-ca']);
const STAGES = new Set(['platform', 'migrate', 'rollout']);
/** MANAGEMENT_PORT of every service (deploy/base/common/config.properties): metrics and API documents. */
const MANAGEMENT_PORT = 9464;

/** A pod that sends traffic: its namespace and labels. */
interface Peer {
  namespace: string;
  labels: Record<string, string>;
}

/**
 * Whether a NetworkPolicy lets `from` in on `port` of `container` (the policy's own namespace is that of
 * the pods it selects). Conservative: a namespaceSelector that does not pin `kubernetes.io/metadata.name`
 * counts as any namespace, a rule without ports as every port, a rule without `from` as everyone.
 */
function admits(policy: K8sObject, container: Any, port: number, from: Peer): boolean {
  const policyNamespace = policy.metadata.namespace as string | undefined;
  const portName = container.ports.find((p: Any) => p.containerPort === port)?.name;
  return (policy.spec.ingress ?? []).some((rule: Any) => {
    const onPort = !rule.ports?.length || rule.ports.some((p: Any) => p.port === port || (portName && p.port === portName));
    if (!onPort) return false;
    if (!rule.from?.length) return true;
    return rule.from.some((peer: Any) => {
      if (peer.ipBlock) return true;
      const inNamespace = peer.namespaceSelector
        ? peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] === undefined ||
          selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': from.namespace })
        : from.namespace === policyNamespace;
      return inNamespace && (!peer.podSelector || selects(peer.podSelector, from.labels));
    });
  });
}

type Any = any;

/** kubernetes-models' validator for a kind (ajv, generated from the OpenAPI schema), or null for CRDs it does not model. */
async function modelValidator(object: K8sObject): Promise<((o: K8sObject) => void) | null> {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  let specifier: string;
  if (group === 'postgresql.cnpg.io') return null;
  if (group === 'monitoring.coreos.com')
    specifier = `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${object.kind}`;
  else specifier = `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  const mod = (await import(specifier)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = mod[object.kind];
  if (!Model) throw new Error(`${specifier} has no ${object.kind}`);
  return (o) => new Model(o).validate();
}

function podSpecOf(object: K8sObject): Any {
  return object.spec?.template?.spec;
}

function envOf(container: Any): Map<string, Any> {
  return new Map((container.env ?? []).map((e: Any) => [e.name, e]));
}

function configMapData(objects: K8sObject[], container: Any): Record<string, string> {
  const data: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(data, named(objects, 'ConfigMap', source.configMapRef.name).data);
  }
  return data;
}

/** The Secrets an object names (env, envFrom, volumes, CloudNativePG references). */
function secretsNamedBy(object: K8sObject): string[] {
  const names: string[] = [];
  const visit = (node: Any, parentKey = ''): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, parentKey));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (
        ['secretKeyRef', 'secretRef', 'passwordSecret', 'accessKeyId', 'secretAccessKey', 'region', 'sessionToken'].includes(key) &&
        (value as Any)?.name
      )
        names.push((value as Any).name);
      else if (key === 'secret' && parentKey === 'initdb' && (value as Any)?.name) names.push((value as Any).name);
      else if (key === 'secret' && (value as Any)?.secretName) names.push((value as Any).secretName);
      visit(value, key);
    }
  };
  visit(object.spec);
  return names;
}

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  let objects: K8sObject[];
  let namespace: string;

  beforeAll(() => {
    objects = render(overlay);
    namespace = objects.find((o) => o.kind === 'Namespace')!.metadata.name;
  });

  const kindsOf = (kind: string) => objects.filter((o) => o.kind === kind);

  it('renders with kubectl kustomize, every object a kind with a schema here', () => {
    expect(objects.length).toBeGreaterThan(40);
    for (const o of objects) expect(schema.knownKinds).toContain(`${o.apiVersion}/${o.kind}`);
  });

  it('every object passes the Kubernetes schema of its kind (kubernetes-models)', async () => {
    const problems: string[] = [];
    for (const o of objects) {
      const validate = await modelValidator(o);
      if (!validate) continue;
      try {
        validate(o);
      } catch (err) {
        problems.push(`${o.kind}/${o.metadata.name}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no object has an unknown field, a value of the wrong type or a missing required field (strict)', () => {
    const problems = objects.flatMap((o) => schema.check(o).map((p) => `${o.kind}/${o.metadata.name}${p}`));
    expect(problems).toEqual([]);
  });

  it('both checks do refuse an unknown field, a wrong type and a missing field', async () => {
    const broken = structuredClone(named(objects, 'Deployment', 'registry')) as Any;
    broken.spec.replicas = 'two';
    await expect((async () => (await modelValidator(broken))!(broken))()).rejects.toThrow(/replicas/);
    const deployment = structuredClone(named(objects, 'Deployment', 'registry')) as Any;
    deployment.spec.template.spec.containers[0].readinesProbe = deployment.spec.template.spec.containers[0].readinessProbe;
    deployment.spec.replicas = '2';
    delete deployment.spec.selector;
    expect(schema.check(deployment)).toEqual(
      expect.arrayContaining([
        '.spec.template.spec.containers[0].readinesProbe: unknown field',
        '.spec.replicas: "2" is not number',
        '.spec.selector: required field missing',
      ]),
    );
    const cluster = structuredClone(named(objects, 'Cluster', 'collabo-pg')) as Any;
    cluster.spec.storage.sise = '1Gi';
    cluster.spec.primaryUpdateStrategy = 'sometimes';
    expect(schema.check(cluster)).toEqual(
      expect.arrayContaining([
        '.spec.storage.sise: unknown field',
        expect.stringContaining('.spec.primaryUpdateStrategy: "sometimes" is not'),
      ]),
    );
  });

  it('puts everything in its namespace, with a stage label for the install order', () => {
    for (const o of objects) {
      if (o.kind !== 'Namespace') expect([o.kind, o.metadata.namespace]).toEqual([o.kind, namespace]);
      expect([o.kind, o.metadata.name, STAGES.has(o.metadata.labels?.['collabo/stage'] ?? '')]).toEqual([o.kind, o.metadata.name, true]);
    }
    expect(named(objects, 'Namespace', namespace).metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('every pod runs non-root under the restricted profile, with a read-only root filesystem', () => {
    for (const o of objects.filter((x) => podSpecOf(x))) {
      const pod = podSpecOf(o);
      expect([o.metadata.name, pod.securityContext?.runAsNonRoot, pod.securityContext?.seccompProfile?.type]).toEqual([
        o.metadata.name,
        true,
        'RuntimeDefault',
      ]);
      // PgBouncer's pods (the Pooler's template) run the operator's instance manager, which reads its configuration
      // from the Kubernetes API: they keep their token. Everything of ours runs without one.
      if (o.kind !== 'Pooler') expect([o.metadata.name, pod.automountServiceAccountToken]).toEqual([o.metadata.name, false]);
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        expect([o.metadata.name, c.securityContext]).toEqual([
          o.metadata.name,
          expect.objectContaining({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }),
        ]);
        expect(c.resources?.requests?.memory).toBeDefined();
        expect(c.resources?.limits?.memory).toBeDefined();
      }
    }
  });

  it('names only Secrets that scripts/create-secrets.sh makes (or the operator does)', () => {
    const named = new Set(objects.flatMap(secretsNamedBy));
    expect(named.size).toBeGreaterThan(10);
    for (const name of named) {
      const made =
        OPERATOR_SECRETS.has(name) ||
        CREATE_SECRETS.includes(name) ||
        CREATE_SECRETS.includes(name.replace(/^collabo-(registry|proposals|events|notifications)-/, 'collabo-$service-'));
      expect([name, made]).toEqual([name, true]);
    }
  });

  describe.each(SERVICES)('%s', (service: Service) => {
    const port = SERVICE_PORTS[service];
    let deployment: K8sObject;
    let container: Any;
    let env: Map<string, Any>;

    beforeAll(() => {
      deployment = named(objects, 'Deployment', service);
      container = podSpecOf(deployment).containers[0];
      env = envOf(container);
    });

    it('Deployment: probes on /health/ready and /health/live, the port, the image, no migrations at start', () => {
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.ports).toEqual([
        { name: 'http', containerPort: port, protocol: 'TCP' },
        { name: 'management', containerPort: MANAGEMENT_PORT, protocol: 'TCP' },
      ]);
      expect(container.image).toMatch(new RegExp(`(^|/)collabo/${service}:[\\w.-]+$`));
      const config = configMapData(objects, container);
      expect(config['PORT']).toBe(String(port));
      expect(config['MIGRATIONS_RUN']).toBe('false');
      expect(config['NODE_ENV']).toBe('production');
      expect(config['NATS_URL']).toBe('nats://collabo-nats:4222');
      expect(config['AUTH_JWKS_URL']).toBe(`http://registry:${SERVICE_PORTS.registry}/.well-known/jwks.json`);
      // Metrics and API documents on the management port only; the client address is the one the ingress forwards.
      expect(config['MANAGEMENT_PORT']).toBe(String(MANAGEMENT_PORT));
      expect(config['TRUST_PROXY']).toBe('1');
    });

    it('Deployment: graceful termination longer than the preStop pause plus the drain', () => {
      const pod = podSpecOf(deployment);
      const drainSeconds = Number(configMapData(objects, container)['SHUTDOWN_GRACE_MS']) / 1000;
      const preStop = container.lifecycle.preStop.exec.command as string[];
      expect(preStop[0]).toBe('sleep');
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(preStop[1]) + drainSeconds);
      expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      expect(deployment.spec.replicas).toBeUndefined(); // the autoscaler owns it
    });

    it('Deployment: writable /tmp only, the Postgres CA mounted, TLS verified to PgBouncer and Postgres', () => {
      const pod = podSpecOf(deployment);
      const tmp = container.volumeMounts.find((m: Any) => m.mountPath === '/tmp');
      expect(pod.volumes.find((v: Any) => v.name === tmp.name).emptyDir).toBeDefined();
      const ca = pod.volumes.find((v: Any) => v.name === 'postgres-ca');
      expect(ca.secret).toEqual({ secretName: 'collabo-pg-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] });
      const names = [...env.keys()];
      expect(names.indexOf('DATABASE_PASSWORD')).toBeLessThan(names.indexOf('DATABASE_URL')); // $(VAR) needs it defined before
      const tls = 'sslmode=verify-full&sslrootcert=/etc/collabo/postgres-ca/ca.crt';
      // The pool through PgBouncer; the relay's session (leader lock, LISTEN) straight to the primary.
      expect(env.get('DATABASE_URL').value).toBe(
        `postgres://collabo_${service}:$(DATABASE_PASSWORD)@collabo-pg-pooler-rw:5432/collabo_${service}?${tls}`,
      );
      expect(env.get('DATABASE_SESSION_URL').value).toBe(
        `postgres://collabo_${service}:$(DATABASE_PASSWORD)@collabo-pg-rw:5432/collabo_${service}?${tls}`,
      );
      expect(names.indexOf('DATABASE_PASSWORD')).toBeLessThan(names.indexOf('DATABASE_SESSION_URL'));
      // verify-full: the name the pods connect to is in the server certificate PgBouncer presents.
      expect(named(objects, 'Cluster', 'collabo-pg').spec.certificates.serverAltDNSNames).toContain('collabo-pg-pooler-rw');
      expect(env.get('DATABASE_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: `collabo-${service}-db`, key: 'password' });
    });

    it('Deployment: its own NATS user, as defined in deploy/nats/auth.conf', () => {
      expect(env.get('NATS_USER').value).toBe(service);
      expect(usersOf()).toContain(service);
      expect(env.get('NATS_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: `collabo-${service}-nats`, key: 'password' });
      // The NATS servers get the same Secret for this user's password.
      const nats = named(objects, 'StatefulSet', 'collabo-nats');
      const natsEnv = envOf(podSpecOf(nats).containers[0]);
      expect(natsEnv.get(`NATS_PASSWORD_${service.toUpperCase()}`).valueFrom.secretKeyRef).toEqual({
        name: `collabo-${service}-nats`,
        key: 'password',
      });
    });

    it('Service, autoscaler and disruption budget point at the pods', () => {
      const labels = deployment.spec.template.metadata.labels;
      const svc = named(objects, 'Service', service);
      expect(selects({ matchLabels: svc.spec.selector }, labels)).toBe(true);
      expect(svc.spec.ports).toEqual([
        { name: 'http', port, targetPort: 'http', protocol: 'TCP' },
        { name: 'management', port: MANAGEMENT_PORT, targetPort: 'management', protocol: 'TCP' },
      ]);
      const hpa = named(objects, 'HorizontalPodAutoscaler', service);
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: service });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(1);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      const pdb = named(objects, 'PodDisruptionBudget', service);
      expect(selects(pdb.spec.selector, labels)).toBe(true);
      expect(selects(deployment.spec.selector, labels)).toBe(true);
    });

    it('ServiceMonitor scrapes /metrics through the Service from the management port, never the API port', () => {
      const monitor = named(objects, 'ServiceMonitor', service);
      const svc = named(objects, 'Service', service);
      expect(selects(monitor.spec.selector, svc.metadata.labels)).toBe(true);
      expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'management', path: '/metrics' })]);
      // The Service port it names leads to the container port the process serves MANAGEMENT_PORT on.
      for (const endpoint of monitor.spec.endpoints) {
        const servicePort = svc.spec.ports.find((p: Any) => p.name === endpoint.port);
        const target = container.ports.find((p: Any) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort);
        expect(target.containerPort).toBe(Number(configMapData(objects, container)['MANAGEMENT_PORT']));
        expect(target.containerPort).not.toBe(port);
      }
    });

    it("migrations: an init container of the same image runs the service's migrate command, with the database password alone", () => {
      const pod = podSpecOf(deployment);
      expect(pod.initContainers.map((c: Any) => c.name)).toEqual(['migrate']);
      const migrate = pod.initContainers[0];
      expect(migrate.image).toBe(container.image);
      expect(migrate.command).toEqual(['node', 'dist/main.js', 'migrate']);
      expect(migrate.envFrom).toEqual(container.envFrom.filter((s: Any) => s.configMapRef));
      // Straight to the primary: the migration lock is a session lock, which PgBouncer in transaction mode cannot hold.
      expect(envOf(migrate).get('DATABASE_URL').value).toBe(env.get('DATABASE_SESSION_URL').value);
      // The one Secret it reads is the database password: no NATS password, no mail or signing secret.
      expect(secretsNamedBy({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'migrate' }, spec: migrate })).toEqual([
        `collabo-${service}-db`,
      ]);
      expect(migrate.envFrom.some((s: Any) => s.secretRef)).toBe(false);
      // The server never migrates; there is no Job to delete before re-applying the overlay.
      expect(configMapData(objects, container)['MIGRATIONS_RUN']).toBe('false');
      expect(objects.filter((o) => o.kind === 'Job')).toEqual([]);
      for (const mount of migrate.volumeMounts) expect(pod.volumes.map((v: Any) => v.name)).toContain(mount.name);
    });

    it('V8 heap: NODE_OPTIONS sets --max-old-space-size to 60-80% of each container memory limit', () => {
      const pod = podSpecOf(deployment);
      const mebibytes = (q: string) => {
        const m = /^(\d+)(Mi|Gi)$/.exec(q)!;
        return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
      };
      for (const c of [...pod.initContainers, ...pod.containers]) {
        const options = envOf(c).get('NODE_OPTIONS')?.value ?? configMapData(objects, c)['NODE_OPTIONS'];
        const heap = Number(/--max-old-space-size=(\d+)/.exec(options ?? '')?.[1]);
        const limit = mebibytes(c.resources.limits.memory);
        expect([c.name, heap / limit]).toEqual([c.name, expect.any(Number)]);
        expect(heap / limit).toBeGreaterThanOrEqual(0.6);
        expect(heap / limit).toBeLessThanOrEqual(0.8);
      }
    });

    it('NetworkPolicy: in on the HTTP port only; out to DNS, NATS, Postgres (+ registry JWKS, + SMTP) only', () => {
      const policy = named(objects, 'NetworkPolicy', service);
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(selects(policy.spec.podSelector, deployment.spec.template.metadata.labels)).toBe(true);
      // In on the API port and the management port only.
      for (const rule of policy.spec.ingress) {
        expect(rule.ports).toHaveLength(1);
        expect([
          { port, protocol: 'TCP' },
          { port: MANAGEMENT_PORT, protocol: 'TCP' },
        ]).toContainEqual(rule.ports[0]);
      }
      const reach = policy.spec.egress.map((rule: Any) => {
        const ports = rule.ports.map((p: Any) => p.port).join(',');
        const to = rule.to?.[0];
        if (!to) return `anywhere:${ports}`;
        if (to.namespaceSelector) return `dns:${ports}`;
        const labels = to.podSelector.matchLabels;
        return `${labels['app.kubernetes.io/name'] ?? labels['cnpg.io/cluster'] ?? labels['cnpg.io/poolerName']}:${ports}`;
      });
      const expected = ['dns:53,53', 'nats:4222', 'collabo-pg:5432', 'collabo-pg-pooler-rw:5432'];
      if (service !== 'registry') expected.push('registry:3001');
      if (service === 'notifications') expected.push('anywhere:25,465,587');
      if (service === 'notifications' && overlay === 'dev') expected.push('maildev:1025');
      expect(reach).toEqual(expected);
      // Where the policy says NATS and Postgres are, they are.
      const natsPods = named(objects, 'StatefulSet', 'collabo-nats').spec.template.metadata.labels;
      expect(selects(policy.spec.egress[1].to[0].podSelector, natsPods)).toBe(true);
      // and those let this service in
      const natsPolicy = named(objects, 'NetworkPolicy', 'collabo-nats');
      expect(
        natsPolicy.spec.ingress.some(
          (r: Any) => r.ports[0].port === 4222 && selects(r.from[0].podSelector, deployment.spec.template.metadata.labels),
        ),
      ).toBe(true);
      const pgPolicy = named(objects, 'NetworkPolicy', 'collabo-pg');
      expect(
        pgPolicy.spec.ingress.some(
          (r: Any) => r.ports[0].port === 5432 && selects(r.from[0].podSelector, deployment.spec.template.metadata.labels),
        ),
      ).toBe(true);
      // and PgBouncer lets it in, and reaches Postgres itself.
      const poolerPolicy = named(objects, 'NetworkPolicy', 'collabo-pg-pooler-rw');
      const poolerPods = { 'cnpg.io/poolerName': 'collabo-pg-pooler-rw' };
      expect(selects(poolerPolicy.spec.podSelector, poolerPods)).toBe(true);
      expect(selects(policy.spec.egress[3].to[0].podSelector, poolerPods)).toBe(true);
      expect(
        poolerPolicy.spec.ingress.some(
          (r: Any) => r.ports[0].port === 5432 && selects(r.from[0].podSelector, deployment.spec.template.metadata.labels),
        ),
      ).toBe(true);
      expect(pgPolicy.spec.ingress.some((r: Any) => r.ports[0].port === 5432 && selects(r.from[0].podSelector, poolerPods))).toBe(true);
    });

    it('NetworkPolicy: the ingress controller reaches only the API port; only the monitoring namespace reaches the management port', () => {
      const policy = named(objects, 'NetworkPolicy', service);
      const managementPort = container.ports.find((p: Any) => p.name === 'management').containerPort as number;
      const openPorts = container.ports.map((p: Any) => p.containerPort as number);
      const reachable = (from: Peer) => openPorts.filter((p: number) => admits(policy, container, p, from));
      expect(reachable({ namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } })).toEqual([port]);
      expect(reachable({ namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } })).toEqual([managementPort]);
      // Not this namespace's other pods, nor any other namespace.
      expect(reachable({ namespace, labels: { 'app.kubernetes.io/name': 'events' } })).toEqual([port]);
      expect(reachable({ namespace: 'somewhere-else', labels: {} })).toEqual([]);
      // The namespace's default denies everything else.
      const deny = named(objects, 'NetworkPolicy', 'default-deny-ingress');
      expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    });

    it('Postgres: its database, owned by its role, whose password is its Secret', () => {
      const cluster = named(objects, 'Cluster', 'collabo-pg');
      const database = named(objects, 'Database', `collabo-${service}`);
      expect(database.spec).toMatchObject({
        name: `collabo_${service}`,
        owner: `collabo_${service}`,
        cluster: { name: 'collabo-pg' },
        ensure: 'present',
      });
      const initdb = cluster.spec.bootstrap.initdb;
      const role = cluster.spec.managed.roles.find((r: Any) => r.name === `collabo_${service}`);
      if (initdb.owner === `collabo_${service}`) {
        expect(initdb).toEqual({ database: `collabo_${service}`, owner: `collabo_${service}`, secret: { name: `collabo-${service}-db` } });
        expect(role).toBeUndefined();
      } else {
        expect(role).toEqual({
          name: `collabo_${service}`,
          ensure: 'present',
          login: true,
          passwordSecret: { name: `collabo-${service}-db` },
        });
      }
    });
  });

  it("notifications checks the consent-withdrawal links it puts in emails against the registry's own address", () => {
    const urlOf = (service: string): string | undefined =>
      configMapData(objects, named(objects, 'Deployment', service).spec.template.spec.containers[0])['CONSENT_WITHDRAWAL_URL'];
    expect(urlOf('registry')).toMatch(/^https?:\/\/\S+\/consent-withdrawal$/);
    expect(urlOf('notifications')).toBe(urlOf('registry'));
  });

  it('the services that call the registry for its JWKS may reach it (registry ingress)', () => {
    const policy = named(objects, 'NetworkPolicy', 'registry');
    for (const service of SERVICES.filter((s) => UPSTREAM[s].length)) {
      const labels = named(objects, 'Deployment', service).spec.template.metadata.labels;
      expect(policy.spec.ingress.some((r: Any) => r.from.some((f: Any) => f.podSelector && selects(f.podSelector, labels)))).toBe(true);
    }
  });

  describe('NATS', () => {
    let statefulSet: K8sObject;
    let config: Record<string, string>;

    beforeAll(() => {
      statefulSet = named(objects, 'StatefulSet', 'collabo-nats');
      const volume = podSpecOf(statefulSet).volumes.find((v: Any) => v.name === 'config');
      config = named(objects, 'ConfigMap', volume.configMap.name).data!;
    });

    it('runs a 3-node JetStream cluster whose routes name every server', () => {
      expect(statefulSet.spec.replicas).toBe(3);
      const routes = [...config['nats.conf']!.matchAll(/nats:\/\/([a-z0-9-]+)\.([a-z0-9-]+):6222/g)];
      expect(routes.map((m) => m[1])).toEqual([0, 1, 2].map((i) => `${statefulSet.metadata.name}-${i}`));
      expect(new Set(routes.map((m) => m[2]))).toEqual(new Set([statefulSet.spec.serviceName]));
      const headless = named(objects, 'Service', statefulSet.spec.serviceName);
      expect(headless.spec.clusterIP).toBe('None');
      expect(headless.spec.publishNotReadyAddresses).toBe(true);
      expect(config['nats.conf']).toMatch(/jetstream\s*{[^}]*store_dir:\s*\/data/);
      expect(config['nats.conf']).toMatch(/server_name:\s*\$POD_NAME/);
    });

    it('loads auth.conf, byte for byte the file the permission test runs (and nats.conf, which containers.test.ts runs through nats-server -t)', () => {
      expect(config['auth.conf']).toBe(readFileSync(AUTH_CONF, 'utf8'));
      expect(config['nats.conf']).toBe(readFileSync(path.join(DEPLOY_DIR, 'nats', 'nats.conf'), 'utf8'));
      expect(config['nats.conf']).toMatch(/^include \.\/auth\.conf$/m);
    });

    it('gives the server every password variable auth.conf reads', () => {
      const env = envOf(podSpecOf(statefulSet).containers[0]);
      for (const variable of passwordVariables())
        expect([variable, env.get(variable)?.valueFrom?.secretKeyRef?.name]).toEqual([variable, expect.any(String)]);
    });

    it('keeps JetStream inside its volume and shuts down in lame-duck mode within the grace period', () => {
      const maxFileStore = /max_file_store:\s*(\d+)G/.exec(config['nats.conf']!)![1]!;
      const volume = statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage as string;
      expect(Number(maxFileStore)).toBeLessThan(Number(/^(\d+)Gi$/.exec(volume)![1]));
      const lameDuck = Number(/lame_duck_duration:\s*(\d+)s/.exec(config['nats.conf']!)![1]);
      const pod = podSpecOf(statefulSet);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(lameDuck);
      expect(pod.containers[0].lifecycle.preStop.exec.command).toEqual(['nats-server', '--signal', 'ldm=/var/run/nats/nats.pid']);
      expect(config['nats.conf']).toMatch(/pid_file:\s*\/var\/run\/nats\/nats\.pid/);
      expect(named(objects, 'PodDisruptionBudget', 'collabo-nats').spec.maxUnavailable).toBe(1);
    });
  });

  it('Postgres: one CloudNativePG cluster, four databases, TLS CA for the services', () => {
    expect(kindsOf('Cluster')).toHaveLength(1);
    expect(
      kindsOf('Database')
        .map((d) => d.spec.name)
        .sort(),
    ).toEqual(SERVICES.map((s) => `collabo_${s}`).sort());
    const cluster = named(objects, 'Cluster', 'collabo-pg');
    expect(cluster.spec.enableSuperuserAccess).toBe(false);
    expect(cluster.spec.instances).toBe(overlay === 'dev' ? 1 : 3);
  });

  it('Postgres: PgBouncer in transaction mode in front of the primary, scraped with the instances', () => {
    const pooler = named(objects, 'Pooler', 'collabo-pg-pooler-rw');
    expect(pooler.spec).toMatchObject({ cluster: { name: 'collabo-pg' }, type: 'rw', pgbouncer: { poolMode: 'transaction' } });
    // The operator refuses a Pooler named like a Cluster.
    expect(kindsOf('Cluster').map((c) => c.metadata.name)).not.toContain(pooler.metadata.name);
    const monitors = kindsOf('PodMonitor');
    expect(monitors.find((m) => selects(m.spec.selector, { 'cnpg.io/poolerName': pooler.metadata.name }))).toBeDefined();
    expect(
      monitors.find((m) => selects(m.spec.selector, { 'cnpg.io/cluster': 'collabo-pg', 'cnpg.io/podRole': 'instance' })),
    ).toBeDefined();
    const queries = named(objects, 'Cluster', 'collabo-pg').spec.monitoring.customQueriesConfigMap;
    for (const ref of queries) expect(named(objects, 'ConfigMap', ref.name).data?.[ref.key]).toBeDefined();
  });

  it(
    overlay === 'dev'
      ? 'Postgres: no backups in development'
      : 'Postgres: nightly base backups and WAL archiving to an object store, kept 30 days',
    () => {
      const cluster = named(objects, 'Cluster', 'collabo-pg');
      if (overlay === 'dev') {
        expect(cluster.spec.backup).toBeUndefined();
        expect(kindsOf('ScheduledBackup')).toEqual([]);
        return;
      }
      const store = cluster.spec.backup.barmanObjectStore;
      expect(store.destinationPath).toMatch(/^s3:\/\/[a-z0-9.-]+\/.+/);
      expect(store.endpointURL).toMatch(/^https:\/\//);
      expect(store.s3Credentials.accessKeyId).toEqual({ name: 'collabo-pg-backup', key: 'ACCESS_KEY_ID' });
      expect(store.s3Credentials.secretAccessKey).toEqual({ name: 'collabo-pg-backup', key: 'ACCESS_SECRET_KEY' });
      expect(cluster.spec.backup.retentionPolicy).toMatch(/^\d+[dwm]$/);
      const [scheduled] = kindsOf('ScheduledBackup');
      expect(scheduled!.spec).toMatchObject({ cluster: { name: 'collabo-pg' }, method: 'barmanObjectStore' });
      // The operator's cron has six fields, seconds first.
      expect(scheduled!.spec.schedule.split(' ')).toHaveLength(6);
    },
  );
});
