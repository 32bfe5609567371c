/**
 * Pathways and interventions (issue 10, slice A): the case's pathway panel (the pathway's intervention model, choosing
 * a pathway, orders with status and outcome, the return-to-work goal and milestones with the hours drawn over time)
 * and the intervention page (/indsatser: the catalogue and the activation share by target group).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { ErrorSummary, Field, SelectField, TextField, formatDate, optionsOf } from '../components.tsx';
import {
  DEPARTMENTS, INTERVENTION_TYPES, NEXT_STATUS, ORDER_STATUSES, OUTCOMES, SUPPLIER_KINDS, formatDkk,
  type InterventionType, type Milestone, type OrderStatus, type Outcome, type PathwayOffer, type PathwayStep, type SupplierKind,
} from '../../domain/pathways.ts';
import { MAX_HOURS } from '../../domain/minutes.ts';

// ---- Shapes of the API answers -------------------------------------------------------------------------------

interface PathwayModelView { id: number; version: number; name: string; description: string; steps: PathwayStep[]; interventionTypes: InterventionType[]; offers: PathwayOffer[] }
interface Suggestion { id: number; name: string; fits: boolean; unmet: string[]; unknown: string[] }
interface PlanView { id: number; startsOn: string; endsOn: string; hoursToday: number | null; periods: { from: string; to: string; hoursPerWeek: number }[]; goal: string | null; milestones: Milestone[] }
interface CasePathway { pathway: number | null; model: PathwayModelView | null; suggestions: Suggestion[]; plans: PlanView[] }
interface PackageView { id: number; supplierId: number; type: InterventionType; name: string; description: string; weeks: number | null; priceOre: number | null; active: boolean }
interface Catalogue { types: { code: InterventionType; name: string; packages: number }[]; suppliers: { id: number; name: string; kind: SupplierKind; cvr: string | null; active: boolean; packages: PackageView[] }[] }
interface OrderView { id: number; packageName: string; supplier: string; type: InterventionType; priceOre: number | null; start: string; end: string; status: OrderStatus; outcome: Outcome | null; startedOn: string | null; endedOn: string | null; note: string | null; version: number }
interface Activation { date: string; groups: { targetGroup: number | null; label: string; open: number; active: number; share: number | null }[]; total: { open: number; active: number; share: number | null } }

const pct = (s: number | null) => (s == null ? '–' : `${(s * 100).toFixed(1).replace('.', ',')} %`);
const hoursText = (h: number) => `${String(h).replace('.', ',')} t/uge`;
const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

function useSubmit(onDone: (msg: string) => Promise<void> | void) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, msg: string | ((r: unknown) => string)) => {
    setBusy(true);
    try { const r = await fn(); setError(null); await onDone(typeof msg === 'string' ? msg : msg(r)); } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return { error, busy, run };
}

// ---- The case page's panel -----------------------------------------------------------------------------------

/** The pathway panel on the case page. `version` is the case's; a change reloads the panel. */
export function CasePathwayPanel({ caseId, version, canWrite, onDone }: { caseId: number; version: number; canWrite: boolean; onDone: (msg: string) => void }) {
  const [data, setData] = useState<CasePathway | null>(null);
  const [orders, setOrders] = useState<OrderView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [p, o] = await Promise.all([
        api<CasePathway>('GET', `/api/cases/${caseId}/pathway`),
        api<{ orders: OrderView[] }>('GET', `/api/cases/${caseId}/interventions`),
      ]);
      setData(p); setOrders(o.orders); setLoadError(null);
    } catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load, version]);
  const done = async (msg: string) => { setMessage(msg); await load(); onDone(msg); };

  return (
    <section aria-labelledby={`pathway-h-${caseId}`}>
      <h2 id={`pathway-h-${caseId}`}>Borgerforløb og indsatser</h2>
      {message && <p role="status" className="notice">{message}</p>}
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {data && <>
        {data.model ? <ModelView model={data.model} /> : <p className="muted">Sagen er ikke visiteret til et borgerforløb.</p>}
        {canWrite && <AssignForm caseId={caseId} version={version} current={data.pathway} suggestions={data.suggestions} onDone={done} />}
        <Orders caseId={caseId} orders={orders ?? []} canWrite={canWrite} preferred={data.model?.interventionTypes ?? []} onDone={done} />
        {data.plans.map((p) => <PlanGoal key={p.id} plan={p} canWrite={canWrite} onDone={done} />)}
      </>}
    </section>
  );
}

