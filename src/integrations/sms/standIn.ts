/**
 * A local stand-in for the SMS gateway, speaking the wire format of gateway.ts: the demo starts it by itself (so a
 * new user sees reminders without any set-up), tests and the bench send through it, and
 * `retur dev sms-gateway --port N` runs it alone. It records what it receives (GET /messages), honours idempotency
 * keys (a repeat returns the first id and records nothing), and can be told to fail the first N requests (503) or
 * to answer slowly. A slow answer comes after the message is recorded: exactly the window where a sender can crash
 * after the gateway accepted but before it wrote that down.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../clock.ts';

export interface StandInOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Answer the first N message requests with 503 (nothing recorded). */
  failFirst?: number;
  /** Wait this long before answering a message request (after recording it). */
  delayMs?: number;
  /** Post a delivery receipt to the message's callbackUrl after this many ms (false: no receipts). */
  receipts?: boolean | { afterMs: number };
  /** When set, requests must carry it as a bearer token, and receipts are sent with it. */
  token?: string;
  /** The gateway's own clock for receivedAt (a gateway is not part of retur; tests may still pass one). */
  clock?: Clock;
  /** Called for each message recorded (the dev command prints it). */
  onMessage?: (m: ReceivedSms) => void;
}

export interface ReceivedSms {
  to: string;
  text: string;
  idempotencyKey: string;
  receivedAt: string;
}

export interface SmsStandIn {
  url: string;
  /** Everything recorded, in order of arrival (repeats of a key are not). */
  messages(): ReceivedSms[];
  /** Requests answered so far, repeats and refusals included. */
  requests(): number;
  /** Fail the next N message requests with 503. */
  failNext(n: number): void;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

interface Stored extends ReceivedSms { id: string }

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const str = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

export async function startSmsStandIn(opts: StandInOptions = {}): Promise<SmsStandIn> {
  const clock = opts.clock ?? systemClock();
  const byKey = new Map<string, Stored>();
  const received: Stored[] = [];
  let failLeft = opts.failFirst ?? 0;
  let delayMs = opts.delayMs ?? 0;
  let requests = 0;
  const receiptAfter = opts.receipts === true ? 20 : opts.receipts ? opts.receipts.afterMs : null;
  const pendingReceipts = new Set<NodeJS.Timeout>();

  /** Delivery receipt with retries: retur answers 404 until it has written down the provider id. */
  const sendReceipt = (callbackUrl: string, id: string, attempt = 0) => {
    const timer = setTimeout(async () => {
      pendingReceipts.delete(timer);
      const ok = await fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
        body: JSON.stringify({ id, status: 'delivered' }),
        signal: AbortSignal.timeout(5_000),
      }).then((r) => r.ok, () => false);
      if (!ok && attempt < 6) sendReceipt(callbackUrl, id, attempt + 1);
    }, (receiptAfter ?? 0) * 2 ** attempt);
    pendingReceipts.add(timer);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/messages') {
      return json(res, 200, received.map(({ to, text, idempotencyKey, receivedAt }) => ({ to, text, idempotencyKey, receivedAt })));
    }
    if (req.method !== 'POST' || path !== '/messages') return json(res, 404, { error: 'not found' });
    requests++;
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) return json(res, 401, { error: 'unauthorized' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return json(res, 400, { error: 'invalid json' });
    }
    if (!body || typeof body !== 'object' || !str(body.to, 20) || !/^\+\d{8,15}$/.test(body.to as string) || !str(body.text, 1600) || !str(body.idempotencyKey, 200)
      || (body.callbackUrl !== undefined && !str(body.callbackUrl, 2000))) {
      return json(res, 400, { error: 'to (+E.164), text and idempotencyKey are required' });
    }
    if (failLeft > 0) { failLeft--; return json(res, 503, { error: 'temporarily unavailable' }); }
    const key = body.idempotencyKey as string;
    const seen = byKey.get(key);
    if (seen) {
      if (delayMs) await sleep(delayMs);
      return json(res, 200, { id: seen.id, duplicate: true });
    }
    const stored: Stored = { id: randomUUID(), to: body.to as string, text: body.text as string, idempotencyKey: key, receivedAt: clock.now().toISOString() };
    byKey.set(key, stored);
    received.push(stored);
    opts.onMessage?.({ to: stored.to, text: stored.text, idempotencyKey: key, receivedAt: stored.receivedAt });
    if (delayMs) await sleep(delayMs);
    json(res, 201, { id: stored.id });
    if (receiptAfter !== null && typeof body.callbackUrl === 'string') sendReceipt(body.callbackUrl, stored.id);
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
    messages: () => received.map(({ to, text, idempotencyKey, receivedAt }) => ({ to, text, idempotencyKey, receivedAt })),
    requests: () => requests,
    failNext: (n) => { failLeft = n; },
    setDelay: (ms) => { delayMs = ms; },
    close: () => new Promise<void>((resolve) => {
      for (const t of pendingReceipts) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
