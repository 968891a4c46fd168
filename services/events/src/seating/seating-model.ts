/**
 * The seating problem: put the confirmed attendees of an exchange event at tables so that people from
 * different fields meet. Every attendee carries labels (their organisation, sector, focus fields and
 * study groups); two people at one table who share a label are a "shared pair" costing the label's
 * weight. A plan's cost is the weighted count of shared pairs; the best plan has the lowest cost.
 */
import { createHash } from 'node:crypto';

export type SeatingSector = 'industry' | 'academia' | 'government' | 'finance';

export interface SeatingAttendee {
  id: string;
  /** Who counts as "the same organisation": a registry organisation id or a normalised guest organisation name. */
  organizationKey: string | null;
  sector: SeatingSector | null;
  focusFields: string[];
  studyGroupIds: string[];
}

export interface SeatingWeights {
  organization: number;
  sector: number;
  focusField: number;
  studyGroup: number;
}

/** How much one shared pair costs, by what the two share. */
export const DEFAULT_WEIGHTS: SeatingWeights = { organization: 3, sector: 1, focusField: 0.5, studyGroup: 1 };

/**
 * The optimiser treats two people of one organisation at a table as (almost) forbidden: such a pair
 * costs this many times its score weight, so no amount of other mixing can pay for it.
 */
export const ORGANIZATION_PRIORITY = 1000;

export interface SeatingRequest {
  attendees: SeatingAttendee[];
  tableSize: number;
  /** Seats per table kept for hosts (foundation staff who are not among the registrants). */
  hostsPerTable?: number;
}

/** Attendee ids per table; table i is the (i+1)-th table. */
export type Tables = string[][];

export type LabelKind = 'organization' | 'sector' | 'focusField' | 'studyGroup';

/** The problem in numbers: attendees by index, labels by index, weights per label. */
export interface SeatingProblem {
  attendees: SeatingAttendee[];
  indexOf: Map<string, number>;
  labelKinds: LabelKind[];
  labelNames: string[];
  /** Labels of each attendee (indices into labelKinds/labelNames). */
  labelsOf: Int32Array[];
  /** Score weight of each label. */
  weight: Float64Array;
  /** What the optimiser minimises: the score weight, with organisation labels lifted by ORGANIZATION_PRIORITY. */
  optimizerWeight: Float64Array;
  /** How many attendees carry each label. */
  labelTotals: Int32Array;
}

export function buildProblem(attendees: SeatingAttendee[], weights: SeatingWeights = DEFAULT_WEIGHTS): SeatingProblem {
  const labelIndex = new Map<string, number>();
  const labelKinds: LabelKind[] = [];
  const labelNames: string[] = [];
  const weightList: number[] = [];
  const label = (kind: LabelKind, name: string): number => {
    const key = `${kind}:${name}`;
    let index = labelIndex.get(key);
    if (index === undefined) {
      index = labelKinds.length;
      labelIndex.set(key, index);
      labelKinds.push(kind);
      labelNames.push(name);
      weightList.push(weights[kind]);
    }
    return index;
  };
  const indexOf = new Map<string, number>();
  const labelsOf = attendees.map((a, i) => {
    if (indexOf.has(a.id)) throw new Error(`attendee ${a.id} appears twice`);
    indexOf.set(a.id, i);
    const labels = new Set<number>();
    if (a.organizationKey) labels.add(label('organization', a.organizationKey));
    if (a.sector) labels.add(label('sector', a.sector));
    for (const f of a.focusFields) labels.add(label('focusField', f));
    for (const g of a.studyGroupIds) labels.add(label('studyGroup', g));
    return Int32Array.from([...labels].sort((x, y) => x - y));
  });
  const weight = Float64Array.from(weightList);
  const optimizerWeight = Float64Array.from(weightList.map((w, l) => (labelKinds[l] === 'organization' ? w * ORGANIZATION_PRIORITY : w)));
  const labelTotals = new Int32Array(labelKinds.length);
  for (const labels of labelsOf) for (const l of labels) labelTotals[l]!++;
  return { attendees, indexOf, labelKinds, labelNames, labelsOf, weight, optimizerWeight, labelTotals };
}

/** Attendee seats per table, and how many tables: as few as fit, with sizes differing by at most one. */
export function tableSizes(attendeeCount: number, tableSize: number, hostsPerTable = 0): number[] {
  const seats = tableSize - hostsPerTable;
  if (!Number.isInteger(seats) || seats < 1) throw new Error('a table needs at least one attendee seat');
  if (attendeeCount === 0) return [];
  const tables = Math.ceil(attendeeCount / seats);
  const base = Math.floor(attendeeCount / tables);
  const extra = attendeeCount % tables;
  return Array.from({ length: tables }, (_, t) => base + (t < extra ? 1 : 0));
}

/** The canonical form of a request: attendees sorted by id, their lists sorted and deduplicated. */
export function canonicalRequest(request: SeatingRequest): SeatingRequest {
  const attendees = [...request.attendees]
    .map((a) => ({
      id: a.id,
      organizationKey: a.organizationKey ?? null,
      sector: a.sector ?? null,
      focusFields: [...new Set(a.focusFields)].sort(),
      studyGroupIds: [...new Set(a.studyGroupIds)].sort(),
    }))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { attendees, tableSize: request.tableSize, hostsPerTable: request.hostsPerTable ?? 0 };
}

/** A fingerprint of the request: the same attendees and table settings give the same plan. */
export function requestHash(request: SeatingRequest): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalRequest(request)))
    .digest('hex');
}
