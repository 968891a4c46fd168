// The registry's reference data read from its own CSV files, in the shape GET /v1/municipalities and
// GET /v1/bureaus answer: for the unit tests, which run without a registry.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'services', 'registry', 'data');

function rows(file) {
  const [header, ...lines] = readFileSync(join(dataDir, file), 'utf8').trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

export function referenceFromCsv() {
  const bureaus = rows('hokkaido-bureaus.csv').map((b) => ({ code: b.code, nameJa: b.name_ja, nameEn: b.name_en, seatName: b.seat }));
  const byName = new Map(bureaus.map((b) => [b.nameJa, b.code]));
  const municipalities = rows('hokkaido-municipalities.csv').map((m) => ({
    code: m.code,
    nameJa: m.name_ja,
    nameKana: m.name_kana,
    nameEn: m.name_en,
    kind: m.kind,
    bureauCode: byName.get(m.bureau_ja),
  }));
  return { municipalities, bureaus };
}
