/** The case's plan: every deadline with its legal date, due date, source and explanation; caseworkers can move one. */
import { useState } from 'react';
import { api, ApiError } from '../api.ts';
import { TextField, formatDate, formatDateTime } from '../components.tsx';
import { DEADLINE_LABELS, type DeadlineKind } from '../../rules/deadlineKinds.ts';

export interface PlanDeadline {
  kind: DeadlineKind; legalDate: string; computedDue: string; due: string; duty: string; status: string; metOn: string | null;
  ruleId: string; ruleSet: string; source: string; confidence: string; unverified: boolean; explanation: { da: string; en: string };
  details: Record<string, unknown> | null; adjustedDue: string | null; adjustReason: string | null; adjustedBy: string | null; adjustedAt: string | null;
}
export interface CasePlanData { ruleSet: string | null; issues: { code: string; severity: string; message: string }[]; deadlines: PlanDeadline[] }

const DUTY: Record<string, string> = { municipality: 'Kommunen', citizen: 'Borgeren', employer: 'Arbejdsgiveren', gp: 'Lægen', none: '–' };
const STATUS: Record<string, string> = { open: 'Åben', met: 'Opfyldt', passed: 'Passeret' };

export function CasePlan({ caseId, version, plan, caseOpen, canWrite, today, onChanged }: { caseId: number; version: number; plan: CasePlanData; caseOpen: boolean; canWrite: boolean; today: string; onChanged: (msg: string) => void }) {
  const [editing, setEditing] = useState<DeadlineKind | null>(null);
  if (!caseOpen) return <section aria-labelledby="plan-h"><h2 id="plan-h">Frister</h2><p>Sagen er afsluttet, så planen er stoppet. Genåbnes sagen, beregnes fristerne igen.</p></section>;
  return (
    <section aria-labelledby="plan-h" className="plan">
      <h2 id="plan-h">Frister {plan.ruleSet && <span className="muted">(regelsæt {plan.ruleSet})</span>}</h2>
      {plan.issues.length > 0 && (
        <ul className="issues">
          {plan.issues.map((i) => <li key={i.code} className={`issue ${i.severity}`}>{i.message}</li>)}
        </ul>
      )}
      <div className="table-box" tabIndex={0}><table className="list deadlines">
        <thead><tr><th scope="col">Frist</th><th scope="col">Lovens dato</th><th scope="col">Skal nås</th><th scope="col">Hvem</th><th scope="col">Status</th><th scope="col">Kilde</th>{canWrite && <th scope="col"><span className="visually-hidden">Handlinger</span></th>}</tr></thead>
        <tbody>
          {plan.deadlines.map((d) => {
            const overdue = d.status === 'open' && d.duty === 'municipality' && d.due < today;
            return (
              <tr key={d.kind} className={overdue ? 'overdue' : undefined} data-kind={d.kind}>
                <td>
                  <details>
                    <summary>{DEADLINE_LABELS[d.kind] ?? d.kind}</summary>
                    <p>{d.explanation.da}</p>
                    {d.details && 'missing' in d.details && <p>Holdt {String(d.details.held)} af {String(d.details.required)}.</p>}
                  </details>
                </td>
                <td>{formatDate(d.legalDate)}</td>
                <td>
                  {formatDate(d.due)}
                  {overdue && <span className="badge overdue">Overskredet</span>}
                  {d.adjustedDue && <div className="adjusted">Flyttet fra {formatDate(d.computedDue)} af {d.adjustedBy}{d.adjustedAt ? `, ${formatDateTime(d.adjustedAt)}` : ''}: {d.adjustReason}</div>}
                </td>
                <td>{DUTY[d.duty]}</td>
                <td>{STATUS[d.status]}{d.metOn ? ` ${formatDate(d.metOn)}` : ''}</td>
                <td>{d.source} <span className="muted">({d.ruleId}, {d.ruleSet})</span>{d.unverified && <span className="badge unverified" title="Reglen er ikke verificeret mod lovteksten; kommunens valgte fortolkning er brugt">ikke verificeret</span>}</td>
                {canWrite && <td>{d.status === 'open' && d.duty !== 'none' && <button className="secondary small" onClick={() => setEditing(d.kind)} aria-label={`Flyt fristen ${DEADLINE_LABELS[d.kind]}`}>Flyt</button>}</td>}
              </tr>
            );
          })}
        </tbody>
      </table></div>
      {editing && (
        <AdjustForm caseId={caseId} version={version} deadline={plan.deadlines.find((d) => d.kind === editing)!} onCancel={() => setEditing(null)}
          onDone={(m) => { setEditing(null); onChanged(m); }} />
      )}
    </section>
  );
}

function AdjustForm({ caseId, version, deadline, onCancel, onDone }: { caseId: number; version: number; deadline: PlanDeadline; onCancel: () => void; onDone: (m: string) => void }) {
  const [due, setDue] = useState(deadline.due);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const send = async (to: string | null) => {
    try {
      await api('POST', `/api/cases/${caseId}/deadlines/${deadline.kind}/adjust`, { version, due: to, reason });
      onDone(to ? 'Fristen er flyttet.' : 'Fristen følger igen den beregnede dato.');
    } catch (e) { setError(e as ApiError); }
  };
  return (
    <form className="panel" aria-label="Flyt frist" onSubmit={(e) => { e.preventDefault(); void send(due || null); }} noValidate>
      <h3>Flyt fristen: {DEADLINE_LABELS[deadline.kind]}</h3>
      <p>Lovens dato er {formatDate(deadline.legalDate)} og bliver stående. Beregnet frist: {formatDate(deadline.computedDue)}.</p>
      {error && !error.fields.due && !error.fields.reason && <div className="alert" role="alert">{error.problem.detail}</div>}
      <div className="grid">
        <TextField label="Ny frist" name="due" type="date" value={due} onChange={(e) => setDue(e.target.value)} error={error?.fields.due} />
        <TextField label="Begrundelse" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={error?.fields.reason} />
      </div>
      <div className="actions">
        <button type="submit">Flyt fristen</button>
        {deadline.adjustedDue && <button type="button" className="secondary" onClick={() => void send(null)}>Brug den beregnede frist</button>}
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}