function ModelView({ model }: { model: PathwayModelView }) {
  return (
    <article className="card" aria-label={`Indsatsmodel for borgerforløb ${model.id}`}>
      <h3>Borgerforløb {model.id}: {model.name}</h3>
      <p>{model.description}</p>
      <h4>Det gør sagsbehandleren</h4>
      <ol>{model.steps.map((s, i) => <li key={i}>{s.title} <span className="muted">({s.workingDays === 0 ? 'samme dag' : `${s.workingDays} arbejdsdage`})</span></li>)}</ol>
      {model.interventionTypes.length > 0 && <><h4>Pakkeforløb hos leverandører</h4><p>{model.interventionTypes.map((t) => INTERVENTION_TYPES[t]).join(', ')}</p></>}
      {model.offers.length > 0 && <><h4>Tilbud i andre forvaltninger</h4>
        <ul>{model.offers.map((o, i) => <li key={i}>{o.name} <span className="muted">({DEPARTMENTS[o.department]})</span></li>)}</ul></>}
    </article>
  );
}

function AssignForm({ caseId, version, current, suggestions, onDone }: { caseId: number; version: number; current: number | null; suggestions: Suggestion[]; onDone: (msg: string) => Promise<void> }) {
  const [pathway, setPathway] = useState('');
  const { error, busy, run } = useSubmit(onDone);
  const chosen = suggestions.find((s) => String(s.id) === pathway);
  const submit = () => run(() => api<{ name: string; tasks: { title: string; due: string }[] }>('POST', `/api/cases/${caseId}/pathway`, { pathway: Number(pathway), version }),
    (r) => { const x = r as { name: string; tasks: unknown[] }; return `Sagen er visiteret til ${x.name}; ${x.tasks.length} opgaver er oprettet.`; });
  return (
    <form className="panel" aria-label="Visitér til borgerforløb" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); if (pathway) void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <SelectField name="pathway" label={current ? 'Skift borgerforløb' : 'Visitér til borgerforløb'} hint="Forløb, der passer til sagens oplysninger, står først"
        value={pathway} onChange={(e) => setPathway(e.target.value)} error={error?.fields.pathway}
        options={optionsOf(Object.fromEntries(suggestions.filter((s) => s.id !== current).map((s) => [s.id, `${s.id}. ${s.name}${s.fits ? ' (passer)' : ''}`])), 'Vælg forløb')} />
      {chosen && (chosen.unmet.length > 0 || chosen.unknown.length > 0) && (
        <ul className="muted" aria-live="polite">
          {chosen.unmet.map((u) => <li key={u}>Passer ikke: {u}</li>)}
          {chosen.unknown.map((u) => <li key={u}>Ikke vurderet: {u}</li>)}
        </ul>
      )}
      <div className="actions"><button type="submit" disabled={busy || !pathway}>Visitér og opret opgaver</button></div>
    </form>
  );
}

// ---- Orders --------------------------------------------------------------------------------------------------

