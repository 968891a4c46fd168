// What a run created and what it found already there, per kind of record, in the order first seen.

export function createTally() {
  const rows = new Map();
  const row = (kind) => {
    if (!rows.has(kind)) rows.set(kind, { created: 0, found: 0 });
    return rows.get(kind);
  };
  return {
    created: (kind, n = 1) => void (row(kind).created += n),
    found: (kind, n = 1) => void (row(kind).found += n),
    count: (which, kind) => rows.get(kind)?.[which] ?? 0,
    rows: () => [...rows.entries()].map(([kind, r]) => ({ kind, ...r })),
    table() {
      const width = Math.max(...[...rows.keys()].map((k) => k.length), 10);
      const lines = [`  ${'record'.padEnd(width)}  ${'created'.padStart(7)}  ${'already there'.padStart(13)}`];
      for (const [kind, r] of rows)
        lines.push(`  ${kind.padEnd(width)}  ${String(r.created).padStart(7)}  ${String(r.found).padStart(13)}`);
      return lines.join('\n');
    },
  };
}
