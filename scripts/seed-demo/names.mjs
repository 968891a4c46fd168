// People's names: a Japanese family and given name with their katakana readings and a romanised form
// (for `nameEn` and email addresses), and email addresses kept unique across the whole plan.
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './data/names.mjs';

/** A name generator drawing from the stream `r` (see prng.mjs). Women are about a quarter of the people. */
export function nameGenerator(r, { femaleShare = 0.25 } = {}) {
  const families = FAMILY_NAMES.map(([kanji, kana, roman, weight]) => [{ kanji, kana, roman }, weight]);
  return () => {
    const family = r.weighted(families);
    const female = r.chance(femaleShare);
    const [kanji, kana, roman] = r.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
    return {
      familyName: family.kanji,
      givenName: kanji,
      familyNameKana: family.kana,
      givenNameKana: kana,
      nameEn: `${roman} ${family.roman}`,
      roman: { family: family.roman.toLowerCase(), given: roman.toLowerCase() },
      female,
    };
  };
}

/** Hands out email addresses: `given.family@domain`, then `given.family2@domain`, ... when taken. */
export function emailAllocator() {
  const used = new Set();
  return {
    take(local, domain) {
      const clean = local.toLowerCase().replace(/[^a-z0-9.-]/g, '');
      for (let n = 1; ; n++) {
        const email = `${clean}${n === 1 ? '' : n}@${domain}`;
        if (!used.has(email)) {
          used.add(email);
          return email;
        }
      }
    },
    has: (email) => used.has(email.toLowerCase()),
    reserve: (email) => used.add(email.toLowerCase()),
  };
}

const KANA = /^[\p{Script=Katakana}\p{Script=Hiragana}ー・･\s]+$/u;

/** Whether a reading is what the registry accepts for a person (kana only). */
export const isKanaReading = (text) => KANA.test(text);
