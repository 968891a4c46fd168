/**
 * The restore runbook's manifests (deploy/restore, deploy/README.md "Backups and restore"), walked as far as no
 * cluster allows: they render, pass the same strict schema as the install, recover from where production archives
 * (bucket, endpoint, the old server name, the backup keys), archive the restored cluster elsewhere, and change
 * nothing else of the production overlay.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEPLOY_DIR } from './support/paths.js';
import { named, render, type K8sObject } from './support/render.js';
import { StructuralSchema } from './support/structural-schema.js';

type Any = any;

function renderRestore(): K8sObject[] {
  const out = execFileSync(process.env['KUBECTL'] ?? 'kubectl', ['kustomize', path.join(DEPLOY_DIR, 'restore')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(out).map((doc) => doc.toJS() as K8sObject);
}

describe('the restore overlay (deploy/restore)', () => {
  let restored: K8sObject[];
  let prod: K8sObject[];

  beforeAll(() => {
    restored = renderRestore();
    prod = render('prod');
  });

  it('renders and passes the strict schema (CloudNativePG recovery and external clusters included)', () => {
    const schema = StructuralSchema.load();
    const problems = restored.flatMap((o) => schema.check(o).map((p) => `${o.kind}/${o.metadata.name}${p}`));
    expect(problems).toEqual([]);
    // and the schema knows the recovery fields: a misspelt one fails.
    const broken = structuredClone(named(restored, 'Cluster', 'collabo-pg')) as Any;
    broken.spec.bootstrap.recovery.recoveryTarget.targetTme = 'x';
    expect(schema.check(broken)).toContain('.spec.bootstrap.recovery.recoveryTarget.targetTme: unknown field');
  });

  it('recovers from where production archives, with its keys, and archives the restored cluster elsewhere', () => {
    const cluster = named(restored, 'Cluster', 'collabo-pg').spec;
    const original = named(prod, 'Cluster', 'collabo-pg').spec;
    expect(cluster.bootstrap.initdb).toBeUndefined();
    const source = cluster.externalClusters.find((c: Any) => c.name === cluster.bootstrap.recovery.source);
    expect(source).toBeDefined();
    const from = source.barmanObjectStore;
    const archive = original.backup.barmanObjectStore;
    expect(from.destinationPath).toBe(archive.destinationPath);
    expect(from.endpointURL).toBe(archive.endpointURL);
    expect(from.s3Credentials).toEqual(archive.s3Credentials);
    // The old cluster's backups are under its name (the server name defaults to the cluster's).
    expect(from.serverName).toBe('collabo-pg');
    // The restored cluster must never archive over them.
    expect(cluster.backup.barmanObjectStore.serverName ?? 'collabo-pg').not.toBe(from.serverName);
    expect(Date.parse(cluster.bootstrap.recovery.recoveryTarget.targetTime.replace(' ', 'T').replace(/\+09$/, '+09:00'))).not.toBeNaN();
  });

  it('changes nothing else of the production overlay: same services, PgBouncer, policies, Secrets', () => {
    const others = (objects: K8sObject[]) =>
      objects.filter((o) => !(o.kind === 'Cluster' && o.metadata.name === 'collabo-pg')).map((o) => JSON.stringify(o));
    expect(others(restored)).toEqual(others(prod));
    const cluster = named(restored, 'Cluster', 'collabo-pg').spec;
    const original = named(prod, 'Cluster', 'collabo-pg').spec;
    const { bootstrap: _b, externalClusters: _e, backup: _k, ...rest } = cluster;
    const { bootstrap: _ob, backup: _ok, ...originalRest } = original;
    expect(rest).toEqual(originalRest);
  });
});
