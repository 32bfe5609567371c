/**
 * A small PDF builder for what retur sends or hands out (right-of-access exports now, letters later). Built on
 * pdfkit with Noto Sans embedded (from @fontsource/noto-sans, so æ, ø and å render on any reader) and tagged
 * (PDF/UA-style structure: headings, paragraphs, lists and tables with header cells, language da-DK, the title
 * shown instead of the file name) so screen readers can read it (webtilgængelighedsloven applies to documents a
 * municipality hands out). Every page carries the municipality's name at the top and "Side x af y" at the bottom,
 * marked as artifacts so assistive technology skips them.
 */
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';

export interface PdfOptions {
  /** The document's title: the first heading, the window title and the metadata title. */
  title: string;
  /** The municipality's name: the header of every page and the document's author. */
  municipality: string;
  subject?: string;
  /** From the one clock (src/clock.ts): the creation date in the metadata. */
  createdAt: Date;
}

/** What a document is written with. Each call adds one tagged element to the document's structure. */
export interface PdfWriter {
  heading(level: 1 | 2 | 3, text: string): void;
  paragraph(text: string, opts?: { muted?: boolean; bold?: boolean }): void;
  list(items: string[]): void;
  /** Label/value pairs as a two-column table whose first column holds row headers. */
  keyValues(rows: [string, string][]): void;
  /** A table with a header row. `widths` are relative column weights (default equal). */
  table(header: string[], rows: string[][], opts?: { widths?: number[] }): void;
  /** Vertical space between sections. */
  space(lines?: number): void;
  /** Starts a new page (each letter of a print batch begins on its own page). */
  pageBreak(): void;
  /**
   * A drawing (pdfkit vector graphics) of `height` points across the text width, tagged as one Figure whose `alt`
   * text a screen reader reads instead of the shapes. Starts a new page if it does not fit; the text goes on below it.
   */
  figure(alt: string, height: number, draw: (doc: PDFKit.PDFDocument, box: { x: number; y: number; width: number; height: number }) => void): void;
}

const require = createRequire(import.meta.url);
// The Latin subset of Noto Sans covers Danish (æøå, é, ü, §, «», –).
const fontDir = () => join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
let fonts: { regular: Buffer; bold: Buffer } | null = null;
const loadFonts = () =>
  (fonts ??= {
    regular: woffToSfnt(readFileSync(join(fontDir(), 'noto-sans-latin-400-normal.woff'))),
    bold: woffToSfnt(readFileSync(join(fontDir(), 'noto-sans-latin-700-normal.woff'))),
  });

