import { EventsSchema1764300000000 } from './1764300000000-events-schema.js';
import { OrganizationReferenceIndexes1764400000000 } from './1764400000000-organization-reference-indexes.js';
import { MaskRegistrantLinksInOutbox1764500000000 } from './1764500000000-mask-registrant-links-in-outbox.js';
import { HistoricalEvents1764600000000 } from './1764600000000-historical-events.js';
import { Privacy1796600000000 } from './1796600000000-privacy.js';

/** The events service's migrations, in order (the kit's own tables run before them). */
export const migrations = [
  EventsSchema1764300000000,
  OrganizationReferenceIndexes1764400000000,
  MaskRegistrantLinksInOutbox1764500000000,
  HistoricalEvents1764600000000,
  Privacy1796600000000,
];
