/** Form parts that show the API's field errors next to the field, accessibly. */
import { useId, type ReactNode, type InputHTMLAttributes, type SelectHTMLAttributes } from 'react';

export function Field({ label, error, hint, children, id }: { label: string; error?: string; hint?: string; children: (p: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode; id?: string }) {
  const auto = useId();
  const fid = id ?? auto;
  const described = [hint ? `${fid}-hint` : '', error ? `${fid}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={fid}>{label}</label>
      {hint && <span className="hint" id={`${fid}-hint`}>{hint}</span>}
      {children({ id: fid, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {error && <span className="error" id={`${fid}-error`} role="alert">{error}</span>}
    </div>
  );
}

export function TextField({ label, error, hint, ...input }: { label: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return <Field label={label} error={error} hint={hint}>{(p) => <input {...input} {...p} />}</Field>;
}

export function SelectField({ label, error, hint, options, ...select }: { label: string; error?: string; hint?: string; options: [string, string][] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(p) => (
        <select {...select} {...p}>
          {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      )}
    </Field>
  );
}

/** A labelled multi-line text field, in the same frame (label, hint, error) as the one-line fields. */
export function TextAreaField({ label, hint, error, value, onChange, rows = 3, name }: { label: string; hint?: string; error?: string; value: string; onChange: (v: string) => void; rows?: number; name: string }) {
  return <Field label={label} hint={hint} error={error}>{(p) => <textarea {...p} name={name} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />}</Field>;
}

export function CheckField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field check">
      <input type="checkbox" id={id} {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function ErrorSummary({ error }: { error: { detail: string; errors?: { path: string; message: string }[] } | null }) {
  if (!error) return null;
  return (
    <div className="alert" role="alert">
      <strong>{error.detail}</strong>
      {error.errors && error.errors.length > 0 && !(error.errors.length === 1 && error.detail.startsWith(error.errors[0].message)) && (
        <ul>{error.errors.map((e) => <li key={e.path}>{e.message}</li>)}</ul>
      )}
    </div>
  );
}

export const formatCpr = (cpr: string | null) => (cpr ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : '–');
const DA = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
export const formatDate = (d: string | null | undefined) => (d ? DA.format(new Date(d.slice(0, 10) + 'T00:00:00Z')) : '–');
const DT = new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
export const formatDateTime = (d: string) => DT.format(new Date(d));
export const optionsOf = (o: Record<string | number, string>, empty?: string): [string, string][] => [
  ...(empty !== undefined ? [['', empty] as [string, string]] : []),
  ...Object.entries(o).map(([k, v]) => [k, v] as [string, string]),
];
