/** Hændelser på sagen (issue 14): what came from outside or what retur saw happen, unhandled first, with who handled it. */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { formatDateTime } from '../components.tsx';
import { EVENT_KINDS, type EventKind } from '../../domain/events.ts';
import { HandleEvent } from './Worklist.tsx';

interface EventView { id: number; kind: EventKind; origin: string; occurredAt: string; summary: string; handledAt: string | null; handledBy: string | null; handledNote: string | null }
const ORIGINS: Record<string, string> = { citizen: 'borgeren', employer: 'arbejdsgiveren', gp: 'lægen', system: 'retur' };

export function CaseEventsPanel({ caseId, canWrite, onDone }: { caseId: number; canWrite: boolean; onDone: (msg: string) => void }) {
  const [events, setEvents] = useState<EventView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try { setEvents((await api<{ events: EventView[] }>('GET', `/api/cases/${caseId}/events`)).events); setLoadError(null); }
    catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load]);
  if (events && events.length === 0 && !loadError) return null;
  const open = events?.filter((e) => !e.handledAt).length ?? 0;
  return (
    <section aria-labelledby={`events-${caseId}`}>
      <h2 id={`events-${caseId}`}>Hændelser {open > 0 && <span className="count unhandled">{open} ubehandlede</span>}</h2>
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {events && (
        <ul className="cards">
          {events.map((e) => (
            <li key={e.id} className={`card ${e.handledAt ? '' : 'unhandled'}`}>
              <p><strong>{EVENT_KINDS[e.kind] ?? e.kind}</strong>: {e.summary}</p>
              <p className="muted">Fra {ORIGINS[e.origin] ?? e.origin}, {formatDateTime(e.occurredAt)}
                {e.handledAt && <> · behandlet af {e.handledBy} {formatDateTime(e.handledAt)}{e.handledNote ? `: ${e.handledNote}` : ''}</>}</p>
              {!e.handledAt && canWrite && <HandleEvent eventId={e.id} label={`${EVENT_KINDS[e.kind]}: ${e.summary}`} onHandled={() => { void load(); onDone('Hændelsen er behandlet.'); }} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
