/**
 * Benefit-history screening (issue 10, slice D; Copenhagen seed 003, target group 4): the case's benefit history as a
 * timeline and a table with the screening's shifts and proposal, and the CSV import page (/ydelseshistorik).
 */
import { useCallback, useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { ErrorSummary, formatDate } from '../components.tsx';
import { BENEFIT_KINDS, CSV_HEADER, CSV_KIND_WORDS, MAX_IMPORT_BYTES, type BenefitKind } from '../../domain/benefitHistory.ts';
import { addDays, daysBetween } from '../../domain/dates.ts';

/** GET /api/cases/:id/benefit-history */
interface HistoryView {
  caseId: number;
  caseVersion: number;
  targetGroup: number | null;
  asOf: string;
  caseSpell: { kind: 'sickness_benefit'; from: string; to: string | null };
  periods: { id: number; kind: BenefitKind; from: string; to: string | null; source: string | null }[];
  settings: { minShifts: number; years: number };
  windowFrom: string;
  windowTo: string;
  shifts: number;
  shiftDates: string[];
  flagged: boolean;
  proposal: { targetGroup: 4; reason: string } | null;
}

const KIND_ORDER: BenefitKind[] = ['work', 'unemployment_benefit', 'sickness_benefit', 'cash_benefit', 'resource_course'];
const KIND_COLOR: Record<BenefitKind, string> = {
  work: '#1d6b35', unemployment_benefit: '#0b5cad', sickness_benefit: '#b00020', cash_benefit: '#8a5a00', resource_course: '#6a3d9a',
};
const period = (from: string, to: string | null) => `${formatDate(from)} – ${to ? formatDate(to) : 'løbende'}`;

/** The history drawn over time: one row per benefit kind, the screening window shaded, each shift marked. */
function Timeline({ h, lastDay }: { h: HistoryView; lastDay: string }) {
  const W = 560, L = 112, R = 10, T = 8, ROW = 22, AXIS = 20;
  const H = T + ROW * KIND_ORDER.length + AXIS;
  const first = [h.windowFrom, ...h.periods.map((p) => p.from)].sort()[0];
  // A month past the last day, so a spell that began days ago still shows as a bar.
  const last = addDays([lastDay, h.asOf, ...h.periods.map((p) => p.to ?? lastDay)].sort().at(-1)!, 30);
  const span = Math.max(1, daysBetween(first, last) + 1);
  const x = (d: string) => L + (daysBetween(first, d) / span) * (W - L - R);
  const xEnd = (d: string | null) => (d ? x(d) + (W - L - R) / span : x(lastDay) + (W - L - R) / span);
  const y = (k: BenefitKind) => T + KIND_ORDER.indexOf(k) * ROW;
  const years: string[] = [];
  for (let yr = Number(first.slice(0, 4)) + 1; yr <= Number(last.slice(0, 4)); yr++) years.push(`${yr}-01-01`);
  const everyYear = Math.ceil(years.length / 8);
  const summary = `Ydelseshistorik ${formatDate(first)} til ${formatDate(last)}: ` +
    [...h.periods, { ...h.caseSpell, id: 0, source: 'denne sag' }].map((p) => `${BENEFIT_KINDS[p.kind]} ${period(p.from, p.to)}`).join('; ') +
    `. ${h.shifts} skift mellem ydelser fra ${formatDate(h.windowFrom)} til ${formatDate(h.windowTo)}.`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={summary} style={{ maxWidth: W, display: 'block' }}>
      <g aria-hidden="true">
        <rect x={x(h.windowFrom)} y={T - 4} width={Math.max(1, xEnd(h.windowTo) - x(h.windowFrom))} height={ROW * KIND_ORDER.length + 4} fill="#fff4e0" />
        {KIND_ORDER.map((k) => (
          <g key={k}>
            <text x={L - 6} y={y(k) + ROW / 2 + 4} fontSize={11} textAnchor="end" fill="#1b1f24">{BENEFIT_KINDS[k]}</text>
            <line x1={L} x2={W - R} y1={y(k) + ROW - 1} y2={y(k) + ROW - 1} stroke="#d5d9e0" strokeWidth={0.5} />
          </g>
        ))}
        {h.periods.map((p) => (
          <rect key={p.id} x={x(p.from)} y={y(p.kind) + 4} width={Math.max(2, xEnd(p.to) - x(p.from))} height={ROW - 9} fill={KIND_COLOR[p.kind]} rx={2} />
        ))}
        <rect x={x(h.caseSpell.from)} y={y('sickness_benefit') + 4} width={Math.max(2, xEnd(h.caseSpell.to) - x(h.caseSpell.from))} height={ROW - 9}
          fill="none" stroke={KIND_COLOR.sickness_benefit} strokeWidth={1.5} strokeDasharray="3 2" rx={2} />
        {h.shiftDates.map((d, i) => (
          <line key={`${d}-${i}`} x1={x(d)} x2={x(d)} y1={T - 4} y2={T + ROW * KIND_ORDER.length} stroke="#1b1f24" strokeWidth={1} strokeDasharray="2 2" />
        ))}
        {years.map((d, i) => i % everyYear === 0 && (
          <g key={d}>
            <line x1={x(d)} x2={x(d)} y1={H - AXIS} y2={H - AXIS + 4} stroke="#5a6270" />
            <text x={x(d)} y={H - 4} fontSize={10} textAnchor="middle" fill="#5a6270">{d.slice(0, 4)}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}

/**
 * The case page's benefit-history section. `canWrite`: the viewer may change this open case, so the proposal of
 * target group 4 gets an accept button (the ordinary facts change, PATCH /api/cases/:id with the case's version).
 */
export function CaseBenefitHistoryPanel({ caseId, canWrite, onDone }: { caseId: number; canWrite: boolean; onDone: (msg: string) => void }) {
  const [h, setH] = useState<HistoryView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    try { setH(await api<HistoryView>('GET', `/api/cases/${caseId}/benefit-history`)); setLoadError(null); }
    catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load]);

  const accept = async () => {
    if (!h) return;
    setBusy(true);
    try {
      await api('PATCH', `/api/cases/${caseId}`, { version: h.caseVersion, changes: { targetGroup: 4 } });
      setError(null);
      await load();
      onDone('Sagen er sat i målgruppe 4 (sporadisk kontakt, skiftende ydelser).');
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };

  const titleId = `benefit-history-${caseId}`;
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>Ydelseshistorik</h2>
      {loadError && <p role="alert" className="alert">{loadError}</p>}
      {h && h.periods.length === 0 && (
        <p className="muted">Ingen ydelseshistorik er importeret for borgeren. Historikken importeres under <a href="/ydelseshistorik">Ydelseshistorik</a>.</p>
      )}
      {h && h.periods.length > 0 && (
        <>
          {h.flagged && (
            <div className="issue warning" role="status">
              <p><strong>Borgeren har skiftet ydelse {h.shifts} {h.shifts === 1 ? 'gang' : 'gange'} på {h.settings.years} år – overvej målgruppe 4</strong></p>
              <p className="hint">Kommunens screeningsregel: mindst {h.settings.minShifts} skift mellem ydelser (arbejde tæller som en ydelse) fra {formatDate(h.windowFrom)} til første fraværsdag {formatDate(h.windowTo)}. Sygeforløbet i denne sag tæller med.</p>
              {h.targetGroup === 4 && <p>Sagen er i målgruppe 4.</p>}
              {h.proposal && canWrite && (
                <>
                  <ErrorSummary error={error?.problem ?? null} />
                  <div className="actions"><button type="button" disabled={busy} onClick={() => void accept()}>Sæt sagen i målgruppe 4</button></div>
                </>
              )}
            </div>
          )}
          {!h.flagged && (
            <p>{h.shifts} skift mellem ydelser fra {formatDate(h.windowFrom)} til {formatDate(h.windowTo)} (kommunens grænse er {h.settings.minShifts} skift på {h.settings.years} år).</p>
          )}
          <Timeline h={h} lastDay={h.caseSpell.to ?? (todayOnServer() > h.asOf ? todayOnServer() : h.asOf)} />
          <p className="hint">Farvet baggrund: screeningsperioden. Stiplede lodrette linjer: skift. Stiplet ramme: sygeforløbet i denne sag.</p>
          <div className="table-box" tabIndex={0} role="region" aria-label="Ydelsesperioder">
            <table className="list">
              <caption className="visually-hidden">Ydelsesperioder</caption>
              <thead><tr><th scope="col">Ydelse</th><th scope="col">Fra</th><th scope="col">Til</th><th scope="col">Kilde</th><th scope="col">Skift</th></tr></thead>
              <tbody>
                {h.periods.map((p) => (
                  <tr key={p.id}>
                    <td>{BENEFIT_KINDS[p.kind]}</td><td>{formatDate(p.from)}</td><td>{p.to ? formatDate(p.to) : 'Løbende'}</td>
                    <td>{p.source ?? '–'}</td><td>{h.shiftDates.includes(p.from) ? 'Skift' : ''}</td>
                  </tr>
                ))}
                <tr>
                  <td>Sygedagpenge (denne sag)</td><td>{formatDate(h.caseSpell.from)}</td><td>{h.caseSpell.to ? formatDate(h.caseSpell.to) : 'Løbende'}</td>
                  <td>retur</td><td>{h.shiftDates.includes(h.caseSpell.from) ? 'Skift' : ''}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** POST /api/benefit-history/import: the answer, or (400) a problem with the same counts and errors by line. */
interface ImportAnswer {
  lines: number; imported: number; updated: number; unchanged: number; unknownCitizens: number; unknownCitizenLines: number; citizens: number;
  errors: { line: number; column: string | null; message: string }[]; errorCount: number; detail?: string;
}

/** /ydelseshistorik: import a CSV file of benefit periods; the format is shown on the page. */
export function BenefitHistoryImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setAnswer(null); setProblem(null);
    if (!file) { setProblem('Vælg en fil.'); return; }
    if (file.size > MAX_IMPORT_BYTES) { setProblem('Filen er for stor (højst 5 MB). Del den i flere filer.'); return; }
    setBusy(true);
    try {
      // file.text() reads UTF-8; a file saved as Windows-1252 shows up as unreadable characters, which the server names.
      const text = await file.text();
      const res = await fetch('/api/benefit-history/import', { method: 'POST', headers: { 'content-type': 'text/csv; charset=utf-8' }, body: text, credentials: 'same-origin' });
      const data = await res.json().catch(() => null) as (ImportAnswer & { detail?: string; errors?: unknown }) | null;
      if (res.status === 401) window.dispatchEvent(new Event('retur:logged-out'));
      if (res.ok || (res.status === 400 && data && typeof data.errorCount === 'number')) setAnswer(data);
      else setProblem(data?.detail ?? `Serveren svarede ${res.status}`);
    } catch { setProblem('Filen kunne ikke sendes. Prøv igen.'); } finally { setBusy(false); }
  };

  return (
    <main>
      <h1>Ydelseshistorik</h1>
      <p>Importér borgernes ydelseshistorik fra en CSV-fil. På sagen screener retur historikken og foreslår målgruppe 4, når borgeren ofte har skiftet mellem ydelser.</p>
      <form className="panel" aria-label="Importér ydelseshistorik" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
        <div className="field">
          <label htmlFor="bh-file">CSV-fil</label>
          <input id="bh-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="bh-file-hint"
            onChange={(e: ChangeEvent<HTMLInputElement>) => { setFile(e.target.files?.[0] ?? null); setAnswer(null); setProblem(null); }} />
          <span id="bh-file-hint" className="hint">Semikolonsepareret, UTF-8, højst 5 MB.</span>
        </div>
        <div className="actions"><button type="submit" disabled={busy}>{busy ? 'Importerer …' : 'Importér'}</button></div>
      </form>
      {problem && <p role="alert" className="alert">{problem}</p>}
      {answer && answer.errorCount === 0 && (
        <div role="status" className="notice">
          <p><strong>Filen er importeret.</strong> {answer.lines} linjer for {answer.citizens} {answer.citizens === 1 ? 'borger' : 'borgere'}.</p>
          <ul>
            <li>Nye perioder: {answer.imported}</li>
            <li>Rettede perioder: {answer.updated}</li>
            <li>Uændrede perioder: {answer.unchanged}</li>
            <li>Ukendte borgere (ikke gemt): {answer.unknownCitizens}{answer.unknownCitizenLines ? ` (${answer.unknownCitizenLines} linjer)` : ''}</li>
          </ul>
        </div>
      )}
      {answer && answer.errorCount > 0 && (
        <div role="alert" className="alert">
          <p><strong>Filen er ikke importeret.</strong> {answer.errorCount} {answer.errorCount === 1 ? 'fejl' : 'fejl'} – ret filen og importér den igen. Intet er gemt.</p>
          <ul>{answer.errors.map((e, i) => <li key={i}>{e.message}</li>)}</ul>
          {answer.errorCount > answer.errors.length && <p>… og {answer.errorCount - answer.errors.length} fejl mere.</p>}
        </div>
      )}
      <section aria-labelledby="bh-format" className="panel">
        <h2 id="bh-format">Filens format</h2>
        <ul>
          <li>Semikolonsepareret tekst i UTF-8 (i Excel: <em>Gem som</em> → <em>CSV UTF-8</em> med semikolon som skilletegn). Linjeskift som i Windows eller Linux.</li>
          <li>Første linje er overskriften: <code>{CSV_HEADER}</code></li>
          <li><code>cpr</code>: borgerens CPR-nummer, 10 cifre, med eller uden bindestreg. Formatér kolonnen som tekst i Excel, så et 0 foran ikke forsvinder.</li>
          <li><code>ydelse</code>: {CSV_KIND_WORDS.join(', ')}.</li>
          <li><code>fra</code>: periodens første dag, ÅÅÅÅ-MM-DD (ikke i fremtiden).</li>
          <li><code>til</code>: periodens sidste dag, ÅÅÅÅ-MM-DD; tom, hvis perioden løber endnu.</li>
          <li><code>kilde</code>: hvor linjen kommer fra (fx DREAM, KY, eIndkomst); må være tom.</li>
        </ul>
        <p>En periode kendes på borger, ydelse og fra-dato. Samme fil to gange ændrer intet; en linje med ny til-dato eller kilde retter perioden. Perioder slettes aldrig ved import.</p>
        <p>Alt eller intet: har blot én linje en fejl, importeres intet, og hver fejl vises med linje og kolonne. CPR-numre, som retur ikke kender, springes over og tælles som ukendte borgere – de gemmes ikke (dataminimering).</p>
        <pre className="scroll-x" tabIndex={0}>{`${CSV_HEADER}\n010190-1234;dagpenge;2024-03-01;2024-08-31;DREAM\n010190-1234;arbejde;2024-09-02;2025-05-30;eIndkomst\n010190-1234;kontanthjælp;2025-06-02;;KY`}</pre>
      </section>
    </main>
  );
}
