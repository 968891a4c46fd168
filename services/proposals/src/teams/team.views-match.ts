import type { Documents } from '@collabo/service-kit';
import type { Exclusion, ScoreFactor, Suggestion } from './team-suggestions.js';
import type { ScoreFactorView, TeamExclusionView, TeamSuggestionsView, TeamSuggestionView } from './team.view.js';
import type { TeamSuggestions } from './teams.service.js';

// Kept apart from team.view.ts, which the service imports: the view classes and the service's own types meet here only.
/** Each class documents exactly what the service answers (compile-time). */
export const TEAM_VIEWS_MATCH: [
  Documents<ScoreFactorView, ScoreFactor>,
  Documents<TeamSuggestionView, Suggestion>,
  Documents<TeamExclusionView, Exclusion>,
  Documents<TeamSuggestionsView, TeamSuggestions>,
] = [true, true, true, true];
