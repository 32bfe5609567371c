/** The web app talks to retur only through the HTTP API; errors arrive as problem+json. */
export interface FieldError { path: string; message: string }
export interface Problem { title: string; detail: string; status: number; errors?: FieldError[] }

export class ApiError extends Error {
  constructor(readonly problem: Problem) { super(problem.detail); }
  /** Field errors keyed by path, e.g. { 'citizen.cpr': '…' }. */
  get fields(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.path, e.message]));
  }
}

export async function api<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && !url.endsWith('/login')) window.dispatchEvent(new Event('retur:logged-out'));
    throw new ApiError(data ?? { title: 'Fejl', detail: `Serveren svarede ${res.status}`, status: res.status });
  }
  return data as T;
}

export interface User { id: number; role: string; teamId: number | null; name: string }

/** Today's date as the server sees it (Danish time), set at login; the browser's clock is not trusted for deadlines. */
let serverToday = new Date().toISOString().slice(0, 10);
export const todayOnServer = () => serverToday;
export const setServerToday = (d: string) => { serverToday = d; };
