/**
 * iCalendar (RFC 5545) text for registrations and the public feed, written by hand: CRLF line ends,
 * text escaped, lines folded at 75 octets without splitting a UTF-8 character, times in UTC.
 */

export interface CalendarEntry {
  uid: string;
  /** Bumped on every change so calendar programs replace the old entry. */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  status: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  url?: string | null;
  lastModified?: Date;
}

export interface CalendarOptions {
  /** The calendar's display name (X-WR-CALNAME). */
  name?: string;
  /** DTSTAMP of every entry: when this text was made. */
  now: Date;
}

const PRODID = '-//Collabo//Exchange events//JA';

export function icsDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line into pieces of at most 75 octets; continuation lines start with one space. */
export function foldLine(line: string): string {
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

function entryLines(e: CalendarEntry, now: Date): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${icsDate(now)}`,
    `DTSTART:${icsDate(e.start)}`,
    `DTEND:${icsDate(e.end)}`,
    `SEQUENCE:${e.sequence}`,
    `STATUS:${e.status}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  if (e.lastModified) lines.push(`LAST-MODIFIED:${icsDate(e.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

export function buildCalendar(entries: CalendarEntry[], options: CalendarOptions): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (options.name) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`);
  lines.push('X-WR-TIMEZONE:Asia/Tokyo');
  for (const e of entries) lines.push(...entryLines(e, options.now));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
