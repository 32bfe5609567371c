/** The rules page: rule sets and rules with sources and confidence, the municipality's policy, and the preview. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type User } from '../api.ts';
import { CheckField, ErrorSummary, SelectField, TextField, formatDate, formatDateTime } from '../components.tsx';
import { Link } from '../router.tsx';
import { DEADLINE_LABELS, type DeadlineKind } from '../../rules/deadlineKinds.ts';
import { EXTRA_CLOSED_DAYS } from '../../rules/closedDays.ts';
import { ANSWER_CHANNELS, type MunicipalPolicy } from '../../rules/policy.ts';

interface Catalogue {
  today: string; ruleSetInForce: string; policy: MunicipalPolicy;
  ruleSets: { id: string; validFrom: string; validTo: string | null; legalBasis: string; summary: string; confidence: string }[];
  rules: { id: string; title: string; ruleSets: string[]; source: string; confidence: string; formula: string; unverified: boolean; interpretation?: string }[];
  interpretations: { id: string; rules: string[]; question: string; options: Record<string, string>; chosen: string }[];
  policyVersions: { id: number; effective_from: string; reason: string; changed_at: string; changed_by: string | null }[];
}
interface Preview { asOf: string; openCases: number; casesAffected: number; byKind: Record<string, number>; changes: { caseId: number; kind: string; from: { legalDate: string; ruleSet: string } | null; to: { legalDate: string; ruleSet: string } | null }[] }

const CONF: Record<string, string> = { H: 'Høj', M: 'Middel', L: 'Lav' };

export function Rules({ user }: { user: User }) {
  const [cat, setCat] = useState<Catalogue | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const load = () => api<Catalogue>('GET', '/api/rules').then(setCat);
  useEffect(() => { void load(); }, []);
  if (!cat) return <main><p>Henter regler …</p></main>;
  const canPreview = user.role !== 'caseworker';
  const runPreview = async () => {
    try { setPreview(await api('POST', '/api/rules/preview', { ruleSet: 'RS-2027' })); setPreviewError(null); } catch (e) { setPreviewError(e as ApiError); }
  };
  return (
    <main>
      <h1>Regler og frister</h1>
      <p>I dag ({formatDate(cat.today)}) gælder regelsæt <strong>{cat.ruleSetInForce}</strong>. Hver frist beregnes efter det regelsæt, der gælder den dag, fristen falder.</p>

      <section aria-labelledby="rs-h">
        <h2 id="rs-h">Regelsæt</h2>
        <div className="table-box" tabIndex={0}><table className="list">
          <thead><tr><th scope="col">Regelsæt</th><th scope="col">Gælder</th><th scope="col">Retsgrundlag</th><th scope="col">Ændringer</th><th scope="col">Sikkerhed</th></tr></thead>
          <tbody>{cat.ruleSets.map((r) => (
            <tr key={r.id}><td>{r.id}</td><td>{formatDate(r.validFrom)} – {r.validTo ? formatDate(r.validTo) : ''}</td><td>{r.legalBasis}</td><td>{r.summary}</td><td>{CONF[r.confidence]}{r.confidence === 'L' && <span className="badge unverified">ikke verificeret</span>}</td></tr>
          ))}</tbody>
        </table></div>
      </section>

      {canPreview && (
        <section aria-labelledby="pv-h">
          <h2 id="pv-h">Forhåndsvisning: 1. januar 2027</h2>
          <p>Se hvilke åbne sagers frister flytter sig, når regelsæt RS-2027 træder i kraft (jobafklaringsforløb afskaffes, nedsat sats).</p>
          <button onClick={runPreview}>Vis hvad der ændres</button>
          <ErrorSummary error={previewError?.problem ?? null} />
          {preview && (
            <div className="panel" role="status">
              <p><strong>{preview.casesAffected}</strong> af {preview.openCases} åbne sager får ændrede frister (beregnet pr. {formatDate(preview.asOf)}).</p>
              <ul>{Object.entries(preview.byKind).map(([k, n]) => <li key={k}>{DEADLINE_LABELS[k as DeadlineKind] ?? k}: {n}</li>)}</ul>
              <div className="table-box" tabIndex={0}><table className="list"><thead><tr><th scope="col">Sag</th><th scope="col">Frist</th><th scope="col">Før</th><th scope="col">Efter</th></tr></thead>
                <tbody>{preview.changes.slice(0, 50).map((c) => (
                  <tr key={`${c.caseId}-${c.kind}`}><td><Link href={`/sager/${c.caseId}`}>{c.caseId}</Link></td><td>{DEADLINE_LABELS[c.kind as DeadlineKind] ?? c.kind}</td>
                    <td>{c.from ? `${formatDate(c.from.legalDate)} (${c.from.ruleSet})` : '–'}</td><td>{c.to ? `${formatDate(c.to.legalDate)} (${c.to.ruleSet})` : '–'}</td></tr>
                ))}</tbody></table></div>
            </div>
          )}
        </section>
      )}

      <section aria-labelledby="rules-h">
        <h2 id="rules-h">Regler</h2>
        <div className="table-box" tabIndex={0}><table className="list">
          <thead><tr><th scope="col">Regel</th><th scope="col">Indhold</th><th scope="col">Beregning</th><th scope="col">Kilde</th><th scope="col">Regelsæt</th><th scope="col">Sikkerhed</th></tr></thead>
          <tbody>{cat.rules.map((r, i) => (
            <tr key={`${r.id}-${i}`}><td>{r.id}</td><td>{r.title}</td><td><code>{r.formula}</code></td><td>{r.source}</td><td>{r.ruleSets.join(', ')}</td>
              <td>{CONF[r.confidence]}{r.unverified && <span className="badge unverified">ikke verificeret</span>}</td></tr>
          ))}</tbody>
        </table></div>
      </section>

      <PolicySection cat={cat} editable={user.role === 'administrator'} onSaved={load} />
    </main>
  );
}

function PolicySection({ cat, editable, onSaved }: { cat: Catalogue; editable: boolean; onSaved: () => void }) {
  const [policy, setPolicy] = useState<MunicipalPolicy>(cat.policy);
  const [effectiveFrom, setEffectiveFrom] = useState(cat.today);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const f = error?.fields ?? {};
  async function runPreview() {
    try { setPreview(await api<Preview>('POST', '/api/rules/preview', { policy, asOf: effectiveFrom })); setError(null); } catch (err) { setError(err as ApiError); setPreview(null); }
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await api<{ recomputed: { cases: number; deadlinesMoved: number } | null }>('POST', '/api/rules/policy', { effectiveFrom, policy, reason });
      setSaved(r.recomputed ? `Politikken er gemt. ${r.recomputed.cases} åbne sager er genberegnet; ${r.recomputed.deadlinesMoved} frister flyttede sig.` : `Politikken er gemt og gælder fra ${formatDate(effectiveFrom)}.`);
      setError(null); setReason(''); onSaved();
    } catch (err) { setError(err as ApiError); }
  }
  return (
    <section aria-labelledby="pol-h">
      <h2 id="pol-h">Kommunens politik og fortolkninger</h2>
      <p>Regler, som kilderne ikke afgør, er kommunens valg. De vises som «ikke verificeret» ved fristerne.</p>
      <form onSubmit={submit} noValidate className="panel">
        <ErrorSummary error={error?.problem ?? null} />
        {saved && <p className="notice" role="status">{saved}</p>}
        <fieldset disabled={!editable}>
          <legend>Fortolkninger af uafklarede regler</legend>
          {cat.interpretations.map((i) => (
            <SelectField key={i.id} label={`${i.question} (${i.rules.join(', ')})`} name={i.id} value={policy.interpretations[i.id as keyof MunicipalPolicy['interpretations']]}
              onChange={(e) => setPolicy({ ...policy, interpretations: { ...policy.interpretations, [i.id]: e.target.value } })} options={Object.entries(i.options)} error={f[`policy.interpretations.${i.id}`]} />
          ))}
        </fieldset>
        <fieldset disabled={!editable}>
          <legend>Lukkedage ud over helligdage</legend>
          {Object.entries(EXTRA_CLOSED_DAYS).map(([k, label]) => (
            <CheckField key={k} label={label} checked={policy.closedDays.includes(k as never)} onChange={(e) => setPolicy({ ...policy, closedDays: e.target.checked ? [...policy.closedDays, k as never] : policy.closedDays.filter((x) => x !== k) })} />
          ))}
        </fieldset>
        <fieldset disabled={!editable}>
          <legend>Svarfrister (arbejdsdage)</legend>
          <div className="grid">
            {Object.entries(ANSWER_CHANNELS).map(([k, label]) => (
              <TextField key={k} label={label} name={`answer-${k}`} inputMode="numeric" value={String(policy.answerDeadlines[k as keyof typeof ANSWER_CHANNELS])}
                onChange={(e) => setPolicy({ ...policy, answerDeadlines: { ...policy.answerDeadlines, [k]: Number(e.target.value) } })} error={f[`policy.answerDeadlines.${k}`]} />
            ))}
          </div>
          <CheckField label="Hold afgørelsesbreve tilbage om fredagen og før lukkedage" checked={policy.dispatchPolicy} onChange={(e) => setPolicy({ ...policy, dispatchPolicy: e.target.checked })} />
          <TextField label="Mål for sager pr. sagsbehandler" name="caseloadTarget" inputMode="numeric" value={String(policy.caseloadTarget)} onChange={(e) => setPolicy({ ...policy, caseloadTarget: Number(e.target.value) })} error={f['policy.caseloadTarget']} />
        </fieldset>
        {editable && (
          <div className="grid">
            <TextField label="Gælder fra" name="effectiveFrom" type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} error={f.effectiveFrom} />
            <TextField label="Begrundelse (fx byrådsbeslutning)" name="policyReason" value={reason} onChange={(e) => setReason(e.target.value)} error={f.reason} />
          </div>
        )}
        {editable && (
          <div className="actions">
            <button type="button" className="secondary" onClick={runPreview}>Forhåndsvis ændringen</button>
            <button type="submit">Gem politik</button>
          </div>
        )}
        {preview && (
          <div className="notice" role="status">
            Med denne politik fra {formatDate(preview.asOf)} ændres frister i <strong>{preview.casesAffected}</strong> af {preview.openCases} åbne sager
            {Object.keys(preview.byKind).length > 0 && <>: {Object.entries(preview.byKind).map(([k, n]) => `${DEADLINE_LABELS[k as DeadlineKind] ?? k} ${n}`).join(', ')}</>}.
          </div>
        )}
      </form>
      {cat.policyVersions.length > 0 && (
        <>
          <h3>Tidligere ændringer</h3>
          <ul>{cat.policyVersions.map((v) => <li key={v.id}>Fra {formatDate(v.effective_from)}: {v.reason} ({v.changed_by ?? 'system'}, {formatDateTime(v.changed_at)})</li>)}</ul>
        </>
      )}
    </section>
  );
}
