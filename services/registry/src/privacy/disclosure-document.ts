import type { PrivacyRecordSectionV1 } from '@collabo/contracts';
import type { DisclosureDocument } from './privacy-requests.service.js';

const SERVICE_TITLES: Record<string, { ja: string; en: string }> = {
  registry: { ja: '名簿（人・所属・研究会・アカウント）', en: 'Registry (people, affiliations, study groups, accounts)' },
  proposals: { ja: '提案・審査', en: 'Proposals and screening' },
  events: { ja: '交流イベント', en: 'Exchange events' },
  notifications: { ja: 'メール配信', en: 'Email notifications' },
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function valueHtml(value: unknown): string {
  if (value === null || value === undefined) return '<span class="none">—</span>';
  if (Array.isArray(value)) {
    if (!value.length) return '<span class="none">—</span>';
    if (value.every((v) => v === null || typeof v !== 'object')) return escapeHtml(value.map((v) => String(v)).join(', '));
    return `<ul>${value.map((v) => `<li>${valueHtml(v)}</li>`).join('')}</ul>`;
  }
  if (typeof value === 'object') return recordHtml(value as Record<string, unknown>);
  return escapeHtml(String(value));
}

function recordHtml(record: Record<string, unknown>): string {
  const rows = Object.entries(record).map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${valueHtml(v)}</td></tr>`);
  return `<table>${rows.join('')}</table>`;
}

function sectionHtml(section: PrivacyRecordSectionV1): string {
  const heading = `<h3>${escapeHtml(section.title.ja)}<span class="en"> / ${escapeHtml(section.title.en ?? section.key)}</span></h3>`;
  const body = section.records.length
    ? section.records.map((r) => `<div class="record">${recordHtml(r)}</div>`).join('\n')
    : '<p class="none">記録はありません / No records</p>';
  return `<section>${heading}\n${body}</section>`;
}

/**
 * The disclosure (開示) as a human-readable Japanese document with English headings beside, every value escaped:
 * what the person is given (print or save as PDF from the browser).
 */
export function disclosureHtml(doc: DisclosureDocument): string {
  const who = [
    ...(doc.subject.personId ? [`登録番号 / Registry id: ${doc.subject.personId}`] : []),
    ...doc.subject.emails.map((e) => `メールアドレス / Email: ${e}`),
  ];
  const parts = doc.services.map((s) => {
    const title = SERVICE_TITLES[s.service] ?? { ja: s.service, en: s.service };
    const sections = s.sections.length ? s.sections.map(sectionHtml).join('\n') : '<p class="none">記録はありません / No records</p>';
    return `<section class="service"><h2>${escapeHtml(title.ja)}<span class="en"> / ${escapeHtml(title.en)}</span></h2>\n<p class="meta">回答日時 / Answered: ${escapeHtml(s.answeredAt)}</p>\n${sections}</section>`;
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    '<title>保有個人データの開示 / Disclosure of personal data</title>',
    '<style>',
    "body{font-family:'Hiragino Sans','Yu Gothic',Meiryo,system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.6;color:#222}",
    'h1,h2,h3{line-height:1.3} .en{font-weight:normal;color:#555;font-size:.85em} .meta,.none{color:#666}',
    'table{border-collapse:collapse;margin:.25em 0 1em;width:100%} th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}',
    'th{background:#f4f4f4;width:14em;font-weight:normal} .record{margin-bottom:.5em} section.service{margin-top:2em;border-top:2px solid #444}',
    '</style></head><body>',
    '<h1>保有個人データの開示<br><span class="en">Disclosure of the personal data we hold</span></h1>',
    `<p class="meta">請求番号 / Request: ${escapeHtml(doc.requestId)}<br>受付 / Opened: ${escapeHtml(doc.openedAt)}<br>完了 / Completed: ${escapeHtml(doc.completedAt)}<br>作成 / Generated: ${escapeHtml(doc.generatedAt)}</p>`,
    `<p>${who.map(escapeHtml).join('<br>')}</p>`,
    '<p>当財団の各システムが保有するご本人に関する記録は以下のとおりです。パスワード等の秘密情報、および他の方の個人情報（提案の審査における他の審査員の評価など）は含まれません。</p>',
    '<p class="en">These are all the records about you held by the foundation’s systems. Secrets (such as passwords) and other people’s personal data (such as other reviewers’ scores of a proposal) are not included.</p>',
    ...parts,
    '</body></html>',
  ].join('\n');
}
