import type { Documents } from '@collabo/service-kit';
import type { ProposalPageView, TransitionPageView, TransitionResultView } from './proposal.view.js';
import type { ProposalsService } from './proposals.service.js';
import type { TransitionsService } from './transitions.service.js';

// Kept apart from proposal.view.ts, which the services import: the view classes and the services' own types meet here only.
/** Each class documents exactly what the service answers (compile-time). */
export const PROPOSAL_VIEWS_MATCH: [
  Documents<InstanceType<typeof ProposalPageView>, Awaited<ReturnType<ProposalsService['list']>>>,
  Documents<InstanceType<typeof TransitionPageView>, Awaited<ReturnType<ProposalsService['history']>>>,
  Documents<TransitionResultView, Awaited<ReturnType<TransitionsService['transition']>>>,
] = [true, true, true];
