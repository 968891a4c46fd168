/**
 * iCalendar (RFC 5545) text, and its scheduling methods (RFC 5546: PUBLISH, REQUEST, CANCEL): the one small,
 * pure builder the platform's .ics files come from. CRLF line ends, TEXT values escaped, content lines folded at
 * 75 octets without splitting a UTF-8 character, times in UTC (`YYYYMMDDTHHMMSSZ`). No clock of its own: DTSTAMP
 * is the `now` the caller hands over. `parseIcs` reads such text back (tests, and whoever checks a file).
 */
import { assertValidInstant } from './instant.js';

/** What a calendar program should do with the file (RFC 5546 §1.4). */
export type IcsMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

/** A mailbox in ORGANIZER / ATTENDEE (`CN` is its display name). */
export interface IcsMailbox {
  email: string;
  name?: string | null;
}

export interface IcsEvent {
  /** Stable across every version of the entry: a program replaces the entry with the same UID. */
  uid: string;
  /** Grows with every change (a REQUEST or CANCEL with a lower SEQUENCE than one already seen is ignored). */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  status: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  organizer?: IcsMailbox | null;
  attendees?: IcsMailbox[];
  lastModified?: Date | null;
}

export interface IcsOptions {
  /** METHOD of the calendar object; PUBLISH when left out (a file to import, no invitation). */
  method?: IcsMethod;
  /** DTSTAMP of every entry: when this text was made. */
  now: Date;
  /** PRODID (`-//Collabo//…//JA`). */
  prodId: string;
  /** The calendar's display name (X-WR-CALNAME). */
  name?: string | null;
}

/** An instant as iCalendar's UTC DATE-TIME: `20261203T090000Z`. */
export function icsUtc(instant: Date): string {
  assertValidInstant(instant);
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A TEXT value, escaped (RFC 5545 §3.3.11). */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value (`CN=`): quoted, without the characters a parameter cannot hold. */
function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/["\u0000-\u001f\u007f]/g, ' ').trim()}"`;
}

/** Folds a content line into pieces of at most 75 octets; continuation lines start with one space. */
export function foldIcsLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function mailbox(property: 'ORGANIZER' | 'ATTENDEE', m: IcsMailbox, extra: string[] = []): string {
  const params = [...(m.name ? [`CN=${paramValue(m.name)}`] : []), ...extra];
  return `${property}${params.map((p) => `;${p}`).join('')}:mailto:${m.email.trim()}`;
}

function eventLines(e: IcsEvent, now: Date, method: IcsMethod): string[] {
  if (!Number.isInteger(e.sequence) || e.sequence < 0) throw new RangeError(`SEQUENCE must be a whole number >= 0, not ${e.sequence}`);
  if (e.end.getTime() < e.start.getTime()) throw new RangeError('an entry cannot end before it starts');
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${icsUtc(now)}`,
    `DTSTART:${icsUtc(e.start)}`,
    `DTEND:${icsUtc(e.end)}`,
    `SEQUENCE:${e.sequence}`,
    `STATUS:${e.status}`,
    `SUMMARY:${escapeIcsText(e.summary)}`,
  ];
  if (e.location) lines.push(`LOCATION:${escapeIcsText(e.location)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeIcsText(e.description)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  if (e.organizer) lines.push(mailbox('ORGANIZER', e.organizer));
  const attendeeParams = method === 'PUBLISH' ? [] : ['ROLE=REQ-PARTICIPANT', 'PARTSTAT=NEEDS-ACTION', 'RSVP=FALSE'];
  for (const a of e.attendees ?? []) lines.push(mailbox('ATTENDEE', a, attendeeParams));
  if (e.lastModified) lines.push(`LAST-MODIFIED:${icsUtc(e.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

/**
 * A calendar object with these entries. REQUEST and CANCEL are scheduling messages (RFC 5546): each entry needs
 * an ORGANIZER, and a CANCEL's entries are CANCELLED.
 */
export function buildIcs(entries: readonly IcsEvent[], options: IcsOptions): string {
  const method = options.method ?? 'PUBLISH';
  if (method !== 'PUBLISH' && entries.some((e) => !e.organizer)) throw new RangeError(`METHOD:${method} needs an ORGANIZER on every entry`);
  if (method === 'CANCEL' && entries.some((e) => e.status !== 'CANCELLED')) throw new RangeError('METHOD:CANCEL entries are CANCELLED');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${options.prodId}`, 'CALSCALE:GREGORIAN', `METHOD:${method}`];
  if (options.name) lines.push(`X-WR-CALNAME:${escapeIcsText(options.name)}`);
  lines.push('X-WR-TIMEZONE:Asia/Tokyo');
  for (const e of entries) lines.push(...eventLines(e, options.now, method));
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}

/** One content line read back: its name, parameters (upper-cased names, unquoted values) and value. */
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** A component read back (VCALENDAR, VEVENT, …) with its properties and sub-components in order. */
export interface IcsComponent {
  name: string;
  properties: IcsProperty[];
  components: IcsComponent[];
}

/** The TEXT value of an escaped property, as it was before escaping. */
export function unescapeIcsText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function parseLine(line: string): IcsProperty {
  // name *(";" param) ":" value; a quoted parameter value may hold ":" and ";".
  let i = 0;
  const readUntil = (stops: string): string => {
    let out = '';
    let quoted = false;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (c === '"') quoted = !quoted;
      else if (!quoted && stops.includes(c)) break;
      else out += c;
    }
    return out;
  };
  const name = readUntil(';:').toUpperCase();
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    i++;
    const key = readUntil('=;:').toUpperCase();
    if (line[i] === '=') i++;
    params[key] = readUntil(';:');
  }
  if (line[i] !== ':') throw new SyntaxError(`not an iCalendar content line: ${line}`);
  return { name, params, value: line.slice(i + 1) };
}

/** Reads iCalendar text (unfolding its lines) into its top-level components; SyntaxError when it is not one. */
export function parseIcs(text: string): IcsComponent[] {
  const lines = text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const top: IcsComponent[] = [];
  const stack: IcsComponent[] = [];
  for (const line of lines) {
    const p = parseLine(line);
    if (p.name === 'BEGIN') {
      const component: IcsComponent = { name: p.value.toUpperCase(), properties: [], components: [] };
      (stack.at(-1)?.components ?? top).push(component);
      stack.push(component);
    } else if (p.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== p.value.toUpperCase()) throw new SyntaxError(`END:${p.value} closes ${open?.name ?? 'nothing'}`);
    } else {
      const open = stack.at(-1);
      if (!open) throw new SyntaxError(`${p.name} outside any component`);
      open.properties.push(p);
    }
  }
  if (stack.length) throw new SyntaxError(`${stack.at(-1)!.name} is never closed`);
  return top;
}

/** The first property of a component by name (upper case), or undefined. */
export function icsProperty(component: IcsComponent, name: string): IcsProperty | undefined {
  return component.properties.find((p) => p.name === name);
}

/** A UTC DATE-TIME (`20261203T090000Z`) back as an instant; null when it is not one. */
export function parseIcsUtc(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const instant = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return instant.getUTCMonth() === mo - 1 && instant.getUTCDate() === d ? instant : null;
}