function Orders({ caseId, orders, canWrite, preferred, onDone }: { caseId: number; orders: OrderView[]; canWrite: boolean; preferred: InterventionType[]; onDone: (msg: string) => Promise<void> }) {
  const [ordering, setOrdering] = useState(false);
  return (
    <div>
      <h3>Bestilte indsatser</h3>
      {orders.length === 0 ? <p className="muted">Ingen indsatser bestilt.</p> : (
        <ul className="cards">
          {orders.map((o) => (
            <li key={o.id} className="card">
              <p><strong>{o.packageName}</strong> <span className="muted">· {o.supplier} · {INTERVENTION_TYPES[o.type]}</span></p>
              <p>{formatDate(o.start)} – {formatDate(o.end)} · {ORDER_STATUSES[o.status]}{o.outcome && `: ${OUTCOMES[o.outcome]}`} · {formatDkk(o.priceOre)}</p>
              {o.note && <p className="muted">{o.note}</p>}
              {canWrite && NEXT_STATUS[o.status].length > 0 && <StatusForm order={o} onDone={onDone} />}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (ordering
        ? <OrderForm caseId={caseId} preferred={preferred} onCancel={() => setOrdering(false)} onDone={async (m) => { setOrdering(false); await onDone(m); }} />
        : <div className="actions"><button type="button" onClick={() => setOrdering(true)}>Bestil indsats</button></div>)}
    </div>
  );
}

function OrderForm({ caseId, preferred, onCancel, onDone }: { caseId: number; preferred: InterventionType[]; onCancel: () => void; onDone: (msg: string) => Promise<void> }) {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [packageId, setPackageId] = useState('');
  const [start, setStart] = useState(todayOnServer());
  const [end, setEnd] = useState('');
  const [note, setNote] = useState('');
  const { error, busy, run } = useSubmit(onDone);
  const f = error?.fields ?? {};
  useEffect(() => { void api<Catalogue>('GET', '/api/interventions/catalogue').then(setCatalogue); }, []);
  const all = (catalogue?.suppliers ?? []).filter((s) => s.active).flatMap((s) => s.packages.filter((p) => p.active).map((p) => ({ ...p, supplier: s.name })));
  // The pathway's intervention types first: the seed's "pakkeforløb, der vil være mest oplagt".
  const ranked = [...all].sort((a, b) => Number(preferred.includes(b.type)) - Number(preferred.includes(a.type)));
  const chosen = all.find((p) => String(p.id) === packageId);
  const pick = (id: string) => {
    setPackageId(id);
    const p = all.find((x) => String(x.id) === id);
    if (p?.weeks && start) setEnd(new Date(Date.parse(`${start}T00:00:00Z`) + (p.weeks * 7 - 1) * 86_400_000).toISOString().slice(0, 10));
  };
  const submit = () => run(() => api('POST', `/api/cases/${caseId}/interventions`, { packageId: Number(packageId), start, end, note: note || null }), 'Indsatsen er bestilt.');
  return (
    <form className="panel" aria-label="Bestil indsats" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <h4>Bestil indsats</h4>
      <ErrorSummary error={error?.problem ?? null} />
      <SelectField name="packageId" label="Pakke" value={packageId} onChange={(e) => pick(e.target.value)} error={f.packageId}
        options={optionsOf(Object.fromEntries(ranked.map((p) => [p.id, `${preferred.includes(p.type) ? '★ ' : ''}${p.name} – ${p.supplier} (${formatDkk(p.priceOre)})`])), catalogue ? 'Vælg pakke' : 'Henter katalog …')} />
      {chosen && <p className="muted">{INTERVENTION_TYPES[chosen.type]}{chosen.weeks ? ` · ${chosen.weeks} uger` : ''}. {chosen.description}</p>}
      <div className="grid">
        <TextField name="start" type="date" label="Start" value={start} onChange={(e) => setStart(e.target.value)} error={f.start} />
        <TextField name="end" type="date" label="Slut" value={end} min={start} onChange={(e) => setEnd(e.target.value)} error={f.end} />
      </div>
      <Field label="Note til bestillingen" hint="Valgfri" error={f.note}>{(p) => <textarea {...p} name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
      <div className="actions">
        <button type="submit" disabled={busy || !packageId}>Bestil</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

function StatusForm({ order, onDone }: { order: OrderView; onDone: (msg: string) => Promise<void> }) {
  const next = NEXT_STATUS[order.status];
  const [status, setStatus] = useState<OrderStatus>(next[0]);
  const [outcome, setOutcome] = useState('');
  const [date, setDate] = useState(todayOnServer());
  const { error, busy, run } = useSubmit(onDone);
  const f = error?.fields ?? {};
  const submit = () => run(() => api('POST', `/api/interventions/${order.id}/status`, {
    status, outcome: status === 'completed' ? outcome || null : null, date, version: order.version,
  }), `Indsatsen er ${ORDER_STATUSES[status].toLowerCase()}.`);
  return (
    <form aria-label={`Ny status for ${order.packageName}`} noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <div className="grid">
        <SelectField name="status" label="Ny status" value={status} onChange={(e) => setStatus(e.target.value as OrderStatus)} error={f.status}
          options={next.map((s) => [s, ORDER_STATUSES[s]] as [string, string])} />
        {status === 'completed' && <SelectField name="outcome" label="Resultat" value={outcome} onChange={(e) => setOutcome(e.target.value)} error={f.outcome}
          options={optionsOf(OUTCOMES, 'Vælg resultat')} />}
        <TextField name="date" type="date" label="Dato" value={date} max={todayOnServer()} onChange={(e) => setDate(e.target.value)} error={f.date} />
      </div>
      <div className="actions"><button type="submit" className="secondary" disabled={busy}>Gem status</button></div>
    </form>
  );
}

// ---- Return-to-work goal, milestones and hours over time -----------------------------------------------------

/** Hours per week as a step chart over the plan, with the milestones marked; the table below holds the same numbers. */
function HoursChart({ plan, today }: { plan: PlanView; today: string }) {
  const W = 320, H = 130, L = 30, R = 8, T = 8, B = 20;
  const x0 = dayNo(plan.startsOn), x1 = dayNo(plan.endsOn) + 1, span = Math.max(1, x1 - x0);
  const x = (d: number) => L + ((Math.min(Math.max(d, x0), x1) - x0) / span) * (W - L - R);
  const y = (h: number) => T + (1 - h / MAX_HOURS) * (H - T - B);
  const path = plan.periods.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(dayNo(p.from)).toFixed(1)},${y(p.hoursPerWeek).toFixed(1)} H${x(dayNo(p.to) + 1).toFixed(1)}`).join(' ');
  const label = `Timer om ugen: ${plan.periods.map((p) => `${hoursText(p.hoursPerWeek)} fra ${formatDate(p.from)} til ${formatDate(p.to)}`).join('; ')}; fuld tid fra dagen efter.`
    + (plan.milestones.length ? ` Delmål: ${plan.milestones.map((m) => `${formatDate(m.date)}${m.done ? ' (nået)' : ''}`).join(', ')}.` : '');
  const t = dayNo(today);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: 480 }} role="img" aria-label={label}>
      {[0, 10, 20, 30, MAX_HOURS].map((h) => (
        <g key={h} aria-hidden="true">
          <line x1={L} x2={W - R} y1={y(h)} y2={y(h)} stroke="#d0d5db" strokeWidth={0.5} />
          <text x={L - 4} y={y(h) + 3} fontSize={9} textAnchor="end" fill="#555">{h}</text>
        </g>
      ))}
      <path d={path} fill="none" stroke="#1a5fb4" strokeWidth={2} aria-hidden="true" />
      {plan.milestones.filter((m) => dayNo(m.date) >= x0 && dayNo(m.date) <= x1).map((m, i) => (
        <circle key={i} cx={x(dayNo(m.date))} cy={H - B} r={4} fill={m.done ? '#26a269' : '#fff'} stroke="#26a269" strokeWidth={1.5} aria-hidden="true" />
      ))}
      {t >= x0 && t <= x1 && <line x1={x(t)} x2={x(t)} y1={T} y2={H - B} stroke="#c01c28" strokeDasharray="3 2" aria-hidden="true" />}
      <text x={L} y={H - 4} fontSize={9} fill="#555" aria-hidden="true">{formatDate(plan.startsOn)}</text>
      <text x={W - R} y={H - 4} fontSize={9} fill="#555" textAnchor="end" aria-hidden="true">{formatDate(plan.endsOn)}</text>
    </svg>
  );
}

function PlanGoal({ plan, canWrite, onDone }: { plan: PlanView; canWrite: boolean; onDone: (msg: string) => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const today = todayOnServer();
  return (
    <article className="card" aria-label={`Mål for tilbagevenden fra ${formatDate(plan.startsOn)}`}>
      <h3>Mål for tilbagevenden</h3>
      <p>{plan.goal ?? <span className="muted">Intet mål sat endnu.</span>}{plan.hoursToday != null && <span className="muted"> · i dag {hoursText(plan.hoursToday)}</span>}</p>
      <HoursChart plan={plan} today={today} />
      <div className="table-box" tabIndex={0} role="region" aria-label="Timer om ugen og delmål">
        <table>
          <caption className="visually-hidden">Timer om ugen pr. periode og delmål</caption>
          <thead><tr><th scope="col">Fra</th><th scope="col">Til</th><th scope="col">Timer om ugen</th></tr></thead>
          <tbody>{plan.periods.map((p) => <tr key={p.from}><td>{formatDate(p.from)}</td><td>{formatDate(p.to)}</td><td>{hoursText(p.hoursPerWeek)}</td></tr>)}</tbody>
        </table>
        {plan.milestones.length > 0 && (
          <table>
            <thead><tr><th scope="col">Delmål</th><th scope="col">Dato</th><th scope="col">Nået</th></tr></thead>
            <tbody>{plan.milestones.map((m, i) => <tr key={i}><td>{m.text}</td><td>{formatDate(m.date)}</td><td>{m.done ? 'Ja' : 'Nej'}</td></tr>)}</tbody>
          </table>
        )}
      </div>
      {canWrite && (editing
        ? <GoalForm plan={plan} onCancel={() => setEditing(false)} onDone={async (m) => { setEditing(false); await onDone(m); }} />
        : <div className="actions"><button type="button" className="secondary" onClick={() => setEditing(true)}>Ret mål og delmål</button></div>)}
    </article>
  );
}

function GoalForm({ plan, onCancel, onDone }: { plan: PlanView; onCancel: () => void; onDone: (msg: string) => Promise<void> }) {
  const [goal, setGoal] = useState(plan.goal ?? '');
  const [milestones, setMilestones] = useState<Milestone[]>(plan.milestones);
  const { error, busy, run } = useSubmit(onDone);
  const f = error?.fields ?? {};
  const set = (i: number, patch: Partial<Milestone>) => setMilestones(milestones.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const submit = () => run(() => api('POST', `/api/return-to-work/${plan.id}/goal`, { goal, milestones }), 'Mål og delmål er gemt.');
  return (
    <form className="panel" aria-label="Mål og delmål" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <TextField name="goal" label="Mål" hint="Fx fuld tid i eget job" value={goal} onChange={(e) => setGoal(e.target.value)} error={f.goal} />
      <fieldset>
        <legend>Delmål</legend>
        {milestones.map((m, i) => (
          <div className="grid" key={i}>
            <TextField name={`milestones.${i}.text`} label={`Delmål ${i + 1}`} value={m.text} onChange={(e) => set(i, { text: e.target.value })} error={f[`milestones.${i}.text`]} />
            <TextField name={`milestones.${i}.date`} type="date" label="Dato" value={m.date} onChange={(e) => set(i, { date: e.target.value })} error={f[`milestones.${i}.date`]} />
            <label><input type="checkbox" checked={m.done} onChange={(e) => set(i, { done: e.target.checked })} /> Nået</label>
          </div>
        ))}
        <div className="actions">
          <button type="button" className="secondary small" disabled={milestones.length >= 20} onClick={() => setMilestones([...milestones, { date: todayOnServer(), text: '', done: false }])}>Tilføj delmål</button>
          {milestones.length > 0 && <button type="button" className="secondary small" onClick={() => setMilestones(milestones.slice(0, -1))}>Fjern sidste</button>}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={busy}>Gem</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

// ---- /indsatser ----------------------------------------------------------------------------------------------

/** A horizontal bar per target group: the share of open cases with a running intervention; the table holds the numbers. */
function ActivationChart({ a }: { a: Activation }) {
  const W = 320, row = 24, L = 28, R = 48;
  const H = a.groups.length * row + 8;
  const label = `Aktiveringsgrad ${formatDate(a.date)}: ${a.groups.map((g) => `${g.targetGroup ? `målgruppe ${g.targetGroup}` : 'ingen målgruppe'} ${pct(g.share)}`).join(', ')}.`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: 480 }} role="img" aria-label={label}>
      {a.groups.map((g, i) => {
        const w = (g.share ?? 0) * (W - L - R);
        return (
          <g key={i} aria-hidden="true">
            <text x={L - 6} y={i * row + 18} fontSize={11} textAnchor="end" fill="#333">{g.targetGroup ?? '–'}</text>
            <rect x={L} y={i * row + 6} width={W - L - R} height={16} fill="#eef1f4" />
            <rect x={L} y={i * row + 6} width={w} height={16} fill="#1a5fb4" />
            <text x={L + w + 4} y={i * row + 18} fontSize={11} fill="#333">{pct(g.share)}</text>
          </g>
        );
      })}
    </svg>
  );
}

function ActivationSection() {
  const [date, setDate] = useState(todayOnServer());
  const [a, setA] = useState<Activation | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [allowed, setAllowed] = useState(true);
  useEffect(() => {
    api<Activation>('GET', `/api/analytics/activation?date=${encodeURIComponent(date)}`)
      .then((r) => { setA(r); setError(null); })
      // Caseworkers see the catalogue only: the figures are for leaders and analysts.
      .catch((e: ApiError) => { if (e.problem.status === 403) setAllowed(false); else setError(e); });
  }, [date]);
  if (!allowed) return null;
  return (
    <section aria-labelledby="activation-h">
      <h2 id="activation-h">Aktiveringsgrad</h2>
      <p className="muted">Andel af åbne sager, hvor en indsats er i gang på dagen, pr. målgruppe.</p>
      <TextField name="date" type="date" label="Dag" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} error={error?.fields.date} />
      {a && <>
        <ActivationChart a={a} />
        <div className="table-box" tabIndex={0} role="region" aria-label="Aktiveringsgrad pr. målgruppe">
          <table>
            <caption className="visually-hidden">Aktiveringsgrad pr. målgruppe {formatDate(a.date)}</caption>
            <thead><tr><th scope="col">Målgruppe</th><th scope="col">Åbne sager</th><th scope="col">Med indsats</th><th scope="col">Andel</th></tr></thead>
            <tbody>
              {a.groups.map((g, i) => <tr key={i}><td>{g.label}</td><td>{g.open}</td><td>{g.active}</td><td>{pct(g.share)}</td></tr>)}
              <tr><th scope="row">I alt</th><td>{a.total.open}</td><td>{a.total.active}</td><td>{pct(a.total.share)}</td></tr>
            </tbody>
          </table>
        </div>
      </>}
    </section>
  );
}

/** /indsatser: the intervention catalogue and, for leaders and analysts, the activation share. */
export function InterventionsPage() {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api<Catalogue>('GET', '/api/interventions/catalogue').then(setCatalogue).catch((e: ApiError) => setError(e.message)); }, []);
  return (
    <main>
      <h1>Indsatser</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <ActivationSection />
      <section aria-labelledby="catalogue-h">
        <h2 id="catalogue-h">Indsatskatalog</h2>
        {catalogue && <>
          <p className="muted">Indsatstyper: {catalogue.types.map((t) => `${t.name} (${t.packages})`).join(', ')}.</p>
          {catalogue.suppliers.map((s) => (
            <article key={s.id} className="card" aria-labelledby={`supplier-${s.id}`}>
              <h3 id={`supplier-${s.id}`}>{s.name} <span className="muted">· {SUPPLIER_KINDS[s.kind]}{s.cvr ? ` · CVR ${s.cvr}` : ''}{s.active ? '' : ' · ikke aktiv'}</span></h3>
              <div className="table-box" tabIndex={0} role="region" aria-label={`Pakker hos ${s.name}`}>
                <table>
                  <thead><tr><th scope="col">Pakke</th><th scope="col">Type</th><th scope="col">Varighed</th><th scope="col">Pris</th></tr></thead>
                  <tbody>{s.packages.map((p) => (
                    <tr key={p.id}><td>{p.name}{p.description && <div className="muted">{p.description}</div>}</td><td>{INTERVENTION_TYPES[p.type]}</td>
                      <td>{p.weeks ? `${p.weeks} uger` : '–'}</td><td>{formatDkk(p.priceOre)}</td></tr>
                  ))}</tbody>
                </table>
              </div>
            </article>
          ))}
          {catalogue.suppliers.length === 0 && <p className="muted">Ingen leverandører i kataloget.</p>}
        </>}
      </section>
    </main>
  );
}
