import { describe, expect, it } from '@jest/globals';
import { ServiceMetrics } from './metrics.js';

describe('ServiceMetrics.counter / gauge', () => {
  it('registers a metric on the first call and hands the same one to every later caller', async () => {
    const metrics = new ServiceMetrics('test');
    const first = metrics.counter({ name: 'things_total', help: 'Things', labelNames: ['kind'] });
    const second = metrics.counter({ name: 'things_total', help: 'Things, asked again', labelNames: ['kind'] });
    expect(second).toBe(first);
    first.inc({ kind: 'a' });
    second.inc({ kind: 'a' }, 2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# HELP things_total Things\n');
    expect(text).toContain('things_total{kind="a",service="test"} 3');
  });

  it("keeps the first gauge's collect, and reads it on every scrape", async () => {
    const metrics = new ServiceMetrics('test');
    let value = 1;
    metrics.gauge({
      name: 'open_things',
      help: 'Open things',
      collect() {
        this.set(value);
      },
    });
    metrics.gauge({
      name: 'open_things',
      help: 'Open things',
      collect() {
        this.set(-1);
      },
    });
    expect(await metrics.registry.metrics()).toContain('open_things{service="test"} 1');
    value = 5;
    expect(await metrics.registry.metrics()).toContain('open_things{service="test"} 5');
  });

  it('refuses a second caller that names the metric as another type or with other labels', () => {
    const metrics = new ServiceMetrics('test');
    metrics.counter({ name: 'things_total', help: 'Things', labelNames: ['kind', 'outcome'] });
    expect(metrics.counter({ name: 'things_total', help: 'Things', labelNames: ['outcome', 'kind'] })).toBeDefined();
    expect(() => metrics.gauge({ name: 'things_total', help: 'Things', labelNames: ['kind', 'outcome'] })).toThrow(
      'metric things_total is registered already, and not as a gauge',
    );
    expect(() => metrics.counter({ name: 'things_total', help: 'Things', labelNames: ['kind'] })).toThrow(
      'metric things_total is registered already with the labels [kind, outcome], not [kind]',
    );
    metrics.gauge({ name: 'open_things', help: 'Open things' });
    expect(() => metrics.counter({ name: 'open_things', help: 'Open things' })).toThrow('not as a counter');
    expect(() => metrics.gauge({ name: 'open_things', help: 'Open things', labelNames: ['kind'] })).toThrow(
      'with the labels [], not [kind]',
    );
  });

  it('keeps metrics of two registries apart', () => {
    const a = new ServiceMetrics('a');
    const b = new ServiceMetrics('b');
    expect(a.counter({ name: 'things_total', help: 'Things' })).not.toBe(b.counter({ name: 'things_total', help: 'Things' }));
  });
});
