import { streamNameOf, type ServiceName } from '@collabo/contracts';

/**
 * Where the catalogue's subjects live on the wire. In production the prefix is empty; a test run
 * sets NATS_SUBJECT_PREFIX so that runs sharing one NATS server never see each other's traffic.
 */
export class NatsNaming {
  constructor(readonly prefix: string = '') {}

  subject(subject: string): string {
    return this.prefix ? `${this.prefix}.${subject}` : subject;
  }

  /** The catalogue subject of a wire subject. */
  unprefix(wireSubject: string): string {
    return this.prefix && wireSubject.startsWith(`${this.prefix}.`) ? wireSubject.slice(this.prefix.length + 1) : wireSubject;
  }

  stream(service: ServiceName): string {
    const base = streamNameOf(service);
    return this.prefix ? `${base}_${this.prefix.toUpperCase()}` : base;
  }

  streamSubjects(service: ServiceName): string {
    return this.subject(`${service}.evt.>`);
  }
}
