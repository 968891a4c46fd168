import type { Language } from '@collabo/contracts';

/**
 * People an email names who are not its recipient (a third person: the advisor of each line of the coordinator's
 * weekly digest). Their names are personal data of someone else, so they are never stored with the email: the row
 * holds a slot (`⟦審査員 1⟧`, `⟦advisor 1⟧`) and `secret_links` says whose name goes there
 * (`{via: 'registry.person-name', personId}`); the delivery worker asks the recipient directory at send time and
 * puts the name into the message on the wire only. An erased advisor is then simply a person the registry no longer
 * knows, shown neutrally (`（審査員）` / `(advisor)`), never by id.
 */
export const MentionRoles = ['advisor'] as const;
export type MentionRole = (typeof MentionRoles)[number];

/** How a template gets the text that stands for a mentioned person in an email of one language. */
export interface MentionedPeople {
  nameOf(personId: string, role: MentionRole): string;
}

/** What an email shows for a person nobody can name (the registry no longer knows them). */
export const NEUTRAL_NAMES: Record<MentionRole, Record<Language, string>> = {
  advisor: { ja: '（審査員）', en: '(advisor)' },
};

/** Every mentioned person shown neutrally (the default of a render that names nobody). */
export function neutralPeople(language: Language): MentionedPeople {
  return { nameOf: (_id, role) => NEUTRAL_NAMES[role][language] };
}

/** The brackets of a slot. Text that comes from the event (a title) never holds them: see `withoutSlotMarks`. */
const OPEN = '⟦';
const CLOSE = '⟧';

const SLOT_WORDS: Record<MentionRole, Record<Language, string>> = {
  advisor: { ja: '審査員', en: 'advisor' },
};

/**
 * Text from an event that shares a line with a slot, with the slot's brackets replaced (`⟦` → `［`, `⟧` → `］`), so
 * that a title can never pass for a slot and get a name put into it.
 */
export function withoutSlotMarks(text: string): string {
  return text.includes(OPEN) || text.includes(CLOSE) ? text.replaceAll(OPEN, '［').replaceAll(CLOSE, '］') : text;
}

/** One slot of a rendered email: the text stored in its place, and whose name goes there at send time. */
export interface NameSlot {
  slot: string;
  personId: string;
  role: MentionRole;
}

/**
 * Mentions rendered as slots (the intake: the stored email names nobody). One slot per person and role, numbered in
 * the order they first appear; `slots` lists them for the row's `secret_links`.
 */
export class NameSlots implements MentionedPeople {
  private readonly byPerson = new Map<string, NameSlot>();

  constructor(private readonly language: Language) {}

  nameOf(personId: string, role: MentionRole): string {
    const key = `${role}:${personId.toLowerCase()}`;
    let slot = this.byPerson.get(key);
    if (!slot) {
      slot = {
        slot: `${OPEN}${SLOT_WORDS[role][this.language]} ${this.byPerson.size + 1}${CLOSE}`,
        personId: personId.toLowerCase(),
        role,
      };
      this.byPerson.set(key, slot);
    }
    return slot.slot;
  }

  get slots(): NameSlot[] {
    return [...this.byPerson.values()];
  }
}

/** Names from a map by person id (previews, tests); anyone else shown neutrally. */
export function knownPeople(names: ReadonlyMap<string, string>, language: Language): MentionedPeople {
  return { nameOf: (id, role) => names.get(id.toLowerCase()) ?? NEUTRAL_NAMES[role][language] };
}
