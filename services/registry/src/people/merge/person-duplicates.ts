/**
 * Likely duplicate people: two live records that share
 * - the same reading (family and given name in kana) and an organisation (any affiliation, past ones too, an
 *   organisation's merged aliases counting as itself): `same_reading_and_organization`;
 * - the same phone number, digits only: `same_phone`;
 * - the same email once case, a `+tag` and (for Gmail) dots are set aside: `same_email`.
 * The emails, phones, readings and affiliations of records already merged into a person count as that person's
 * (its known aliases). The keys are computed in SQL so that one query finds the pairs.
 */
export const DUPLICATE_REASONS = ['same_reading_and_organization', 'same_phone', 'same_email'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** The email key of `e` (an SQL expression): lower case, no `+tag`, Gmail's dots and googlemail.com set aside. */
export function emailKeySql(e: string): string {
  const local = `split_part(split_part(lower(${e}), '@', 1), '+', 1)`;
  const domain = `split_part(lower(${e}), '@', 2)`;
  return `CASE WHEN ${domain} IN ('gmail.com', 'googlemail.com') THEN replace(${local}, '.', '') || '@gmail.com'
               ELSE ${local} || '@' || ${domain} END`;
}

/** Every key of every person (live records and their merged aliases, named by the live record's id). */
const KEYS = `
  SELECT coalesce(p.merged_into, p.id) AS pid, 'same_phone' AS reason, regexp_replace(p.phone, '\\D', '', 'g') AS k
    FROM people p WHERE p.phone IS NOT NULL AND length(regexp_replace(p.phone, '\\D', '', 'g')) >= 6
  UNION
  SELECT coalesce(p.merged_into, p.id), 'same_email', ${emailKeySql('p.email')} FROM people p
  UNION
  SELECT coalesce(p.merged_into, p.id), 'same_reading_and_organization',
         p.family_name_kana || ' ' || p.given_name_kana || '@' || coalesce(o.merged_into, o.id)::text
    FROM people p JOIN affiliations a ON a.person_id = p.id JOIN organizations o ON o.id = a.organization_id`;

/**
 * Pairs of live people (`a` < `b`, or `a` = the person asked about) with the reasons they look alike. `$1`: the
 * person asked about, or null for every pair; `$2`, `$3`: limit and offset.
 */
export const DUPLICATE_PAIRS_SQL = `
  WITH keys AS (${KEYS}),
  pairs AS (
    SELECT x.pid AS a, y.pid AS b, array_agg(DISTINCT x.reason ORDER BY x.reason) AS reasons
      FROM keys x JOIN keys y ON y.reason = x.reason AND y.k = x.k AND y.pid <> x.pid
     WHERE ($1::uuid IS NULL AND x.pid < y.pid) OR x.pid = $1::uuid
     GROUP BY x.pid, y.pid
  )
  SELECT pr.a, pr.b, pr.reasons, count(*) OVER ()::int AS total
    FROM pairs pr
    JOIN people pa ON pa.id = pr.a AND pa.merged_into IS NULL
    JOIN people pb ON pb.id = pr.b AND pb.merged_into IS NULL
   ORDER BY cardinality(pr.reasons) DESC, pa.family_name_kana, pa.given_name_kana, pr.a, pr.b
   LIMIT $2 OFFSET $3`;
