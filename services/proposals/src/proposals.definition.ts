import { KIT_CLEANUP_BACKSTOP_MS, type ServiceDefinition } from '@collabo/service-kit';
import { PROPOSALS_ENV_DEFAULTS, ProposalsEnv } from './config/proposals-env.js';
import { entities, migrations } from './database/entities.js';
import { DocumentRequestsModule } from './document-requests/document-requests.module.js';
import { HistoryImportModule } from './history-import/history-import.module.js';
import { InterviewsModule } from './interviews/interviews.module.js';
import { OutcomesModule } from './outcomes/outcomes.module.js';
import { PeopleMergedModule } from './people-merged/people-merged.module.js';
import { ProgrammesModule } from './programmes/programmes.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { TeamsModule } from './teams/teams.module.js';

export const proposalsService: ServiceDefinition<ProposalsEnv> = {
  name: 'proposals',
  title: 'Collabo proposals',
  description:
    'Business proposals brought in for support: the screening pipeline (stages and transitions as data per programme), ' +
    'screening reviews against versioned rubrics with conflict-of-interest checks, support teams, outcomes and the foundation’s KPI reports.',
  envClass: ProposalsEnv,
  extraEnvDefaults: PROPOSALS_ENV_DEFAULTS,
  entities,
  migrations,
  imports: [
    ProgrammesModule,
    ProposalsModule,
    ReviewsModule,
    TeamsModule,
    OutcomesModule,
    ReportsModule,
    HistoryImportModule,
    InterviewsModule,
    DocumentRequestsModule,
    PeopleMergedModule,
    PrivacyModule,
  ],
  // The retention job (src/privacy) removes and counts these; the kit's own clean-up stays as a backstop.
  consumerJanitor: {
    inboxRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
    deadLetterRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
    deadLetterPayloadRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
  },
  relay: { retentionMs: KIT_CLEANUP_BACKSTOP_MS },
};
