import { Module } from '@nestjs/common';
import { PEOPLE_CHANGES, PeopleChanges } from './people-changes.js';
import { RecipientCachePurge } from './recipient-cache-purge.js';
import { RecipientDirectory } from './recipient-directory.js';
import { RegistryPeople } from './registry-people.js';

/**
 * Recipients: registry people for the intake through the recipient cache (RecipientDirectory), the consumers
 * that keep the cache true (PEOPLE_CHANGES, the definition's `eventConsumers`), and the purge of expired rows.
 */
@Module({
  providers: [
    RegistryPeople,
    RecipientDirectory,
    RecipientCachePurge,
    PeopleChanges,
    { provide: PEOPLE_CHANGES, useExisting: PeopleChanges },
  ],
  exports: [RecipientDirectory, PEOPLE_CHANGES],
})
export class RecipientsModule {}
