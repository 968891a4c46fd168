import { Module } from '@nestjs/common';
import { ConsentLinkCache } from './consent-link-cache.js';
import { PEOPLE_CHANGES, PeopleChanges } from './people-changes.js';
import { RecipientCachePurge } from './recipient-cache-purge.js';
import { RecipientDirectory } from './recipient-directory.js';
import { RegistryPeople } from './registry-people.js';

/**
 * Recipients: registry people for the intake through the recipient cache (RecipientDirectory), the consumers
 * that keep the cache true (PEOPLE_CHANGES, the definition's `eventConsumers`), and the purge of expired rows; the
 * worker's in-memory cache of consent-withdrawal links (ConsentLinkCache), dropped by the same events and by erasure.
 */
@Module({
  providers: [
    RegistryPeople,
    RecipientDirectory,
    RecipientCachePurge,
    ConsentLinkCache,
    PeopleChanges,
    { provide: PEOPLE_CHANGES, useExisting: PeopleChanges },
  ],
  exports: [RecipientDirectory, ConsentLinkCache, PEOPLE_CHANGES],
})
export class RecipientsModule {}
