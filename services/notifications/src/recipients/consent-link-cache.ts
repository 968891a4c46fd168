import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { ConsentPurposes, type ConsentPurpose } from '@collabo/contracts';
import { LRUCache } from 'lru-cache';
import { NotificationSettings } from '../config/notification-settings.js';

/**
 * The registry's consent-withdrawal links (`GetConsentWithdrawalLinkV1`) the delivery worker got, in memory only: the
 * link is deterministic per person and purpose (signed by the registry, no expiry), so every optional email to a
 * person need not ask the registry again. An `lru-cache` bounded in size (`CONSENT_LINK_CACHE_MAX`, least recently
 * used out first) and in time (`CONSENT_LINK_CACHE_TTL_MS` from when the link was stored, not renewed by reading it);
 * a person's links are dropped when the registry tells of a change to them (person.updated, person.merged:
 * PeopleChanges), on their erasure (the privacy handler), and when the registry refuses their link. Each replica keeps
 * its own: another replica's copy goes with its TTL at the latest. The links are secrets: never logged, never stored.
 */
@Injectable()
export class ConsentLinkCache {
  /** `<person id>|<purpose>` → link. */
  private readonly links: LRUCache<string, string>;
  private readonly ttlMs: number;

  constructor(settings: NotificationSettings) {
    this.ttlMs = settings.env.CONSENT_LINK_CACHE_TTL_MS;
    this.links = new LRUCache<string, string>({
      max: settings.env.CONSENT_LINK_CACHE_MAX,
      ttl: this.ttlMs,
      // A timer, not a time the domain sees: the monotonic clock (a test's ManualClock does not hold links forever),
      // read on every check (no `ttlResolution` debounce: a link is not used a moment past its TTL).
      perf: performance,
      ttlResolution: 0,
    });
  }

  /** Links held, expired ones included until they are next looked up. */
  get size(): number {
    return this.links.size;
  }

  /** The cached link of a person and purpose, or undefined (never cached, expired, or dropped). */
  get(personId: string, purpose: ConsentPurpose): string | undefined {
    const key = keyOf(personId, purpose);
    const url = this.links.get(key);
    // lru-cache keeps an entry up to its TTL included; a link stops being used once its TTL has run.
    if (url !== undefined && this.links.getRemainingTTL(key) <= 0) {
      this.links.delete(key);
      return undefined;
    }
    return url;
  }

  set(personId: string, purpose: ConsentPurpose, url: string): void {
    // TTL 0 turns the cache off (to lru-cache, 0 would mean "no TTL").
    if (this.ttlMs <= 0) return;
    this.links.set(keyOf(personId, purpose), url);
  }

  /** Drops every link of these people (changed, merged or erased). */
  forget(personIds: Iterable<string>): void {
    if (!this.links.size) return;
    for (const id of personIds) for (const purpose of ConsentPurposes) this.links.delete(keyOf(id, purpose));
  }

  clear(): void {
    this.links.clear();
  }
}

function keyOf(personId: string, purpose: ConsentPurpose): string {
  return `${personId.toLowerCase()}|${purpose}`;
}
