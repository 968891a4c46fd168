// Reproducible data: a seeded PRNG, Japanese organisation and person names with their katakana readings,
// and a fast bulk loader (batched multi-row INSERT ... SELECT FROM unnest, secondary indexes rebuilt once).
import { createHash } from 'node:crypto';

/** sfc32 seeded by SHA-256 of a string: the same seed gives the same data on every machine. */
export function prng(seed) {
  const h = createHash('sha256').update(String(seed)).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const rnd = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** A UUID v4-shaped id from the stream (reproducible). */
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      hex[12] = '4';
      hex[16] = ((parseInt(hex[16], 16) & 3) | 8).toString(16);
      const s = hex.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
    some: (list, min, max) => {
      const n = min + Math.floor(next() * (max - min + 1));
      const out = new Set();
      while (out.size < Math.min(n, list.length)) out.add(list[Math.floor(next() * list.length)]);
      return [...out];
    },
  };
  return rnd;
}

// [kanji, katakana reading]
export const PLACES = [
  ['札幌', 'サッポロ'],
  ['旭川', 'アサヒカワ'],
  ['函館', 'ハコダテ'],
  ['帯広', 'オビヒロ'],
  ['釧路', 'クシロ'],
  ['北見', 'キタミ'],
  ['小樽', 'オタル'],
  ['苫小牧', 'トマコマイ'],
  ['北海道', 'ホッカイドウ'],
  ['道央', 'ドウオウ'],
  ['道東', 'ドウトウ'],
  ['道北', 'ドウホク'],
  ['十勝', 'トカチ'],
  ['石狩', 'イシカリ'],
  ['空知', 'ソラチ'],
  ['留萌', 'ルモイ'],
  ['宗谷', 'ソウヤ'],
  ['網走', 'アバシリ'],
  ['根室', 'ネムロ'],
  ['日高', 'ヒダカ'],
  ['江別', 'エベツ'],
  ['室蘭', 'ムロラン'],
  ['千歳', 'チトセ'],
  ['稚内', 'ワッカナイ'],
  ['富良野', 'フラノ'],
  ['ニセコ', 'ニセコ'],
  ['オホーツク', 'オホーツク'],
  ['大雪', 'タイセツ'],
  ['石狩湾', 'イシカリワン'],
  ['知床', 'シレトコ'],
];
export const STEMS = [
  ['昆布', 'コンブ'],
  ['水産', 'スイサン'],
  ['食品', 'ショクヒン'],
  ['乳業', 'ニュウギョウ'],
  ['農産', 'ノウサン'],
  ['技研', 'ギケン'],
  ['精機', 'セイキ'],
  ['電子', 'デンシ'],
  ['情報システム', 'ジョウホウシステム'],
  ['バイオ', 'バイオ'],
  ['製薬', 'セイヤク'],
  ['林業', 'リンギョウ'],
  ['建設', 'ケンセツ'],
  ['物流', 'ブツリュウ'],
  ['酪農', 'ラクノウ'],
  ['醸造', 'ジョウゾウ'],
  ['環境', 'カンキョウ'],
  ['エネルギー', 'エネルギー'],
  ['観光', 'カンコウ'],
  ['ソフト', 'ソフト'],
  ['工業', 'コウギョウ'],
  ['機械', 'キカイ'],
  ['木材', 'モクザイ'],
  ['海洋', 'カイヨウ'],
  ['製菓', 'セイカ'],
  ['酒造', 'シュゾウ'],
  ['住宅', 'ジュウタク'],
  ['医療', 'イリョウ'],
  ['ハーブ', 'ハーブ'],
  ['ワイン', 'ワイン'],
];
export const TAILS = [
  ['', ''],
  ['フーズ', 'フーズ'],
  ['テック', 'テック'],
  ['ラボ', 'ラボ'],
  ['ファーム', 'ファーム'],
  ['デザイン', 'デザイン'],
  ['研究所', 'ケンキュウジョ'],
  ['商事', 'ショウジ'],
  ['開発', 'カイハツ'],
  ['産業', 'サンギョウ'],
];
export const LEGAL_FORMS = ['株式会社', '株式会社', '株式会社', '有限会社', '合同会社'];
export const FAMILY = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'],
  ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'],
  ['山口', 'ヤマグチ'],
  ['松本', 'マツモト'],
  ['井上', 'イノウエ'],
  ['木村', 'キムラ'],
  ['林', 'ハヤシ'],
  ['斎藤', 'サイトウ'],
  ['清水', 'シミズ'],
  ['山崎', 'ヤマザキ'],
  ['森', 'モリ'],
  ['池田', 'イケダ'],
  ['橋本', 'ハシモト'],
  ['阿部', 'アベ'],
  ['石川', 'イシカワ'],
  ['山下', 'ヤマシタ'],
  ['中島', 'ナカジマ'],
  ['石井', 'イシイ'],
  ['小川', 'オガワ'],
  ['前田', 'マエダ'],
  ['岡田', 'オカダ'],
  ['長谷川', 'ハセガワ'],
  ['藤田', 'フジタ'],
  ['後藤', 'ゴトウ'],
  ['近藤', 'コンドウ'],
  ['村上', 'ムラカミ'],
  ['遠藤', 'エンドウ'],
  ['青木', 'アオキ'],
  ['坂本', 'サカモト'],
];
export const GIVEN = [
  ['太郎', 'タロウ'],
  ['花子', 'ハナコ'],
  ['翔', 'ショウ'],
  ['陽菜', 'ヒナ'],
  ['大輔', 'ダイスケ'],
  ['美咲', 'ミサキ'],
  ['健太', 'ケンタ'],
  ['さくら', 'サクラ'],
  ['拓也', 'タクヤ'],
  ['由美', 'ユミ'],
  ['直樹', 'ナオキ'],
  ['恵', 'メグミ'],
  ['誠', 'マコト'],
  ['愛', 'アイ'],
  ['隆', 'タカシ'],
  ['裕子', 'ユウコ'],
  ['浩', 'ヒロシ'],
  ['明美', 'アケミ'],
  ['和也', 'カズヤ'],
  ['真由美', 'マユミ'],
  ['剛', 'ツヨシ'],
  ['香織', 'カオリ'],
  ['亮', 'リョウ'],
  ['彩', 'アヤ'],
  ['悠斗', 'ユウト'],
  ['結衣', 'ユイ'],
  ['蓮', 'レン'],
  ['葵', 'アオイ'],
  ['大翔', 'ヒロト'],
  ['凛', 'リン'],
];
/** Partial names people really type: kanji, katakana and hiragana fragments (the registry turns hiragana into katakana). */
export const ORGANIZATION_QUERIES = [
  '昆布',
  '十勝',
  'サッポロ',
  'ほっかいどう',
  '技研',
  '札幌水産',
  'フーズ',
  'はこだて',
  '乳業',
  '旭川精機',
  'バイオ',
  'くしろ',
];
export const PERSON_QUERIES = ['佐藤', 'ヤマダ', 'たかはし', '花子', '鈴木健太', 'ササキ', '美咲', 'なかむら'];

