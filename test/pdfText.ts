/** Text extraction from the PDFs retur makes (pdfkit, embedded fonts): for tests that check what a document says. */
import { inflateSync } from 'node:zlib';

/** The text a reader would get out of a PDF made by pdfkit: inflates the content streams and maps glyphs through each font's ToUnicode map. */
export function pdfText(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; data: Buffer | null }>();
  const re = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const streamAt = s.indexOf('stream', start);
    const endobj = s.indexOf('endobj', start);
    if (streamAt !== -1 && streamAt < endobj) {
      const dict = s.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const dataStart = streamAt + 'stream'.length + (s[streamAt + 6] === '\r' ? 2 : 1);
      const raw = pdf.subarray(dataStart, dataStart + length);
      objects.set(Number(m[1]), { dict, data: /FlateDecode/.test(dict) ? inflateSync(raw) : raw });
      re.lastIndex = dataStart + length;
    } else objects.set(Number(m[1]), { dict: s.slice(start, endobj), data: null });
  }
  const cmaps = new Map<number, string[]>(); // font object → unicode text per glyph code
  for (const [id, o] of objects) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(o.dict);
    if (!toUnicode) continue;
    const cmap = objects.get(Number(toUnicode[1]))!.data!.toString('latin1');
    const table: string[] = [];
    for (const r of cmap.matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/gi)) {
      let code = parseInt(r[1], 16);
      for (const e of r[2].matchAll(/<([0-9a-f ]+)>/gi)) table[code++] = String.fromCharCode(...e[1].split(' ').map((h) => parseInt(h, 16)));
    }
    cmaps.set(id, table);
  }
  const fontRefs = new Map<string, number>();
  for (const o of objects.values()) for (const f of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) fontRefs.set(f[1], Number(f[2]));
  let text = '';
  for (const o of objects.values()) {
    if (!o.data || /\/Type \/XObject|Length1|ToUnicode|\/Subtype/.test(o.dict)) continue;
    const content = o.data.toString('latin1');
    let table: string[] = [];
    for (const op of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) { table = cmaps.get(fontRefs.get(op[1]) ?? -1) ?? []; continue; }
      for (const h of op[2].matchAll(/<([0-9a-f]+)>/gi)) for (let i = 0; i < h[1].length; i += 4) text += table[parseInt(h[1].slice(i, i + 4), 16)] ?? '';
      text += '\n';
    }
  }
  return text;
}
