import type { Documents } from '@collabo/service-kit';
import type { HistoryImportReport, ImportedProposal, ImportProblem } from './history-import.service.js';
import type { HistoryImportReportView, ImportedProposalView, ImportProblemView } from './history-import.view.js';

// Kept apart from history-import.view.ts: the view classes and the service's own types meet here only.
/** Each class documents exactly what the service answers (compile-time). */
export const HISTORY_IMPORT_VIEWS_MATCH: [
  Documents<ImportProblemView, ImportProblem>,
  Documents<ImportedProposalView, ImportedProposal>,
  Documents<HistoryImportReportView, HistoryImportReport>,
] = [true, true, true];
