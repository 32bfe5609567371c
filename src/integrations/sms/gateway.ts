/**
 * The SMS provider adapter: a generic HTTPS JSON gateway, so a municipality can put its own provider (or a small
 * proxy in front of it) behind two settings, RETUR_SMS_URL and RETUR_SMS_TOKEN.
 *
 * Wire format (the stand-in in standIn.ts implements the same):
 *   POST {RETUR_SMS_URL}/messages   Authorization: Bearer {RETUR_SMS_TOKEN}
 *        {to: '+4512345678', text, idempotencyKey, callbackUrl?}
 *   → 2xx {id}                      the provider's id of the message
 *   → 200 or 409 {id}               the same idempotency key again: the first message's id, nothing sent twice
 *   → other 4xx                     permanent: the message will never go (bad number, refused text)
 *   → 5xx, 408, 429, timeout        temporary: try again later
 * Delivery receipts come back to `callbackUrl` (POST /api/integrations/sms/receipts) as {id, status, error?}.
 */
import { DeliveryError, type Sender } from '../delivery.ts';

export interface OutgoingSms {
  /** The recipient as stored (a Danish 8-digit number or an international +number). */
  to: string;
  text: string;
  /** Unique per message; the gateway honours it, so a re-send after a crash is not a second SMS. */
  idempotencyKey: string;
}

export interface SmsGateway {
  /** Hands the message to the provider; resolves with the provider's id or throws a SmsGatewayError. */
  send(m: OutgoingSms): Promise<{ providerId: string }>;
}

/** A failed hand-over to the SMS provider. `permanent`: trying again cannot help (the worker gives up at once). */
export class SmsGatewayError extends DeliveryError {
  constructor(message: string, permanent: boolean) {
    super(message, permanent);
    this.name = 'SmsGatewayError';
  }
}

/** The outbox's view of an SMS gateway: the row's recipient and body are the number and the text. */
export const smsSender = (gateway: SmsGateway): Sender => (m) => gateway.send({ to: m.recipient, text: m.body, idempotencyKey: m.idempotencyKey });

/**
 * A phone number in E.164 form. Danish numbers are 8 digits (spaces allowed, +45 or 0045 in front optional); other
 * countries need their +prefix. Anything else is a permanent failure: no gateway can deliver it.
 */
export function toE164(recipient: string): string {
  const compact = recipient.replace(/[\s\-().]/g, '');
  if (/^\d{8}$/.test(compact)) return `+45${compact}`;
  if (/^0045\d{8}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^\+\d{8,15}$/.test(compact)) return compact;
  throw new SmsGatewayError('Telefonnummeret er ikke et gyldigt nummer (8 cifre, eller +landekode)', true);
}

export interface HttpGatewayOptions {
  /** RETUR_SMS_URL: the base URL; messages go to `${url}/messages`. */
  url: string;
  /** RETUR_SMS_TOKEN: sent as a bearer token, and expected back on delivery receipts. */
  token: string;
  /** Where the provider posts delivery receipts (the app's public URL + /api/integrations/sms/receipts). */
  callbackUrl?: string;
  /** Give up on one request after this long (a temporary failure). Keep it well below the worker's lease. */
  timeoutMs?: number;
}

const providerIdOf = (body: unknown) =>
  body && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string' && (body as { id: string }).id.length > 0
    ? (body as { id: string }).id : null;

export function httpSmsGateway(opts: HttpGatewayOptions): SmsGateway {
  const endpoint = `${opts.url.replace(/\/+$/, '')}/messages`;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    async send(m) {
      const payload = { to: toE164(m.to), text: m.text, idempotencyKey: m.idempotencyKey, ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}) };
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${opts.token}` },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        throw new SmsGatewayError(timedOut ? `SMS-gatewayen svarede ikke inden for ${timeoutMs} ms` : 'SMS-gatewayen kunne ikke nås', false);
      }
      const body: unknown = await res.json().catch(() => null);
      if (res.ok || res.status === 409) {
        const id = providerIdOf(body);
        if (id) return { providerId: id };
        // Accepted but no id: we cannot match receipts; the same key again will tell us the id.
        throw new SmsGatewayError(`SMS-gatewayen svarede ${res.status} uden id`, false);
      }
      const temporary = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new SmsGatewayError(`SMS-gatewayen afviste beskeden (HTTP ${res.status})`, !temporary);
    },
  };
}

/** The gateway the environment names, or null when RETUR_SMS_URL is unset (the demo then starts the stand-in). */
export function smsGatewayFromEnv(env: NodeJS.ProcessEnv = process.env, callbackUrl?: string): SmsGateway | null {
  const url = env.RETUR_SMS_URL;
  if (!url) return null;
  const token = env.RETUR_SMS_TOKEN;
  if (!token) throw new Error('RETUR_SMS_URL er sat, men RETUR_SMS_TOKEN mangler');
  return httpSmsGateway({ url, token, callbackUrl });
}
