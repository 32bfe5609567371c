/**
 * The citizen's course overview as one A4 page (issue 9): title, intro, a drawn timeline, and the same items as a
 * table (Dato, Uge, Hvad sker der), so everything the drawing shows is also text for screen readers. The drawing is
 * one tagged Figure with a text alternative; the table is the content. A typical case (up to 12 items) fits on one page.
 */
import { renderPdf, type PdfWriter } from './pdf.ts';
import { daysBetween, formatDanish, toUtc, type IsoDate } from '../domain/dates.ts';
import type { CourseItem, CourseOverview } from '../domain/courseOverview.ts';

/** Where a figure may draw: points, top-left origin (pdfkit's coordinates). */
export interface FigureBox { x: number; y: number; width: number; height: number }

/** pdf.ts's text width on A4: 595 pt less margins of 56 pt on each side. */
const TEXT_WIDTH = 483;

const ACCENT = '#0b5cad';
const DONE = '#8a929e';
const AXIS = '#5a6270';
const MUTED = '#555555';
const TODAY = '#b00020';

const WEEK_SIZE = 7;
const TITLE_SIZE = 7.5;
const DATE_SIZE = 6.8;
/** A label: its week, a title of at most three lines, its date. */
const TITLE_LINES = 3;
const LABEL_HEIGHT = WEEK_SIZE * 1.25 + TITLE_SIZE * 1.25 * TITLE_LINES + DATE_SIZE * 1.25;
const STEM = 7; // the line from a dot to its label
const LEGEND_HEIGHT = 14;

const MONTHS_SHORT = ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];
const shortDate = (d: IsoDate) => { const u = toUtc(d); return `${u.getUTCDate()}. ${MONTHS_SHORT[u.getUTCMonth()]}`; };

export interface TimelineLayout {
  /** Labels alternate above and below the line when there are more than a few items. */
  twoSided: boolean;
  /** The axis, from the figure's top. */
  axisY: number;
  height: number;
  /** Each item's dot (from the figure's left), its side, and where its label goes. */
  stops: { item: CourseItem; x: number; above: boolean; labelLeft: number; labelWidth: number; align: 'left' | 'right' | 'center' }[];
  /** Where today falls on the line; null only without items. */
  todayX: number | null;
}

/**
 * A course line, like a route map: one stop per item, evenly spaced in date order, each with its sick week, its title
 * and its date. Even spacing rather than a time scale keeps every label readable when much happens in the first eight
 * weeks and little until the reassessment; the week numbers and dates carry the time. Labels alternate above and
 * below the line, so each may be two stops wide. The height is fixed by the layout, before pdfkit measures text.
 */
export function layoutTimeline(o: Pick<CourseOverview, 'items' | 'today'>, width: number): TimelineLayout {
  const items = [...o.items].sort((a, b) => a.date.localeCompare(b.date));
  const n = Math.max(1, items.length);
  const slot = width / n;
  const twoSided = items.length > 4;
  const stops = items.map((item, i) => {
    const x = slot * (i + 0.5);
    // A label may be as wide as the stops on its side are apart, centred on its dot; at the ends it stops at the edge
    // and lines up with it instead.
    const half = Math.min(150, (twoSided ? 2 * slot : slot) - 6) / 2;
    const left = Math.max(0, x - half);
    const right = Math.min(width, x + half);
    const align: 'left' | 'right' | 'center' = x - half < 0 ? 'left' : x + half > width ? 'right' : 'center';
    return { item, x, above: twoSided && i % 2 === 1, labelLeft: left, labelWidth: right - left, align };
  });
  const axisY = (twoSided ? LABEL_HEIGHT + STEM : 0) + 10;
  const height = axisY + STEM + LABEL_HEIGHT + 4 + LEGEND_HEIGHT;
  // Today between the two stops around it, in proportion to the days; on a stop's day, at the stop; before the first
  // or after the last stop, halfway to the line's end.
  let todayX: number | null = null;
  if (stops.length && o.today < stops[0].item.date) todayX = stops[0].x / 2;
  else if (stops.length && o.today > stops[stops.length - 1].item.date) todayX = (stops[stops.length - 1].x + width) / 2;
  else for (let i = 0; i < stops.length; i++) {
    const a = stops[i];
    const b = stops[i + 1];
    if (a.item.date === o.today) { todayX = a.x; break; }
    if (b && a.item.date < o.today && o.today < b.item.date) {
      todayX = a.x + ((b.x - a.x) * daysBetween(a.item.date, o.today)) / daysBetween(a.item.date, b.item.date);
      break;
    }
  }
  return { twoSided, axisY, height, stops, todayX };
}

