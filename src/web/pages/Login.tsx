import { useState, type FormEvent } from 'react';
import { api, ApiError, setServerToday, type User } from '../api.ts';
import { TextField, ErrorSummary } from '../components.tsx';

export function Login({ onLogin }: { onLogin: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await api<{ user: User; today: string }>('POST', '/api/auth/login', { username, password });
      setServerToday(r.today);
      onLogin(r.user);
    } catch (err) { setError(err as ApiError); }
  }
  return (
    <main className="login">
      <h1>retur</h1>
      <p>Opfølgning på sygedagpengesager</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary error={error?.problem ?? null} />
        <TextField label="Brugernavn" name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} error={error?.fields.username} />
        <TextField label="Adgangskode" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={error?.fields.password} />
        <button type="submit">Log ind</button>
      </form>
      <p className="hint">Demo: mette, lars, maria, anne eller henrik med adgangskoden <code>demo</code>.</p>
    </main>
  );
}
