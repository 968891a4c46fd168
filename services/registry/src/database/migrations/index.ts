import { RegistrySchema1732800000000 } from './1732800000000-registry-schema.js';
import { ReferenceData1732800000001 } from './1732800000001-reference-data.js';
import { GeneratedColumnsMetadata1732800000002 } from './1732800000002-generated-columns-metadata.js';
import { CorporateNumberLookup1732800000003 } from './1732800000003-corporate-number-lookup.js';
import { InvitationIds1732800000004 } from './1732800000004-invitation-ids.js';
import { MembershipRoles1732800000005 } from './1732800000005-membership-roles.js';
import { SearchGrams1732800000006 } from './1732800000006-search-grams.js';
import { ReadingOrderIndexes1732800000007 } from './1732800000007-reading-order-indexes.js';
import { SearchPrefixIndexes1732800000008 } from './1732800000008-search-prefix-indexes.js';
import { PersonMerges1732800000020 } from './1732800000020-person-merges.js';
import { Privacy1732800000030 } from './1732800000030-privacy.js';
import { RetentionLog1732800000040 } from './1732800000040-retention-log.js';
import { PrivacyRequestRetention1732800000041 } from './1732800000041-privacy-request-retention.js';
import { SearchCoveringIndexes1732800000050 } from './1732800000050-search-covering-indexes.js';
import { PrivacyRemovalReason1732800000060 } from './1732800000060-privacy-removal-reason.js';
import { SearchPageIndexes1732800000070 } from './1732800000070-search-page-indexes.js';
import { SearchSerialScans1732800000080 } from './1732800000080-search-serial-scans.js';

export const REGISTRY_MIGRATIONS = [
  RegistrySchema1732800000000,
  ReferenceData1732800000001,
  GeneratedColumnsMetadata1732800000002,
  CorporateNumberLookup1732800000003,
  InvitationIds1732800000004,
  MembershipRoles1732800000005,
  SearchGrams1732800000006,
  ReadingOrderIndexes1732800000007,
  SearchPrefixIndexes1732800000008,
  PersonMerges1732800000020,
  Privacy1732800000030,
  RetentionLog1732800000040,
  PrivacyRequestRetention1732800000041,
  SearchCoveringIndexes1732800000050,
  PrivacyRemovalReason1732800000060,
  SearchPageIndexes1732800000070,
  SearchSerialScans1732800000080,
];
