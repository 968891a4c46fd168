import { describe, expect, it } from '@jest/globals';
import { OutcomeRecordedV1 } from '@collabo/contracts';
import { ensureStream, JETSTREAM, JETSTREAM_MANAGER, NatsNaming } from '@collabo/service-kit';
import { v7 as uuidv7 } from 'uuid';
import { orgBody, startRegistryForSuite, type Registry } from './support.js';

describe('the collaboration centre’s report', () => {
  let r: Registry;
  let auth: Record<string, string>;

  startRegistryForSuite(async (started, admin) => {
    [r, auth] = [started, admin];
    // the proposals stream, as its owner creates it (the registry consumes outcomes from it)
    await ensureStream(r.svc.app.get(JETSTREAM_MANAGER), new NatsNaming(r.prefix), 'proposals');
  });

  let seq = 0;
  const org = async (name: string) => {
    seq++;
    const res = await r
      .http()
      .post('/v1/organizations')
      .set(auth)
      .send(orgBody({ name: `${name}${seq}`, nameKana: `テナント${'ア'.repeat(seq)}` }));
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string };
  };
  const tenancy = async (organizationId: string, room: string, from: string, to: string | null = null) => {
    const res = await r.http().post('/v1/tenancies').set(auth).send({ organizationId, room, from, to });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const outcome = async (proposingOrganizationId: string, data: Partial<OutcomeRecordedV1.Data>) => {
    const id = uuidv7();
    const payload: OutcomeRecordedV1.Data = {
      outcomeId: uuidv7(),
      proposal: {
        proposalId: uuidv7(),
        referenceNumber: `P2025-${String(++seq).padStart(4, '0')}`,
        title: { ja: '昆布仮根を用いた食品素材', en: 'A food material from kelp holdfasts' },
        programmeCode: 'general',
        programmeName: { ja: '一般', en: 'General' },
        proposingOrganizationId,
        contactPersonId: uuidv7(),
        coordinatorId: null,
        focusFields: ['food'],
      },
      kind: 'patent_filed',
      summary: '特許出願',
      amountYen: null,
      fiscalYear: null,
      ...data,
    };
    const envelope = {
      id,
      type: 'proposals.evt.outcome.recorded',
      version: 1,
      occurredAt: '2025-06-01T00:00:00.000Z',
      source: 'proposals',
      aggregateId: payload.proposal.proposalId,
      correlationId: uuidv7(),
      causationId: null,
      data: payload,
    };
    await r.svc.app
      .get(JETSTREAM)
      .publish(new NatsNaming(r.prefix).subject(OutcomeRecordedV1.subject), JSON.stringify(envelope), { msgID: id });
    const [notice] = await r.svc.waitForProcessed((n) => n.messageId === id);
    expect([notice!.outcome, notice!.error]).toEqual(['applied', undefined]);
    return payload.outcomeId;
  };

  it('lists the tenants of a fiscal year with the patents and awards that count in it', async () => {
    const tenant = await org('株式会社テナント');
    const former = await org('株式会社退去済');
    const outsider = await org('株式会社外部');
    const room305 = await tenancy(tenant.id, '3F-305', '2024-10-01');
    await tenancy(former.id, '2F-201', '2020-04-01', '2025-03-31');
    const filed = await outcome(tenant.id, { kind: 'patent_filed', occurredOn: '2025-07-15', patentNumber: '特願2025-123456' });
    const granted = await outcome(tenant.id, { kind: 'patent_granted', fiscalYear: 2025 });
    await outcome(tenant.id, { kind: 'patent_filed', occurredOn: '2024-12-01' }); // fiscal 2024
    await outcome(tenant.id, { kind: 'sale', amountYen: 1_000_000, fiscalYear: 2025 }); // not listed
    // the Good Design award of a project the outsider proposed, incubated in the tenant's room
    const award = await outcome(outsider.id, { kind: 'award', summary: 'グッドデザイン賞', occurredOn: '2025-10-01', tenancyId: room305 });
    await outcome(outsider.id, { kind: 'patent_filed', occurredOn: '2025-08-01' }); // not a tenant
    await outcome(former.id, { kind: 'award', occurredOn: '2025-05-01' }); // left before fiscal 2025

    const res = await r.http().get('/v1/reports/centre').query({ fiscalYear: 2025 }).set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fiscalYear: 2025, from: '2025-04-01', to: '2026-03-31' });
    expect(res.body.tenants.map((t: { organizationId: string }) => t.organizationId)).toEqual([tenant.id]);
    const [t] = res.body.tenants;
    expect(t.tenancies).toEqual([{ id: room305, room: '3F-305', from: '2024-10-01', to: null }]);
    expect(t.patents.map((p: { outcomeId: string }) => p.outcomeId).sort()).toEqual([filed, granted].sort());
    expect(t.patents.find((p: { outcomeId: string }) => p.outcomeId === filed)).toMatchObject({
      patentNumber: '特願2025-123456',
      kind: 'patent_filed',
    });
    expect(t.awards).toEqual([expect.objectContaining({ outcomeId: award, summary: 'グッドデザイン賞', tenancyId: room305 })]);
    expect(res.body.totals).toEqual({ tenants: 1, patentsFiled: 1, patentsGranted: 1, awards: 1 });

    const earlier = await r.http().get('/v1/reports/centre').query({ fiscalYear: 2024 }).set(auth);
    expect(earlier.body.tenants.map((x: { organizationId: string }) => x.organizationId).sort()).toEqual([tenant.id, former.id].sort());
    expect((await r.http().get('/v1/reports/centre').query({ fiscalYear: 'x' }).set(auth)).status).toBe(400);
  });

  it('counts a merged tenant’s outcomes as its survivor’s', async () => {
    const survivor = await org('株式会社存続');
    const merged = await org('株式会社消滅');
    await tenancy(merged.id, '1F-101', '2025-04-01');
    const filed = await outcome(merged.id, { kind: 'patent_filed', fiscalYear: 2025 });
    const res = await r
      .http()
      .post(`/v1/organizations/${survivor.id}/merge`)
      .set(auth)
      .set('if-match', '"1"')
      .send({ mergedId: merged.id });
    expect(res.status).toBe(200);
    const report = await r.http().get('/v1/reports/centre').query({ fiscalYear: 2025 }).set(auth);
    const t = report.body.tenants.find((x: { organizationId: string }) => x.organizationId === survivor.id);
    expect(t).toMatchObject({ organizationName: survivor.name, patents: [expect.objectContaining({ outcomeId: filed })] });
  });
});
