/** The weekly result sheet as CSV (semicolon-separated, as Danish Excel expects) and XLSX. */
import ExcelJS from 'exceljs';
import { EXIT_REASONS } from '../domain/caseFields.ts';
import type { WeeklyRow } from '../app/team.ts';

type Weekly = { from: string; to: string; rows: WeeklyRow[]; team: WeeklyRow };

const COLUMNS: [string, (r: WeeklyRow) => string | number | null][] = [
  ['Sagsbehandler', (r) => r.name],
  ['Samtaler holdt', (r) => r.meetingsHeld],
  ['Udeblivelser', (r) => r.noShows],
  ['Sager oprettet', (r) => r.casesOpened],
  ['Sager afsluttet', (r) => r.casesClosed],
  ...Object.entries(EXIT_REASONS).map(([k, label]) => [`Afsluttet: ${label}`, (r: WeeklyRow) => r.closedByReason[k] ?? 0] as [string, (r: WeeklyRow) => number]),
  ['Overskredne frister', (r) => r.overdueDeadlines],
  ['Frister flyttet manuelt', (r) => r.deadlinesMoved],
  ['Afgørelser sendt straks (fredag/før lukkedag)', (r) => r.decisionsSentNow],
  ['Median uger på sygedagpenge (afsluttede)', (r) => r.medianWeeksOnBenefit],
];

const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  return /[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export function weeklyCsv(w: Weekly): string {
  const lines = [COLUMNS.map(([h]) => csvCell(h)).join(';'), ...[...w.rows, w.team].map((r) => COLUMNS.map(([, f]) => csvCell(f(r))).join(';'))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function weeklyXlsx(w: Weekly): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'retur';
  const ws = wb.addWorksheet(`Uge ${w.from}`);
  ws.addRow([`Ugeresultater ${w.from} – ${w.to}`]).font = { bold: true, size: 14 };
  ws.addRow([]);
  const header = ws.addRow(COLUMNS.map(([h]) => h));
  header.font = { bold: true };
  for (const r of w.rows) ws.addRow(COLUMNS.map(([, f]) => f(r)));
  ws.addRow(COLUMNS.map(([, f]) => f(w.team))).font = { bold: true };
  ws.columns.forEach((c, i) => { c.width = i === 0 ? 28 : 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