export const FOCUS_FIELDS = ['food', 'housing', 'tourism', 'it', 'bio', 'environment', 'energy', 'manufacturing', 'medical', 'other'];

export function romanize(index, prefix) {
  return `${prefix}${index.toString(36)}`;
}

/** The corporate-number check digit (法人番号): 12 digits numbered from the right, odd weigh 1, even 2; 9 - sum mod 9. */
export function corporateNumber(base) {
  const base12 = String(base).padStart(12, '0');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base12}`;
}

/** Postgres array literal of text values (for the text[] parameters of the bulk loader). */
export function pgArray(values) {
  if (values == null) return null;
  return `{${values.map((v) => (v == null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

/**
 * Inserts rows fast: each batch is one `INSERT INTO t (...) SELECT c1::type, ... FROM unnest($1::text[], ...)`.
 * `columns` are [name, sqlType]; array columns take values through pgArray. Values are passed as text and
 * cast by Postgres, so every value lands exactly as the column's type reads it.
 */
export async function bulkInsert(client, table, columns, rows, batch = 5000) {
  const casts = columns.map(([, type], i) => `u.c${i}::${type}`).join(', ');
  const params = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO ${table} (${columns.map(([n]) => n).join(', ')}) SELECT ${casts} FROM unnest(${params}) AS u(${aliases})`;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const cols = columns.map(([, type], i) =>
      slice.map((r) => {
        const v = r[i];
        if (v == null) return null;
        if (type.endsWith('[]')) return pgArray(v);
        if (v instanceof Date) return v.toISOString();
        return String(v);
      }),
    );
    await client.query(sql, cols);
  }
}

/**
 * Runs `fn` with the secondary (non-constraint) indexes of `tables` dropped, then creates them again from
 * their own definitions (pg_get_indexdef), so the schema ends exactly as the migrations left it, and
 * VACUUMs and ANALYZEs the tables (the visibility map set, as autovacuum leaves a table in production, so that
 * covering indexes answer without reading the table). Building a GIN index once is much faster than maintaining it
 * row by row.
 */
export async function withIndexesDeferred(client, tables, fn) {
  const { rows: indexes } = await client.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);
  const timing = process.env.LOAD_DEBUG ? (what, t0) => process.stderr.write(`  ${what}: ${Date.now() - t0} ms\n`) : () => undefined;
  try {
    const t0 = Date.now();
    await fn();
    timing('rows', t0);
  } finally {
    // A session setting only: more memory makes the GIN builds much faster; the indexes are the same.
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const ix of indexes) {
      const t0 = Date.now();
      await client.query(ix.def);
      timing(ix.name, t0);
    }
    for (const t of tables) await client.query(`VACUUM (ANALYZE) ${t}`);
  }
}
