import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { ConsentPurposes, type ConsentPurpose } from '@collabo/contracts';
import { NotificationSettings } from '../config/notification-settings.js';

/**
 * The registry's consent-withdrawal links (`GetConsentWithdrawalLinkV1`) the delivery worker got, in memory only: the
 * link is deterministic per person and purpose (signed by the registry, no expiry), so every optional email to a
 * person need not ask the registry again. Bounded in size (least recently used out first) and in time
 * (`CONSENT_LINK_CACHE_TTL_MS`); a person's links are dropped when the registry tells of a change to them
 * (person.updated, person.merged: PeopleChanges), on their erasure (the privacy handler), and when the registry
 * refuses their link. Each replica keeps its own: another replica's copy goes with its TTL at the latest. The links
 * are secrets: never logged, never stored.
 */
@Injectable()
export class ConsentLinkCache {
  /** `<person id>|<purpose>` → link and when it stops being used (the Map's order is the recency order). */
  private readonly entries = new Map<string, { url: string; until: number }>();

  constructor(private readonly settings: NotificationSettings) {}

  private get ttlMs(): number {
    return this.settings.env.CONSENT_LINK_CACHE_TTL_MS;
  }

  private get max(): number {
    return this.settings.env.CONSENT_LINK_CACHE_MAX;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached link of a person and purpose, or undefined (never cached, expired, or dropped). */
  get(personId: string, purpose: ConsentPurpose): string | undefined {
    const key = keyOf(personId, purpose);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    // A timer, not a time the domain sees: the monotonic clock (a test's ManualClock does not hold links forever).
    if (entry.until <= performance.now()) return undefined;
    this.entries.set(key, entry);
    return entry.url;
  }

  set(personId: string, purpose: ConsentPurpose, url: string): void {
    if (this.ttlMs <= 0) return;
    const key = keyOf(personId, purpose);
    this.entries.delete(key);
    this.entries.set(key, { url, until: performance.now() + this.ttlMs });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops every link of these people (changed, merged or erased). */
  forget(personIds: Iterable<string>): void {
    if (!this.entries.size) return;
    for (const id of personIds) for (const purpose of ConsentPurposes) this.entries.delete(keyOf(id, purpose));
  }

  clear(): void {
    this.entries.clear();
  }
}

function keyOf(personId: string, purpose: ConsentPurpose): string {
  return `${personId.toLowerCase()}|${purpose}`;
}
