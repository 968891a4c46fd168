import { DocumentRequest } from '../document-requests/document-request.entity.js';
import { Interview } from '../interviews/interview.entity.js';
import { Outcome } from '../outcomes/outcome.entity.js';
import { Programme, ProgrammeStage, ProgrammeTransition, Rubric, RubricCriterion } from '../programmes/programme.entity.js';
import { Proposal, ProposalTransition } from '../proposals/proposal.entity.js';
import { ReviewAssignment, ReviewRevision, ScreeningReview } from '../reviews/review.entity.js';
import { SupportTeam, TeamMember } from '../teams/team.entity.js';
import { ProposalsSchema1764316800000 } from './migrations/1764316800000-proposals-schema.js';
import { SupportTrack1764316800001 } from './migrations/1764316800001-support-track.js';
import { VersionsAndAmendments1764316800002 } from './migrations/1764316800002-versions-and-amendments.js';
import { HistoryImportAndOutcomeKinds1764316800003 } from './migrations/1764316800003-history-import-and-outcome-kinds.js';
import { InterviewsAndDocumentRequests1764316800004 } from './migrations/1764316800004-interviews-and-document-requests.js';
import { ReviewReminders1764316800005 } from './migrations/1764316800005-review-reminders.js';
import { Privacy1796600000000 } from './migrations/1796600000000-privacy.js';
import { HistoryImportAssignments1796600000001 } from './migrations/1796600000001-history-import-assignments.js';

export const entities = [
  Programme,
  ProgrammeStage,
  ProgrammeTransition,
  Rubric,
  RubricCriterion,
  Proposal,
  ProposalTransition,
  ReviewAssignment,
  ScreeningReview,
  ReviewRevision,
  SupportTeam,
  TeamMember,
  Outcome,
  Interview,
  DocumentRequest,
];

export const migrations = [
  ProposalsSchema1764316800000,
  SupportTrack1764316800001,
  VersionsAndAmendments1764316800002,
  HistoryImportAndOutcomeKinds1764316800003,
  InterviewsAndDocumentRequests1764316800004,
  ReviewReminders1764316800005,
  Privacy1796600000000,
  HistoryImportAssignments1796600000001,
];
