import type { ImportReport } from '../../api/types';

/** A problem of a row (a column of a line of the file), as each service's import reports it. */
type RowProblem = ImportReport['errors'][number];

export interface ReportLine {
  line: number;
  problems: { field: string; message: string; severity: 'error' | 'warning' }[];
}

/** The report's problems line by line (file order), errors before warnings on a line. */
export function reportLines(report: { errors: RowProblem[]; warnings?: RowProblem[] }): ReportLine[] {
  const byLine = new Map<number, ReportLine>();
  const add = (p: RowProblem, severity: 'error' | 'warning') => {
    const entry = byLine.get(p.line) ?? { line: p.line, problems: [] };
    entry.problems.push({ field: p.field, message: p.message, severity });
    byLine.set(p.line, entry);
  };
  for (const e of report.errors) add(e, 'error');
  for (const w of report.warnings ?? []) add(w, 'warning');
  return [...byLine.values()]
    .sort((a, b) => a.line - b.line)
    .map((l) => ({ ...l, problems: l.problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)) }));
}

/** A commit is offered only after a dry run of this very file without an error. */
export const canCommit = (report: ImportReport | undefined, checkedFile: File | undefined, file: File | null | undefined) =>
  !!report && report.dryRun && report.errors.length === 0 && report.rows > 0 && !!file && checkedFile === file;
