/**
 * The Digital Post adapter: letters go as MeMo messages (memo.ts) to an HTTPS gateway, so a municipality can put
 * its own access to Digital Post (Serviceplatformen's SF1601 through its integration platform, or a supplier's
 * proxy) behind two settings, RETUR_DIGITAL_POST_URL and RETUR_DIGITAL_POST_TOKEN.
 *
 * Wire format (the stand-in in standIn.ts implements the same):
 *   POST {RETUR_DIGITAL_POST_URL}/memo   content-type: application/xml
 *        Authorization: Bearer {RETUR_DIGITAL_POST_TOKEN}   Idempotency-Key: {key}
 *        body: the MeMo XML
 *   → 2xx {id}                           the gateway's id of the letter
 *   → 200 or 409 {id}                    the same idempotency key again: the first letter's id, nothing sent twice
 *   → other 4xx                          permanent: the letter will never go (invalid MeMo, refused, unauthorised)
 *   → 5xx, 408, 429, timeout             temporary: try again later
 */
import { DeliveryError, type Sender } from '../delivery.ts';

/** A failed hand-over to the Digital Post gateway. `permanent`: trying again cannot help. */
export class DigitalPostError extends DeliveryError {
  constructor(message: string, permanent: boolean) {
    super(message, permanent);
    this.name = 'DigitalPostError';
  }
}

export interface DigitalPostGatewayOptions {
  /** RETUR_DIGITAL_POST_URL: the base URL; letters go to `${url}/memo`. */
  url: string;
  /** RETUR_DIGITAL_POST_TOKEN: sent as a bearer token. */
  token: string;
  /** Give up on one request after this long (a temporary failure). Keep it well below the worker's lease. */
  timeoutMs?: number;
}

const providerIdOf = (body: unknown) =>
  body && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string' && (body as { id: string }).id.length > 0
    ? (body as { id: string }).id : null;

/**
 * Whether the MeMo's Recipient is the outbox row's CPR number. Both are written in the same transaction, so a
 * mismatch is a bug; it is checked anyway because the price of one is a decision letter in a stranger's inbox.
 * A text search (any namespace prefix), not a parse: the stand-in and the real gateway validate the message.
 */
const addressedTo = (xml: string, cpr: string) => new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?recipientID>\\s*${cpr}\\s*</`).test(xml);

/** The outbox's Sender for Digital Post: the row's `recipient` is the CPR number, `body` the MeMo XML. */
export function httpDigitalPostGateway(opts: DigitalPostGatewayOptions): Sender {
  const endpoint = `${opts.url.replace(/\/+$/, '')}/memo`;
  // 15 s: a letter is larger than an SMS, but the worker's lease (60 s) must still cover three in a row.
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return async (m) => {
    // Never the number itself in the message: it ends up in the outbox row's error and in logs.
    if (!/^\d{10}$/.test(m.recipient)) throw new DigitalPostError('Modtageren er ikke et gyldigt CPR-nummer (10 cifre)', true);
    if (!addressedTo(m.body, m.recipient)) throw new DigitalPostError('Brevets modtager i MeMo-meddelelsen er ikke udsendelsens modtager', true);
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/xml; charset=utf-8',
          accept: 'application/json',
          authorization: `Bearer ${opts.token}`,
          'idempotency-key': m.idempotencyKey,
        },
        body: m.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new DigitalPostError(timedOut ? `Digital Post-gatewayen svarede ikke inden for ${timeoutMs} ms` : 'Digital Post-gatewayen kunne ikke nås', false);
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok || res.status === 409) {
      const id = providerIdOf(body);
      if (id) return { providerId: id };
      // Accepted but no id: the same key again will tell us the id.
      throw new DigitalPostError(`Digital Post-gatewayen svarede ${res.status} uden id`, false);
    }
    const temporary = res.status >= 500 || res.status === 408 || res.status === 429;
    throw new DigitalPostError(`Digital Post-gatewayen afviste brevet (HTTP ${res.status})`, !temporary);
  };
}

/** The gateway the environment names, or null when RETUR_DIGITAL_POST_URL is unset (the demo then starts the stand-in). */
export function digitalPostFromEnv(env: NodeJS.ProcessEnv = process.env): Sender | null {
  const url = env.RETUR_DIGITAL_POST_URL;
  if (!url) return null;
  const token = env.RETUR_DIGITAL_POST_TOKEN;
  if (!token) throw new Error('RETUR_DIGITAL_POST_URL er sat, men RETUR_DIGITAL_POST_TOKEN mangler');
  return httpDigitalPostGateway({ url, token });
}
