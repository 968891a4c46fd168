import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { inboxPrefixOf, serviceOfClientName } from './connection.js';

describe('inbox prefixes', () => {
  it('each service gets its own inbox prefix, never the shared _INBOX (deploy/nats/auth.conf grants _INBOX_<service>.> only)', () => {
    expect(inboxPrefixOf('registry')).toBe('_INBOX_registry');
    expect(inboxPrefixOf('notifications')).toBe('_INBOX_notifications');
    expect(() => inboxPrefixOf('reg.*')).toThrow();
    expect(() => inboxPrefixOf('')).toThrow();
  });

  it('the service of a kit connection is read from its client name', () => {
    expect(serviceOfClientName('registry-kit')).toBe('registry');
    expect(serviceOfClientName('events-rpc')).toBe('events');
    expect(serviceOfClientName('notifications-rpc-client')).toBe('notifications');
    expect(serviceOfClientName('collabo-test')).toBeUndefined();
  });
});