/** Draws the course line with pdfkit into `box` (its height from layoutTimeline). */
export function drawTimeline(doc: PDFKit.PDFDocument, box: FigureBox, o: Pick<CourseOverview, 'items' | 'today'>, layout = layoutTimeline(o, box.width)) {
  const X = (x: number) => box.x + x;
  const axisY = box.y + layout.axisY;
  const first = layout.stops[0];
  if (!first) return;
  doc.save();
  doc.lineCap('round');
  // The line: from the first stop to the last; the stretch behind us darker.
  doc.moveTo(X(0), axisY).lineTo(X(box.width), axisY).lineWidth(1.5).strokeColor('#c4c9d1').stroke();
  const pastTo = layout.todayX;
  if (pastTo) doc.moveTo(X(0), axisY).lineTo(X(pastTo), axisY).lineWidth(2.2).strokeColor(AXIS).stroke();

  // Today: a red bar across the line (named in the legend, so no label competes with the stops' labels).
  if (layout.todayX != null) doc.moveTo(X(layout.todayX), axisY - 7).lineTo(X(layout.todayX), axisY + 7).lineWidth(1.6).strokeColor(TODAY).stroke();

  for (const s of layout.stops) {
    const x = X(s.x);
    const color = s.item.done ? DONE : ACCENT;
    const ink = s.item.done ? MUTED : 'black';
    doc.moveTo(x, axisY).lineTo(x, s.above ? axisY - STEM : axisY + STEM).lineWidth(0.6).strokeColor(color).stroke();
    doc.circle(x, axisY, 3.6).lineWidth(1).fillAndStroke(color, '#ffffff');
    const { labelWidth: w, align } = s;
    const left = X(s.labelLeft);
    const titleHeight = Math.min(
      doc.font('bold').fontSize(TITLE_SIZE).heightOfString(s.item.title, { width: w, align }),
      TITLE_SIZE * 1.25 * TITLE_LINES);
    const height = WEEK_SIZE * 1.25 + titleHeight + DATE_SIZE * 1.25;
    // Above the line the label sits on its stem; below, it hangs from it.
    let y = s.above ? axisY - STEM - height - 1 : axisY + STEM + 1;
    doc.font('bold').fontSize(WEEK_SIZE).fillColor(color).text(`uge ${s.item.week}`, left, y, { width: w, align, lineBreak: false });
    y += WEEK_SIZE * 1.25;
    doc.font('bold').fontSize(TITLE_SIZE).fillColor(ink).text(s.item.title, left, y, { width: w, align, height: titleHeight + 1, ellipsis: true });
    y += titleHeight;
    doc.font('regular').fontSize(DATE_SIZE).fillColor(MUTED).text(shortDate(s.item.date), left, y, { width: w, align, lineBreak: false });
  }

  // Legend: colour is not the only cue (the week and date of each stop, and "I dag er …" above the table, say the same).
  const ly = box.y + layout.height - LEGEND_HEIGHT + 3;
  let lx = X(0);
  for (const [color, text] of [[ACCENT, 'Kommer'], [DONE, 'Overstået'], [TODAY, 'I dag']] as const) {
    if (color === TODAY) doc.moveTo(lx + 3, ly - 1).lineTo(lx + 3, ly + 8).lineWidth(1.6).strokeColor(TODAY).stroke();
    else doc.circle(lx + 3, ly + 3.5, 3).fill(color);
    doc.font('regular').fontSize(7).fillColor(MUTED).text(text, lx + 9, ly, { lineBreak: false });
    lx += 9 + doc.widthOfString(text) + 14;
  }
  doc.restore();
}

/** The figure's text alternative: short, and pointing at the table under it that holds the same items. */
export function timelineAlt(o: Pick<CourseOverview, 'items'>): string {
  if (o.items.length === 0) return 'Tidslinje over dit forløb. Der er ingen datoer endnu.';
  const first = o.items[0];
  const last = o.items[o.items.length - 1];
  return `Tidslinje over dit forløb: ${o.items.length} punkter fra uge ${first.week} til uge ${last.week}. Tabellen herunder viser de samme punkter med dato.`;
}

/** The overview as a PDF: one A4 page for a typical case (up to 12 items). */
export function courseOverviewPdf(overview: CourseOverview, opts: { municipality: string; createdAt: Date }): Promise<Buffer> {
  return renderPdf({ title: overview.title, municipality: opts.municipality, createdAt: opts.createdAt, subject: 'Hvad sker der i din sag, og hvornår' }, (w: PdfWriter) => {
    w.heading(1, overview.title);
    w.paragraph(overview.intro);
    if (overview.fastTrack) w.paragraph(overview.fastTrack, { bold: true });
    if (overview.items.length === 0) return;
    const layout = layoutTimeline(overview, TEXT_WIDTH);
    w.figure(timelineAlt(overview), layout.height, (doc, box) => drawTimeline(doc, box, overview, box.width === TEXT_WIDTH ? layout : undefined));
    w.heading(2, 'Datoer i dit forløb');
    w.paragraph(`I dag er ${formatDanish(overview.today)}.`, { muted: true });
    w.table(['Dato', 'Uge', 'Hvad sker der'],
      overview.items.map((i) => [formatDanish(i.date), String(i.week), `${i.title}. ${i.text}`]),
      { widths: [1.7, 0.4, 4.2] });
  });
}