/**
 * WOFF 1.0 → plain TrueType, once per process. fontkit reads WOFF too, but inflates a table (in pure JS) every
 * time pdfkit touches it, which made a ten-page export take seconds; unpacked once with zlib it takes milliseconds.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF': already a TrueType/OpenType font
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const e = 44 + i * 20;
    const [offset, compLength, origLength] = [woff.readUInt32BE(e + 4), woff.readUInt32BE(e + 8), woff.readUInt32BE(e + 12)];
    const raw = woff.subarray(offset, offset + compLength);
    return { tag: woff.readUInt32BE(e), checksum: woff.readUInt32BE(e + 16), data: compLength < origLength ? inflateSync(raw) : raw };
  });
  const pad = (n: number) => (n + 3) & ~3;
  const header = 12 + 16 * numTables;
  const out = Buffer.alloc(header + tables.reduce((s, t) => s + pad(t.data.length), 0));
  const log2 = Math.floor(Math.log2(numTables));
  out.writeUInt32BE(woff.readUInt32BE(4), 0); // sfnt version
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(16 * 2 ** log2, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(16 * numTables - 16 * 2 ** log2, 10);
  let at = header;
  tables.forEach((t, i) => {
    out.writeUInt32BE(t.tag, 12 + i * 16);
    out.writeUInt32BE(t.checksum, 16 + i * 16);
    out.writeUInt32BE(at, 20 + i * 16);
    out.writeUInt32BE(t.data.length, 24 + i * 16);
    t.data.copy(out, at);
    at += pad(t.data.length);
  });
  return out;
}

const SIZES = { 1: 18, 2: 14, 3: 12 } as const;
const BODY = 10;
const MUTED = '#555555';
const LINE = '#b8bec6';
const HEADER_BG = '#eef1f5';

/** Renders a document and returns the PDF bytes. */
export async function renderPdf(opts: PdfOptions, draw: (w: PdfWriter) => void | Promise<void>): Promise<Buffer> {
  const f = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 70, bottom: 60, left: 56, right: 56 },
    tagged: true,
    pdfVersion: '1.7',
    lang: 'da-DK',
    displayTitle: true,
    bufferPages: true,
    info: { Title: opts.title, Author: opts.municipality, Subject: opts.subject ?? opts.title, Creator: 'retur', Producer: 'retur', CreationDate: opts.createdAt, ModDate: opts.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // Registered as parsed fonts rather than bytes: pdfkit's table switches font per cell and back, and with bytes
  // it would parse the font again each time (seconds for a long export); with the parsed font it reuses it.
  for (const [name, bytes] of [['regular', f.regular], ['bold', f.bold]] as const) {
    doc.registerFont(name, bytes);
    doc.font(name);
    doc.registerFont(name, (doc as unknown as { _font: { font: never } })._font.font);
  }
  doc.font('regular').fontSize(BODY).fillColor('black');

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = () => doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const resetX = () => { doc.x = doc.page.margins.left; };

  const writer: PdfWriter = {
    heading(level, text) {
      resetX();
      // Keep a heading with what follows it (a few lines, or a table's header and first row).
      if (doc.y + SIZES[level] * 2 + 80 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      if (level > 1) doc.moveDown(0.6);
      root.add(doc.struct(`H${level}`, {}, () => {
        doc.font('bold').fontSize(SIZES[level]).fillColor('black').text(text, { width: width() });
      }));
      doc.font('regular').fontSize(BODY).moveDown(0.3);
    },
    paragraph(text, p = {}) {
      resetX();
      root.add(doc.struct('P', {}, () => {
        doc.font(p.bold ? 'bold' : 'regular').fontSize(BODY).fillColor(p.muted ? MUTED : 'black').text(text, { width: width() });
      }));
      doc.font('regular').fillColor('black').moveDown(0.3);
    },
    list(items) {
      resetX();
      if (items.length === 0) return;
      doc.font('regular').fontSize(BODY).fillColor('black');
      doc.list(items, { structParent: root, bulletRadius: 1.5, textIndent: 10, width: width() } as PDFKit.Mixins.TextOptions);
      doc.moveDown(0.3);
    },
    keyValues(rows) {
      if (rows.length === 0) return;
      resetX();
      table(rows.map(([k, v]) => [{ text: k, type: 'TH', scope: 'Row', font: { src: 'bold' } }, { text: v }]), [1, 2]);
    },
    table(header, rows, o = {}) {
      resetX();
      const head = header.map((h) => ({ text: h, type: 'TH' as const, scope: 'Column', font: { src: 'bold' }, backgroundColor: HEADER_BG }));
      table([head, ...rows.map((r) => r.map((c) => ({ text: c })))], o.widths ?? header.map(() => 1));
    },
    space(lines = 1) {
      doc.moveDown(lines);
    },
    pageBreak() {
      doc.addPage();
      resetX();
    },
    figure(alt, height, draw) {
      resetX();
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const box = { x: doc.page.margins.left, y: doc.y, width: width(), height };
      // pdfkit 0.20 writes Alt, and BBox/Placement as layout attributes (PDF/UA asks a figure for both).
      root.add(doc.struct('Figure', { alt, bbox: [box.x, box.y, box.x + box.width, box.y + height], placement: 'Block' } as PDFKit.Mixins.StructureElementOptions, () => {
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0; // text drawn at a position inside the box must never start a new page
        doc.save();
        draw(doc, box);
        doc.restore();
        doc.page.margins.bottom = bottom;
      }));
      doc.font('regular').fontSize(BODY).fillColor('black');
      doc.x = box.x;
      doc.y = box.y + height;
      doc.moveDown(0.3);
    },
  };

  function table(data: Record<string, unknown>[][], weights: number[]) {
    const total = weights.reduce((a, b) => a + b, 0);
    const w = width();
    doc.font('regular').fontSize(9).fillColor('black');
    // pdfkit's table tags Table/TR/TH/TD itself when given a structure parent; header cells get a scope.
    doc.table({
      structParent: root,
      columnStyles: weights.map((x) => ({ width: (w * x) / total })),
      defaultStyle: { border: 0.5, borderColor: LINE, padding: 3 },
      data,
    } as unknown as PDFKit.Mixins.TableOptionsWithData);
    doc.font('regular').fontSize(BODY).moveDown(0.6);
    resetX();
  }

  await draw(writer);
  root.end();

  // Header and footer on every page, as artifacts (not part of the reading order).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left, right, bottom } = doc.page.margins;
    const w = doc.page.width - left - right;
    doc.page.margins.bottom = 0; // writing in the bottom margin must not start a new page
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('bold').fontSize(9).fillColor(MUTED).text(opts.municipality, left, 30, { width: w, lineBreak: false });
    doc.font('regular').fontSize(8).fillColor(MUTED).text(`Side ${i - range.start + 1} af ${range.count}`, left, doc.page.height - 40, { width: w, align: 'right', lineBreak: false });
    doc.moveTo(left, 46).lineTo(left + w, 46).lineWidth(0.5).strokeColor(LINE).stroke();
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
