import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
} from 'prom-client';

/** One Prometheus registry per service process, with the metrics the kit itself records. */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly rpcHandled: Histogram<'subject' | 'outcome'>;
  readonly outboxPublished: Counter<'subject'>;
  readonly outboxPublishFailures: Counter;
  readonly outboxLag: Histogram;
  readonly outboxPending: Gauge;
  readonly eventsConsumed: Counter<'consumer' | 'outcome'>;
  readonly eventHandling: Histogram<'consumer'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.rpcHandled = new Histogram({
      name: 'rpc_handled_seconds',
      help: 'NATS RPC handling time by subject and outcome',
      labelNames: ['subject', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.outboxPublished = new Counter({
      name: 'outbox_published_total',
      help: 'Outbox events published to JetStream and acknowledged',
      labelNames: ['subject'],
      registers: [this.registry],
    });
    this.outboxPublishFailures = new Counter({
      name: 'outbox_publish_failures_total',
      help: 'Outbox publish attempts that JetStream did not acknowledge',
      registers: [this.registry],
    });
    this.outboxLag = new Histogram({
      name: 'outbox_lag_seconds',
      help: 'Time from an outbox row commit to its JetStream acknowledgement',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [this.registry],
    });
    this.outboxPending = new Gauge({
      name: 'outbox_pending',
      help: 'Outbox rows not yet published (as seen by the relay at its last pass)',
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'events_consumed_total',
      help: 'JetStream events handled, by consumer and outcome (applied, duplicate, retried, dead_lettered)',
      labelNames: ['consumer', 'outcome'],
      registers: [this.registry],
    });
    this.eventHandling = new Histogram({
      name: 'event_handling_seconds',
      help: 'Time to apply one event, transaction included',
      labelNames: ['consumer'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [this.registry],
    });
  }

  /**
   * The counter `config.name` of this registry: registered on the first call, the same one on every later call (a
   * provider built twice in a process, e.g. by a test module, keeps counting into one series instead of failing).
   */
  counter<L extends string = string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return (
      (this.registered(config.name, Counter, config.labelNames) as Counter<L> | undefined) ??
      new Counter({ ...config, registers: [this.registry] })
    );
  }

  /** The gauge `config.name` of this registry, registered on the first call as `counter` is (its `collect` is the first caller's). */
  gauge<L extends string = string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return (
      (this.registered(config.name, Gauge, config.labelNames) as Gauge<L> | undefined) ??
      new Gauge({ ...config, registers: [this.registry] })
    );
  }

  /**
   * The metric `name` already registered, if any; an error when it is of another type or has other labels than the
   * caller asks for (two pieces of code naming one metric differently: a programming error, found at start-up rather
   * than as a series that silently counts the wrong thing).
   */
  private registered(name: string, type: typeof Counter | typeof Gauge, labelNames: readonly string[] | undefined): unknown {
    const found = this.registry.getSingleMetric(name);
    if (found === undefined) return undefined;
    if (!(found instanceof type)) throw new Error(`metric ${name} is registered already, and not as a ${type.name.toLowerCase()}`);
    const had = [...((found as unknown as { labelNames?: string[] }).labelNames ?? [])].sort().join(', ');
    const asked = [...(labelNames ?? [])].sort().join(', ');
    if (had !== asked) throw new Error(`metric ${name} is registered already with the labels [${had}], not [${asked}]`);
    return found;
  }
}
