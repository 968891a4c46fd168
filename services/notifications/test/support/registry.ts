import { GetPeopleV1, type Language, type PersonV1 } from '@collabo/contracts';
import { serveContract } from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/nats-core';
import { v7 as uuidv7 } from 'uuid';

/** A registry person for the tests. */
export function person(familyName: string, givenName: string, email: string, language: Language = 'ja'): PersonV1 {
  return {
    id: uuidv7(),
    familyName,
    givenName,
    familyNameKana: 'テスト',
    givenNameKana: 'テスト',
    displayName: `${familyName} ${givenName}`,
    email,
    phone: null,
    preferredLanguage: language,
    consentToList: true,
    expertiseFields: [],
    version: 1,
  };
}

/**
 * The registry's GetPeopleV1 on real NATS (contract-checked by serveContract), answering from a list
 * the test controls; `down()` stops answering.
 */
export function serveRegistry(nc: NatsConnection, prefix: string, people: PersonV1[]) {
  const directory = new Map(people.map((p) => [p.id, p]));
  let server = start();
  function start() {
    return serveContract(nc, prefix, GetPeopleV1, (request) => ({
      people: request.ids.map((id) => directory.get(id)).filter((p): p is PersonV1 => p !== undefined),
      missing: request.ids.filter((id) => !directory.has(id)),
    }));
  }
  return {
    add(p: PersonV1) {
      directory.set(p.id, p);
    },
    get calls() {
      return server.calls;
    },
    down() {
      server.stop();
    },
    up() {
      server = start();
    },
    stop() {
      server.stop();
    },
  };
}
