/** A short account of a plan, in English and Japanese, for the staff who print the table cards. */
import type { PlanScore } from './seating-score.js';

const SECTOR_JA: Record<string, string> = { industry: '産', academia: '学', government: '官', finance: '金' };
const SECTOR_ORDER = ['industry', 'academia', 'government', 'finance'];

export interface Explanation {
  en: string;
  ja: string;
}

export function explainPlan(score: PlanScore, settings: { tableSize: number; hostsPerTable: number }): Explanation {
  const tables = score.tables.filter((t) => t.size > 0);
  const people = tables.reduce((sum, t) => sum + t.size, 0);
  const en: string[] = [];
  const ja: string[] = [];
  const hostsEn = settings.hostsPerTable ? `, ${settings.hostsPerTable} kept for a host` : '';
  const hostsJa = settings.hostsPerTable ? `（うちホスト席${settings.hostsPerTable}）` : '';
  en.push(`${people} attendees at ${tables.length} tables (${settings.tableSize} seats each${hostsEn}).`);
  ja.push(`参加者${people}名を${tables.length}卓に配置しました（1卓${settings.tableSize}席${hostsJa}）。`);
  if (score.organizationPairs === 0) {
    en.push('No table seats two people from the same organisation.');
    ja.push('同じ所属の人が同じ卓になることはありません。');
  } else if (score.organizationPairs <= score.unavoidableOrganizationPairs) {
    en.push(
      `${score.organizationPairs} pair(s) from the same organisation share a table: unavoidable, as some organisations send more people than there are tables.`,
    );
    ja.push(`同じ所属の組が${score.organizationPairs}組同席しますが、卓数より参加者の多い所属があるため避けられません。`);
  } else {
    en.push(
      `${score.organizationPairs} pair(s) from the same organisation share a table (at least ${score.unavoidableOrganizationPairs} are unavoidable).`,
    );
    ja.push(`同じ所属の組が${score.organizationPairs}組同席しています（避けられないのは${score.unavoidableOrganizationPairs}組）。`);
  }
  const ranges = SECTOR_ORDER.map((sector) => {
    const counts = tables.map((t) => t.sectors[sector] ?? 0);
    return { sector, min: Math.min(...counts), max: Math.max(...counts), total: counts.reduce((a, b) => a + b, 0) };
  }).filter((r) => r.total > 0);
  if (ranges.length) {
    const span = (r: { min: number; max: number }) => (r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`);
    en.push(`Per table: ${ranges.map((r) => `${r.sector} ${span(r)}`).join(', ')}.`);
    ja.push(`各卓の構成: ${ranges.map((r) => `${SECTOR_JA[r.sector]}${span(r)}名`).join('、')}。`);
  }
  en.push(
    `Shared pairs: ${score.focusFieldPairs} by focus field, ${score.studyGroupPairs} by study group, ${score.sectorPairs} by sector.`,
  );
  ja.push(
    `同席する組のうち、注力分野が同じ${score.focusFieldPairs}組、同じ研究会${score.studyGroupPairs}組、同じセクター${score.sectorPairs}組。`,
  );
  en.push(`Mix score ${score.mixScore}: 0 is what a random seating gets on average, 100 is a lower bound no seating can beat.`);
  ja.push(`混合スコア${score.mixScore}（無作為な配置の平均が0、どの配置も超えられない下限が100）。`);
  return { en: en.join(' '), ja: ja.join('') };
}
