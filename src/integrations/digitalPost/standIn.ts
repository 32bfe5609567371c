/**
 * A local stand-in for the Digital Post gateway, speaking the wire format of gateway.ts: the demo starts it by itself
 * (so a new user sees letters go out without any set-up), tests send through it, and `retur dev digital-post` runs
 * it alone. It checks each letter with parseMemo (400 if it is not a MeMo message retur could have sent), honours
 * idempotency keys (a repeat returns the first id and records nothing) and, like Digital Post, refuses a messageUUID
 * it has seen (409 with the first id). It can be told to fail the first N requests (503) or to answer slowly (after
 * recording, the window where a sender can crash after the gateway accepted).
 *
 * People look at it too: GET /dev/digital-post lists the letters received, newest first, with links to their PDFs,
 * i.e. what the citizen would find in the inbox. It holds demo data only and shows CPR numbers masked, but anyone who
 * can reach the port can read the letters: it listens on 127.0.0.1 unless told otherwise.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../clock.ts';
import { MAX_MEMO_BYTES, maskCpr, parseMemo, type ParsedMemo } from './memo.ts';

export interface DigitalPostStandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, POST /memo must carry it as a bearer token. */
  token?: string;
  /** Answer the first N letters with 503 (nothing recorded). */
  failFirst?: number;
  /** Wait this long before answering a letter (after recording it). */
  delayMs?: number;
  /** The gateway's own clock for receivedAt (a gateway is not part of retur; tests may still pass one). */
  clock?: Clock;
  /** Called for each letter recorded, with the summary that is safe to print (masked CPR, no PDF bytes). */
  onLetter?: (l: LetterSummary) => void;
}

/** A letter as received, in full: for tests in the same process. */
export interface ReceivedLetter {
  /** 1, 2, 3 … in order of arrival: the number in the page's PDF links. */
  n: number;
  /** The id the gateway answered with. */
  id: string;
  idempotencyKey: string;
  receivedAt: string;
  memo: ParsedMemo;
}

/** What GET /messages and the page show of a letter: no PDF bytes, the CPR number masked. */
export interface LetterSummary {
  n: number;
  id: string;
  messageUuid: string;
  messageId: string | null;
  title: string;
  sender: { cvr: string; name: string };
  recipient: { name: string; cpr: string };
  legalNotification: boolean;
  documents: { title: string; filename: string; size: number; url: string }[];
  receivedAt: string;
  idempotencyKey: string;
}

export interface DigitalPostStandIn {
  url: string;
  /** Everything recorded, in order of arrival (repeats of a key are not). */
  messages(): ReceivedLetter[];
  /** Letter requests answered so far, repeats and refusals included. */
  requests(): number;
  /** Fail the next N letters with 503. */
  failNext(n: number): void;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

const MAX_KEY = 200;

class TooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      if (size > max) return; // already refused; ignore the rest
      size += c.length;
      if (size > max) { reject(new TooLarge()); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('da-DK')} kB`;
const danishTime = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'medium' });

const pdfPath = (n: number, docIndex: number) => `/dev/digital-post/${n}/${docIndex}.pdf`;

function summaryOf(l: ReceivedLetter): LetterSummary {
  const m = l.memo;
  return {
    n: l.n,
    id: l.id,
    messageUuid: m.uuid,
    messageId: m.messageId,
    title: m.title,
    sender: m.sender,
    recipient: { name: m.recipient.name, cpr: maskCpr(m.recipient.cpr) },
    legalNotification: m.legalNotification,
    documents: m.documents.map((d, i) => ({ title: d.title, filename: d.filename, size: d.pdf.length, url: pdfPath(l.n, i + 1) })),
    receivedAt: l.receivedAt,
    idempotencyKey: l.idempotencyKey,
  };
}

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;color:#1a1a1a;background:#fff;line-height:1.45}
main{max-width:72rem;margin:0 auto}
h1{font-size:1.5rem;margin:0 0 .5rem}
p{margin:0 0 1rem}
.table-wrap{overflow-x:auto;border:1px solid #b8bec6;border-radius:4px}
table{border-collapse:collapse;width:100%;min-width:44rem}
caption{text-align:left;font-weight:600;padding:.5rem .75rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .75rem;border-top:1px solid #d5d9de}
thead th{background:#eef1f5;border-top:0}
td ul{margin:0;padding-left:1.1rem}
a{color:#0b4f9c}
a:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.muted{color:#555}
@media (min-width:48rem){body{padding:2rem}h1{font-size:1.875rem}}
`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;
const PAGE_CSP = `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function page(letters: ReceivedLetter[]): string {
  const rows = [...letters].reverse().map((l) => {
    const s = summaryOf(l);
    const docs = s.documents.map((d) =>
      `<li><a href="${escapeHtml(d.url)}" type="application/pdf">${escapeHtml(d.title || d.filename)}</a> <span class="muted">(PDF, ${kb(d.size)})</span></li>`).join('');
    return `<tr>
<td><time datetime="${escapeHtml(s.receivedAt)}">${escapeHtml(danishTime.format(new Date(s.receivedAt)))}</time></td>
<th scope="row">${escapeHtml(s.title)}</th>
<td>${escapeHtml(s.recipient.name || '–')}</td>
<td>${escapeHtml(s.recipient.cpr)}</td>
<td>${s.legalNotification ? 'Ja' : 'Nej'}</td>
<td><ul>${docs}</ul></td>
</tr>`;
  }).join('\n');
  const table = letters.length === 0
    ? '<p>Ingen breve modtaget endnu.</p>'
    : `<div class="table-wrap" role="region" aria-labelledby="letters-caption" tabindex="0">
<table>
<caption id="letters-caption">Modtagne breve (${letters.length}), nyeste først</caption>
<thead><tr><th scope="col">Modtaget</th><th scope="col">Titel</th><th scope="col">Modtager</th><th scope="col">CPR-nummer</th><th scope="col">Retsvirkning</th><th scope="col">Dokumenter</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Digital Post (stand-in) – modtagne breve</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Digital Post (stand-in)</h1>
<p>De breve, retur har sendt til Digital Post. Intet her er sendt til nogen: det er en lokal erstatning for Digital Post. CPR-numre vises kun med fødselsdatoen.</p>
<p><a href="/dev/digital-post">Opdater listen</a></p>
${table}
</main>
</body>
</html>
`;
}

/** An ASCII-only fallback for the old filename parameter; the real name goes in filename*. */
const contentDisposition = (filename: string) =>
  `inline; filename="${filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export async function startDigitalPostStandIn(opts: DigitalPostStandInOptions = {}): Promise<DigitalPostStandIn> {
  const clock = opts.clock ?? systemClock();
  const byKey = new Map<string, ReceivedLetter>();
  const byUuid = new Map<string, ReceivedLetter>();
  const received: ReceivedLetter[] = [];
  let failLeft = opts.failFirst ?? 0;
  let delayMs = opts.delayMs ?? 0;
  let requests = 0;
  // Base64 makes the XML a third larger than the PDFs; a little room for the header on top of parseMemo's limit.
  const maxBody = MAX_MEMO_BYTES + 64 * 1024;

