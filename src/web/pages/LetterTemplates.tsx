/**
 * The administrator's letter templates: each with its LIX (under 40 is easy to read), an editor with a live preview on a
 * sample citizen, and every earlier version kept with its reason.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, TextField, formatDateTime } from '../components.tsx';

interface Summary { id: string; name: string; kind: string; version: number; lix: number }
interface Template extends Summary { body: string; versions: { version: number; createdBy: string | null; createdAt: string; reason: string; lix: number }[] }
interface Preview { text: string | null; lix: number; longSentences: { words: number; start: string }[]; unknownFields: string[] }

const KINDS: Record<string, string> = { information: 'Information', decision: 'Afgørelse', hearing: 'Partshøring', answer: 'Svar', minutes: 'Referat' };
const lixLabel = (lix: number) => (lix < 30 ? 'meget let' : lix < 40 ? 'let' : lix < 50 ? 'middel' : 'svær');

export function LetterTemplates() {
  const [list, setList] = useState<Summary[]>([]);
  const [open, setOpen] = useState<Template | null>(null);
  const [body, setBody] = useState('');
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const load = () => api<Summary[]>('GET', '/api/letter-templates').then(setList).catch(setError);
  useEffect(() => { void load(); }, []);
  const choose = async (id: string) => {
    const t = await api<Template>('GET', `/api/letter-templates/${id}`);
    setOpen(t); setBody(t.body); setReason(''); setNotice(''); setError(null);
  };
  // Live preview: the text as the citizen would read it, rendered on a sample citizen, a moment after typing stops.
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => { api<Preview>('POST', '/api/letter-templates/preview', { body }).then(setPreview, () => setPreview(null)); }, 400);
    return () => clearTimeout(timer);
  }, [body, open]);
  const save = async () => {
    try {
      await api('POST', `/api/letter-templates/${open!.id}/versions`, { body, reason });
      await load(); await choose(open!.id);
      // After reloading the template (which clears the notice of the previous one).
      setNotice('Den nye version er gemt. Den gamle er bevaret.');
    } catch (e) { setError(e as ApiError); }
  };
  return (
    <main>
      <h1>Brevskabeloner</h1>
      <p>Breve i klart sprog: hold LIX under 40 og sætningerne under 25 ord. Flettefelter skrives som <code>{'{{ borger.navn }}'}</code>.</p>
      <div className="table-box" tabIndex={0}>
        <table className="list">
          <thead><tr><th scope="col">Skabelon</th><th scope="col">Type</th><th scope="col">Version</th><th scope="col">LIX</th></tr></thead>
          <tbody>{list.map((t) => (
            <tr key={t.id}><td><button type="button" className="secondary small" onClick={() => void choose(t.id)}>{t.name}</button></td>
              <td>{KINDS[t.kind] ?? t.kind}</td><td>{t.version}</td><td>{t.lix} ({lixLabel(t.lix)})</td></tr>
          ))}</tbody>
        </table>
      </div>
      {open && (
        <section aria-labelledby="edit-h" className="columns">
          <div>
            <h2 id="edit-h">{open.name}</h2>
            {notice && <p className="notice" role="status">{notice}</p>}
            <ErrorSummary error={error?.problem ?? null} />
            <label className="field"><span>Skabelon</span><textarea name="templateBody" rows={16} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={error?.fields.body ? true : undefined} /></label>
            {error?.fields.body && <span className="error" role="alert">{error.fields.body}</span>}
            <TextField label="Begrundelse for ændringen" name="templateReason" value={reason} onChange={(e) => setReason(e.target.value)} error={error?.fields.reason} />
            <button type="button" onClick={() => void save()}>Gem ny version</button>
            <h3>Tidligere versioner</h3>
            <ul className="cards">{open.versions.map((v) => <li key={v.version}>Version {v.version}, {formatDateTime(v.createdAt)}, {v.createdBy ?? 'retur'}: {v.reason} (LIX {v.lix})</li>)}</ul>
          </div>
          <div>
            <h2>Forhåndsvisning</h2>
            {preview && (
              <>
                <p>LIX <strong>{preview.lix}</strong> ({lixLabel(preview.lix)}){preview.longSentences.length ? `, ${preview.longSentences.length} lange sætninger` : ''}</p>
                {preview.unknownFields.length > 0 && <p className="issue error">Ukendte flettefelter: {preview.unknownFields.join(', ')}</p>}
                {preview.longSentences.map((l, i) => <p key={i} className="issue warning">{l.words} ord: {l.start}</p>)}
                {preview.text && <div className="panel note-text">{preview.text}</div>}
              </>
            )}
          </div>
        </section>
      )}
    </main>
  );
}
