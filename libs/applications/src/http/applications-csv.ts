import type { RoundDetail } from '@commonpurse/funds';
import type { ApplicationRow } from '../persistence/application.repository';

/** One field of a CSV row, quoted where needed; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The list of a round's applications as the fund manager filtered it, for a spreadsheet. */
export function applicationsCsv(round: RoundDetail, applications: Array<ApplicationRow & { organisationName: string | null; criterionIds: string[] }>): string {
  const header = ['Reference', 'Title', 'Organisation', 'Status', 'Stage', 'Amount (GBP)', 'Lot', 'Area', 'Priorities addressed', 'Submitted', 'Summary'];
  const rows = applications.map((a) => [
    a.reference,
    a.title,
    a.organisationName,
    a.status,
    a.stage,
    a.amountPence === null ? '' : (a.amountPence / 100).toFixed(2),
    round.lots.find((l) => l.id === a.lotId)?.name ?? '',
    a.areaCode,
    a.criterionIds.map((id) => round.criteria.find((c) => c.id === id)?.title ?? id).join('; '),
    a.submittedAt ? new Date(a.submittedAt).toISOString() : '',
    a.summary,
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
