import { KIT_CLEANUP_BACKSTOP_MS, TokenVerifier, type ServiceDefinition } from '@collabo/service-kit';
import { AccountsModule } from './accounts/accounts.module.js';
import { signingKeysOf } from './accounts/signing-keys.js';
import { AuditModule } from './audit/audit.module.js';
import { CentreModule } from './centre/centre.module.js';
import { CsvModule } from './csv/csv.module.js';
import { REGISTRY_ENTITIES } from './database/entities.js';
import { REGISTRY_MIGRATIONS } from './database/migrations/index.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { PeopleModule } from './people/people.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { ReferenceModule } from './reference/reference.module.js';
import { REGISTRY_ENV_DEFAULTS, RegistryEnv } from './config/registry-env.js';
import { StudyGroupsModule } from './study-groups/study-groups.module.js';

export const registryService: ServiceDefinition<RegistryEnv> = {
  name: 'registry',
  title: 'Collabo registry',
  description:
    'The foundation’s address book: organisations, people, affiliations, study groups and memberships, tenancies, ' +
    'consortium memberships, Hokkaido’s municipalities and bureaus; staff accounts and the tokens every service accepts.',
  envClass: RegistryEnv,
  extraEnvDefaults: REGISTRY_ENV_DEFAULTS,
  entities: REGISTRY_ENTITIES,
  migrations: REGISTRY_MIGRATIONS,
  imports: [
    ReferenceModule,
    AuditModule,
    OrganizationsModule,
    PeopleModule,
    StudyGroupsModule,
    CentreModule,
    CsvModule,
    AccountsModule,
    PrivacyModule,
  ],
  // The registry issues the tokens, so it verifies them against its own public keys (no HTTP round trip to itself).
  tokenVerifier: (env) => TokenVerifier.fromKeySet(signingKeysOf(env).jwks, env.AUTH_ISSUER, env.AUTH_AUDIENCE),
  // The retention job (src/privacy/retention.job.ts) removes and counts these; the kit's own clean-up stays as a backstop.
  consumerJanitor: {
    inboxRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
    deadLetterRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
    deadLetterPayloadRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
  },
  relay: { retentionMs: KIT_CLEANUP_BACKSTOP_MS },
};
