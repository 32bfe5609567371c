/**
 * A letter to a citizen as PDF: the municipality's header (on every page, from pdf.ts), the title, who it is to and
 * what it is about as a small table, then the text paragraph by paragraph. The same drawing serves the single letter
 * (sent as the MeMo's main document) and the daily print batch, where each letter starts on its own page.
 */
import { renderPdf, type PdfWriter } from './pdf.ts';
import { formatDanish, type IsoDate } from '../domain/dates.ts';

export interface LetterContent {
  title: string;
  citizenName: string;
  caseNumber: number;
  /** The day the letter is dated: the day it goes (a held letter is dated its dispatch day). */
  date: IsoDate;
  caseworker: string | null;
  text: string;
}

function drawLetter(w: PdfWriter, l: LetterContent) {
  w.heading(1, l.title);
  w.keyValues([
    ['Til', l.citizenName],
    ['Dato', formatDanish(l.date, false)],
    ['Sagsnummer', String(l.caseNumber)],
    ...(l.caseworker ? [['Sagsbehandler', l.caseworker] as [string, string]] : []),
  ]);
  // A blank line separates paragraphs; single line breaks (the signature) stay within one paragraph.
  for (const para of l.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) w.paragraph(para);
}

export function letterPdf(l: LetterContent, o: { municipality: string; createdAt: Date }): Promise<Buffer> {
  return renderPdf({ title: l.title, municipality: o.municipality, createdAt: o.createdAt, subject: `Brev i sag ${l.caseNumber}` }, (w) => drawLetter(w, l));
}

/** The day's paper letters in one PDF for the print room: a cover page with the count, then one letter per page. */
export function printBatchPdf(day: IsoDate, letters: LetterContent[], o: { municipality: string; createdAt: Date }): Promise<Buffer> {
  const title = `Printkørsel ${formatDanish(day, false)}`;
  return renderPdf({ title, municipality: o.municipality, createdAt: o.createdAt }, (w) => {
    w.heading(1, title);
    w.paragraph(`${letters.length} ${letters.length === 1 ? 'brev' : 'breve'} til borgere, der er fritaget for Digital Post. Hvert brev begynder på en ny side.`);
    w.table(['Nr.', 'Til', 'Brev', 'Sag'], letters.map((l, i) => [String(i + 1), l.citizenName, l.title, String(l.caseNumber)]), { widths: [1, 4, 5, 2] });
    for (const l of letters) {
      w.pageBreak();
      drawLetter(w, l);
    }
  });
}
