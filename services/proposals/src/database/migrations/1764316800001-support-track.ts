import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SUPPORT_TRACK, SUPPORT_TRACK_PIPELINE, SUPPORT_TRACK_RUBRIC, SUPPORT_TRACK_RUBRIC_FROM } from '../../programmes/support-track.js';

/** Fixed ids, so that every database has the same default programme and first rubric. */
export const SUPPORT_TRACK_ID = '0193e6a0-0000-7000-8000-000000000001';
export const SUPPORT_TRACK_RUBRIC_ID = '0193e6a0-0000-7000-8000-000000000002';

/** The default programme: the foundation's support track, with the typical rubric of docs/domain.md in force from FY1990. */
export class SupportTrack1764316800001 implements MigrationInterface {
  name = 'SupportTrack1764316800001';

  async up(q: QueryRunner): Promise<void> {
    const p = SUPPORT_TRACK_PIPELINE;
    await q.query(
      `INSERT INTO programmes (id, code, name_ja, name_en, initial_stage, min_completed_reviews) VALUES ($1, $2, $3, $4, $5, $6)`,
      [SUPPORT_TRACK_ID, SUPPORT_TRACK.code, SUPPORT_TRACK.nameJa, SUPPORT_TRACK.nameEn, p.initialStage, p.minCompletedReviews],
    );
    for (const s of p.stages) {
      await q.query(
        `INSERT INTO programme_stages (programme_id, code, label_ja, label_en, kind, position) VALUES ($1, $2, $3, $4, $5, $6)`,
        [SUPPORT_TRACK_ID, s.code, s.labelJa, s.labelEn, s.kind, s.position],
      );
    }
    for (const t of p.transitions) {
      await q.query(`INSERT INTO programme_transitions (programme_id, from_stage, to_stage, resume_only) VALUES ($1, $2, $3, $4)`, [
        SUPPORT_TRACK_ID,
        t.from,
        t.to,
        t.resumeOnly,
      ]);
    }
    const r = SUPPORT_TRACK_RUBRIC;
    await q.query(
      `INSERT INTO rubrics (id, programme_id, fiscal_year, version, min_total, min_criterion_ratio, note) VALUES ($1, $2, $3, 1, $4, $5, $6)`,
      [SUPPORT_TRACK_RUBRIC_ID, SUPPORT_TRACK_ID, SUPPORT_TRACK_RUBRIC_FROM, r.minTotal, r.minCriterionRatio, 'DOMAIN.md typical rubric'],
    );
    for (const [i, c] of r.criteria.entries()) {
      await q.query(
        `INSERT INTO rubric_criteria (rubric_id, code, label_ja, label_en, max_points, position) VALUES ($1, $2, $3, $4, $5, $6)`,
        [SUPPORT_TRACK_RUBRIC_ID, c.code, c.labelJa, c.labelEn, c.maxPoints, i + 1],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM rubric_criteria WHERE rubric_id = $1`, [SUPPORT_TRACK_RUBRIC_ID]);
    await q.query(`DELETE FROM rubrics WHERE id = $1`, [SUPPORT_TRACK_RUBRIC_ID]);
    await q.query(`DELETE FROM programme_transitions WHERE programme_id = $1`, [SUPPORT_TRACK_ID]);
    await q.query(`DELETE FROM programmes WHERE id = $1`, [SUPPORT_TRACK_ID]);
    await q.query(`DELETE FROM programme_stages WHERE programme_id = $1`, [SUPPORT_TRACK_ID]);
  }
}
