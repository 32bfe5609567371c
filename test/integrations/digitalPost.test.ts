/**
 * The Digital Post adapter against the real stand-in over HTTP: a letter is delivered once however often it is
 * handed over, failures are sorted into "try again" and "give up" the way the outbox worker needs, and the page a
 * developer opens shows the letter as the citizen would get it, without the full CPR number.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { manualClock } from '../../src/clock.ts';
import { renderPdf } from '../../src/documents/pdf.ts';
import { DeliveryError, type OutgoingMessage } from '../../src/integrations/delivery.ts';
import { buildMemo, type MemoInput } from '../../src/integrations/digitalPost/memo.ts';
import { digitalPostFromEnv, httpDigitalPostGateway } from '../../src/integrations/digitalPost/gateway.ts';
import { startDigitalPostStandIn, type DigitalPostStandIn, type LetterSummary } from '../../src/integrations/digitalPost/standIn.ts';
import { pdfText } from '../pdfText.ts';

const TOKEN = 'dp-test-token-0123456789';
const CPR = '2512894321';
const RECEIVED = '2026-12-03T16:04:05+01:00';

let pdf: Buffer;
let gw: DigitalPostStandIn | null = null;
let other: Server | null = null;

beforeAll(async () => {
  pdf = await renderPdf({ title: 'Afgørelse om sygedagpenge', municipality: 'Ærø Kommune', createdAt: new Date('2026-12-03T15:00:00Z') }, (w) => {
    w.heading(1, 'Afgørelse om sygedagpenge');
    w.paragraph('Kære Åse Øster-Bækgård. Du får fortsat sygedagpenge.');
  });
});

afterEach(async () => {
  await gw?.close();
  gw = null;
  await new Promise<void>((r) => (other ? other.close(() => r()) : r()));
  other = null;
});

async function standIn(opts: Parameters<typeof startDigitalPostStandIn>[0] = {}) {
  gw = await startDigitalPostStandIn({ token: TOKEN, clock: manualClock(RECEIVED), ...opts });
  return gw;
}

function memo(over: Partial<MemoInput> = {}): string {
  return buildMemo({
    messageUuid: randomUUID(),
    messageId: 'retur-letter-12',
    title: 'Afgørelse: dine sygedagpenge fortsætter – Ærø Kommune',
    createdAt: new Date('2026-12-03T15:00:00Z'),
    sender: { cvr: '29189676', name: 'Ærø Kommune' },
    recipient: { cpr: CPR, name: 'Åse Øster-Bækgård' },
    legalNotification: true,
    mainDocument: { id: 'letter-12', title: 'Afgørelse om sygedagpenge', filename: 'afgørelse.pdf', pdf },
    additionalDocuments: [{ id: 'letter-12-b', title: 'Klagevejledning', filename: 'klagevejledning.pdf', pdf }],
    ...over,
  });
}

const outgoing = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ recipient: CPR, body: memo(), idempotencyKey: `letter-12-${randomUUID()}`, ...over });

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('httpDigitalPostGateway against the stand-in', () => {
  it('delivers a letter: the provider id comes back and the letter is listed with its documents', async () => {
    const sp = await standIn();
    const send = httpDigitalPostGateway({ url: sp.url, token: TOKEN });
    const { providerId } = await send(outgoing({ idempotencyKey: 'letter-12-a1' }));

    const [letter] = sp.messages();
    expect(sp.messages()).toHaveLength(1);
    expect(letter.id).toBe(providerId);
    expect(letter.memo.recipient).toEqual({ cpr: CPR, name: 'Åse Øster-Bækgård' });
    expect(letter.memo.title).toBe('Afgørelse: dine sygedagpenge fortsætter – Ærø Kommune');
    expect(pdfText(letter.memo.documents[0].pdf)).toContain('Åse Øster-Bækgård');

    const listed = await (await fetch(`${sp.url}/messages`)).json() as LetterSummary[];
    expect(listed).toEqual([{
      n: 1,
      id: providerId,
      messageUuid: letter.memo.uuid,
      messageId: 'retur-letter-12',
      title: 'Afgørelse: dine sygedagpenge fortsætter – Ærø Kommune',
      sender: { cvr: '29189676', name: 'Ærø Kommune' },
      recipient: { name: 'Åse Øster-Bækgård', cpr: '251289-xxxx' },
      legalNotification: true,
      documents: [
        { title: 'Afgørelse om sygedagpenge', filename: 'afgørelse.pdf', size: pdf.length, url: '/dev/digital-post/1/1.pdf' },
        { title: 'Klagevejledning', filename: 'klagevejledning.pdf', size: pdf.length, url: '/dev/digital-post/1/2.pdf' },
      ],
      receivedAt: '2026-12-03T15:04:05.000Z',
      idempotencyKey: 'letter-12-a1',
    }]);
    expect(JSON.stringify(listed)).not.toContain(CPR);
  });

  it('a repeated idempotency key returns the first id and records nothing; so does the same messageUUID', async () => {
    const sp = await standIn();
    const send = httpDigitalPostGateway({ url: sp.url, token: TOKEN });
    const m = outgoing();
    const first = await send(m);
    expect(await send(m)).toEqual(first);
    // A re-send after a crash that lost the key, of the same MeMo: Digital Post knows the UUID.
    expect(await send({ ...m, idempotencyKey: 'another-key' })).toEqual(first);
    expect(sp.messages()).toHaveLength(1);
    expect(sp.requests()).toBe(3);
  });

  it('a 503 is a temporary failure; the next attempt delivers', async () => {
    const sp = await standIn({ failFirst: 1 });
    const send = httpDigitalPostGateway({ url: sp.url, token: TOKEN });
    const m = outgoing();
    const err = await failure(send(m));
    expect(err.permanent).toBe(false);
    expect(err.message).toBe('Digital Post-gatewayen afviste brevet (HTTP 503)');
    expect(sp.messages()).toHaveLength(0);
    await send(m);
    expect(sp.messages()).toHaveLength(1);
  });

  it('a letter that is not a MeMo message (400) is a permanent failure', async () => {
    const sp = await standIn();
    const send = httpDigitalPostGateway({ url: sp.url, token: TOKEN });
    const whole = memo();
    const err = await failure(send(outgoing({ body: whole.slice(0, whole.length / 2) })));
    expect(err.permanent).toBe(true);
    expect(err.message).toBe('Digital Post-gatewayen afviste brevet (HTTP 400)');
    expect(sp.messages()).toHaveLength(0);
  });

  it('a wrong token is a permanent 401', async () => {
    const sp = await standIn();
    const err = await failure(httpDigitalPostGateway({ url: sp.url, token: 'wrong' })(outgoing()));
    expect(err.permanent).toBe(true);
    expect(err.message).toBe('Digital Post-gatewayen afviste brevet (HTTP 401)');
    expect(sp.messages()).toHaveLength(0);
  });

  it('no answer within the timeout is a temporary failure (the stand-in still has the letter: the key prevents a second)', async () => {
    const sp = await standIn({ delayMs: 2_000 });
    const send = httpDigitalPostGateway({ url: sp.url, token: TOKEN, timeoutMs: 150 });
    const m = outgoing();
    const err = await failure(send(m));
    expect(err.permanent).toBe(false);
    expect(err.message).toBe('Digital Post-gatewayen svarede ikke inden for 150 ms');
    sp.setDelay(0);
    await httpDigitalPostGateway({ url: sp.url, token: TOKEN })(m);
    expect(sp.messages()).toHaveLength(1);
  });

  it('a gateway that cannot be reached is temporary; 429 temporary; 422 permanent; 2xx without id temporary', async () => {
    const unreachable = await failure(httpDigitalPostGateway({ url: 'http://127.0.0.1:1', token: TOKEN })(outgoing()));
    expect([unreachable.permanent, unreachable.message]).toEqual([false, 'Digital Post-gatewayen kunne ikke nås']);

    let status = 429;
    let body = '{"error":"slow down"}';
    const seen: { headers: Record<string, unknown>; url?: string }[] = [];
    other = createServer((req, res) => {
      seen.push({ headers: req.headers, url: req.url });
      req.resume();
      req.on('end', () => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(body); });
    });
    await new Promise<void>((r) => other!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/base/`;
    const send = httpDigitalPostGateway({ url, token: TOKEN });
    const m = outgoing({ idempotencyKey: 'letter-7-k' });
    expect((await failure(send(m))).permanent).toBe(false);
    expect(seen[0].url).toBe('/base/memo');
    expect(seen[0].headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'letter-7-k', 'content-type': 'application/xml; charset=utf-8' });
    status = 422;
    expect((await failure(send(m))).permanent).toBe(true);
    status = 202;
    body = '{}';
    const noId = await failure(send(m));
    expect([noId.permanent, noId.message]).toEqual([false, 'Digital Post-gatewayen svarede 202 uden id']);
    status = 409;
    body = '{"id":"dp-123"}';
    expect(await send(m)).toEqual({ providerId: 'dp-123' });
  });

  it('refuses, without sending, a letter whose MeMo names another recipient than the outbox row', async () => {
    const sp = await standIn();
    const send = httpDigitalPostGateway({ url: sp.url, token: TOKEN });
    const err = await failure(send(outgoing({ recipient: '0101901234' })));
    expect(err.permanent).toBe(true);
    expect(err.message).not.toMatch(/\d{6}/);
    const notCpr = await failure(send(outgoing({ recipient: '251289-4321' })));
    expect(notCpr.permanent).toBe(true);
    expect(sp.requests()).toBe(0);
  });
});

describe('the stand-in\'s page /dev/digital-post', () => {
  it('lists the letters newest first with æøå titles and the CPR number masked, never in full', async () => {
    const sp = await standIn();
    const send = httpDigitalPostGateway({ url: sp.url, token: TOKEN });
    await send(outgoing({ body: memo({ title: 'Indkaldelse til opfølgningssamtale', legalNotification: false }) }));
    await send(outgoing({ body: memo({ title: 'Afgørelse <om> sygedagpenge & "Ærø"' }) }));

    const res = await fetch(`${sp.url}/dev/digital-post`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/<div class="table-wrap"[^>]*>\s*<table>/);
    expect(html).not.toContain('<script');
    expect(html).toContain('Afgørelse &lt;om&gt; sygedagpenge &amp; &quot;Ærø&quot;');
    expect(html).not.toContain('<om>');
    expect(html).toContain('Åse Øster-Bækgård');
    expect(html).toContain('251289-xxxx');
    expect(html).not.toContain(CPR);
    expect(html).toContain('03.12.2026, 16.04.05');
    // Newest first.
    expect(html.indexOf('Afgørelse &lt;om&gt;')).toBeLessThan(html.indexOf('Indkaldelse til opfølgningssamtale'));
    expect(html).toMatch(/Indkaldelse til opfølgningssamtale<\/th>[\s\S]*?<td>Nej<\/td>/);
    expect(html).toMatch(/Afgørelse &lt;om&gt;[^<]*<\/th>[\s\S]*?<td>Ja<\/td>/);
    expect(html).toContain('href="/dev/digital-post/1/1.pdf"');
    expect(html).toContain('href="/dev/digital-post/2/2.pdf"');
  });

  it('says so when nothing has arrived', async () => {
    const sp = await standIn();
    expect(await (await fetch(`${sp.url}/dev/digital-post`)).text()).toContain('Ingen breve modtaget endnu.');
  });

  it('the PDF link serves the document as a PDF', async () => {
    const sp = await standIn();
    await httpDigitalPostGateway({ url: sp.url, token: TOKEN })(outgoing());
    const res = await fetch(`${sp.url}/dev/digital-post/1/1.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''afg%C3%B8relse.pdf");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.equals(pdf)).toBe(true);
    expect((await fetch(`${sp.url}/dev/digital-post/1/3.pdf`)).status).toBe(404);
    expect((await fetch(`${sp.url}/dev/digital-post/2/1.pdf`)).status).toBe(404);
  });
});

describe('digitalPostFromEnv', () => {
  it('is null without a URL, a sender with URL and token, and refuses a URL without a token', () => {
    expect(digitalPostFromEnv({})).toBeNull();
    expect(typeof digitalPostFromEnv({ RETUR_DIGITAL_POST_URL: 'https://dp.example.dk', RETUR_DIGITAL_POST_TOKEN: 't' })).toBe('function');
    expect(() => digitalPostFromEnv({ RETUR_DIGITAL_POST_URL: 'https://dp.example.dk' })).toThrow('RETUR_DIGITAL_POST_TOKEN');
  });
});
