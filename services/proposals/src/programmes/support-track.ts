import type { PipelineDef, StageDef, StageKind } from './pipeline.js';
import type { RubricDef } from './rubric.js';

/**
 * The foundation's support track (事業化支援), as docs/domain.md describes it: the default programme. A
 * migration writes this data into the database once; from then on it is data. Changing this constant
 * changes nothing in a database already migrated: add a migration (or use the programmes API).
 */
export const SUPPORT_TRACK = {
  code: 'support-track',
  nameJa: '事業化支援',
  nameEn: 'Commercialisation support',
} as const;

const stage = (code: string, labelJa: string, labelEn: string, kind: StageKind, position: number): StageDef => ({
  code,
  labelJa,
  labelEn,
  kind,
  position,
});

const MAIN = ['received', 'pre_screening', 'screening', 'accepted', 'team_formed', 'prototyping', 'commercializing', 'sales_planned'];

export const SUPPORT_TRACK_PIPELINE: PipelineDef = {
  initialStage: 'received',
  minCompletedReviews: 2,
  stages: [
    stage('received', '受付', 'Received', 'intake', 10),
    stage('pre_screening', '事前審査', 'Pre-screening', 'step', 20),
    stage('screening', '審査', 'Screening', 'screening', 30),
    stage('accepted', '採択', 'Accepted', 'accepted', 40),
    stage('declined', '不採択', 'Declined', 'declined', 45),
    stage('team_formed', '支援チーム結成', 'Support team formed', 'team', 50),
    stage('prototyping', '試作・事業化検討', 'Prototyping', 'prototype', 60),
    stage('commercializing', '事業化', 'Commercialising', 'step', 70),
    stage('sales_planned', '販売計画中', 'Sales planned', 'sales_planned', 80),
    stage('on_sale', '売上実績', 'On sale', 'on_sale', 90),
    stage('returned', '書類不備による差戻し', 'Returned for missing documents', 'paused', 100),
    stage('on_hold', '保留', 'On hold', 'paused', 110),
    stage('withdrawn', '取下げ', 'Withdrawn', 'closed', 120),
    stage('discontinued', '中止', 'Discontinued', 'closed', 130),
  ],
  transitions: [
    // The main line.
    ...MAIN.map((from, i) => ({ from, to: i + 1 < MAIN.length ? MAIN[i + 1]! : 'on_sale', resumeOnly: false })),
    { from: 'screening', to: 'declined', resumeOnly: false },
    // Returned for missing documents: back to intake, or straight back to where it was.
    ...['received', 'pre_screening', 'screening'].map((from) => ({ from, to: 'returned', resumeOnly: false })),
    { from: 'returned', to: 'received', resumeOnly: false },
    { from: 'returned', to: 'pre_screening', resumeOnly: true },
    { from: 'returned', to: 'screening', resumeOnly: true },
    // On hold from any open stage, and back to the stage it was held in.
    ...MAIN.map((from) => ({ from, to: 'on_hold', resumeOnly: false })),
    ...MAIN.map((to) => ({ from: 'on_hold', to, resumeOnly: true })),
    // Withdrawn by the applicant before support starts; discontinued once support has started.
    ...['received', 'pre_screening', 'screening', 'accepted', 'returned', 'on_hold'].map((from) => ({
      from,
      to: 'withdrawn',
      resumeOnly: false,
    })),
    ...['accepted', 'team_formed', 'prototyping', 'commercializing', 'sales_planned', 'on_hold'].map((from) => ({
      from,
      to: 'discontinued',
      resumeOnly: false,
    })),
  ],
};

/** docs/domain.md's typical rubric: six criteria, 100 points; fail under 60 overall or any criterion under 30% of its points. */
export const SUPPORT_TRACK_RUBRIC: RubricDef = {
  minTotal: 60,
  minCriterionRatio: 0.3,
  criteria: [
    { code: 'novelty', labelJa: '新規性・独創性', labelEn: 'Novelty and originality', maxPoints: 20 },
    { code: 'feasibility', labelJa: '実現可能性・計画の妥当性', labelEn: 'Technical feasibility and soundness of the plan', maxPoints: 20 },
    { code: 'market', labelJa: '市場性・事業性', labelEn: 'Market and business potential', maxPoints: 20 },
    { code: 'team', labelJa: '実施体制', labelEn: 'Team and management capability', maxPoints: 15 },
    { code: 'regional_spillover', labelJa: '地域への波及効果', labelEn: 'Regional spillover', maxPoints: 15 },
    { code: 'cluster_necessity', labelJa: '北海道クラスターとしての必要性', labelEn: 'Necessity as a Hokkaido cluster', maxPoints: 10 },
  ],
};

/** The fiscal year from which the default rubric is in force (before any other version). */
export const SUPPORT_TRACK_RUBRIC_FROM = 1990;