  const receiveLetter = async (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) return json(res, 401, { error: 'unauthorized' });
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/xml' && type !== 'text/xml') return json(res, 415, { error: 'content-type must be application/xml' });
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY || !/^[\x21-\x7e]+$/.test(key)) {
      return json(res, 400, { error: `an Idempotency-Key header (1-${MAX_KEY} visible ASCII characters) is required` });
    }
    if (Number(req.headers['content-length'] ?? 0) > maxBody) {
      return json(res, 413, { error: 'too large' }, { connection: 'close' });
    }
    let xml: string;
    try {
      xml = await readBody(req, maxBody);
    } catch (err) {
      if (err instanceof TooLarge) return json(res, 413, { error: 'too large' }, { connection: 'close' });
      throw err;
    }
    let memo: ParsedMemo;
    try {
      memo = parseMemo(xml);
    } catch (err) {
      // parseMemo's messages name the field, never its value.
      return json(res, 400, { error: err instanceof Error ? err.message : 'invalid MeMo' });
    }
    if (failLeft > 0) { failLeft--; return json(res, 503, { error: 'temporarily unavailable' }); }
    const seen = byKey.get(key);
    if (seen) {
      if (delayMs) await sleep(delayMs);
      return json(res, 200, { id: seen.id, duplicate: true });
    }
    // Digital Post refuses a messageUUID it already has; its id tells the sender which letter that was.
    const sameUuid = byUuid.get(memo.uuid);
    if (sameUuid) return json(res, 409, { id: sameUuid.id, error: 'messageUUID already received' });
    const letter: ReceivedLetter = { n: received.length + 1, id: randomUUID(), idempotencyKey: key, receivedAt: clock.now().toISOString(), memo };
    byKey.set(key, letter);
    byUuid.set(memo.uuid, letter);
    received.push(letter);
    opts.onLetter?.(summaryOf(letter));
    if (delayMs) await sleep(delayMs);
    json(res, 201, { id: letter.id });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/memo') return receiveLetter(req, res);
    if (req.method === 'GET' && path === '/messages') return json(res, 200, received.map(summaryOf));
    if (req.method === 'GET' && (path === '/dev/digital-post' || path === '/dev/digital-post/')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      return void res.end(page(received));
    }
    const doc = req.method === 'GET' ? /^\/dev\/digital-post\/(\d{1,9})\/(\d{1,4})\.pdf$/.exec(path) : null;
    if (doc) {
      const letter = received[Number(doc[1]) - 1];
      const d = letter?.memo.documents[Number(doc[2]) - 1];
      if (!d) return json(res, 404, { error: 'not found' });
      res.writeHead(200, {
        'content-type': 'application/pdf',
        'content-length': String(d.pdf.length),
        'content-disposition': contentDisposition(d.filename),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      return void res.end(d.pdf);
    }
    return json(res, 404, { error: 'not found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { error: 'stand-in failed' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    messages: () => [...received],
    requests: () => requests,
    failNext: (n) => { failLeft = n; },
    setDelay: (ms) => { delayMs = ms; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
