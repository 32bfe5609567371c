import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, setServerToday, type User } from '../api.ts';
import { TextField, ErrorSummary } from '../components.tsx';

/**
 * Why a login through the municipality's login was refused: the server sends only a code (`/?sso=fejl&grund=…`,
 * see app/oidc.ts), never text of its own, so nobody can put words on this page through a link.
 */
const SSO_REFUSALS: Record<string, string> = {
  'ingen-rolle': 'Du er logget ind hos kommunen, men din konto har ingen rolle i retur. Bed kommunens IT-afdeling om at give dig adgang til retur (fx som sagsbehandler eller teamleder).',
  'mangler-team': 'Din konto hos kommunen er ikke knyttet til et team. Sagsbehandlere og teamledere skal høre til et team i retur; bed kommunens IT-afdeling om at sætte dit team.',
  'ukendt-team': 'Det team, som kommunens login oplyser for dig, findes ikke i retur. Bed en administrator om at oprette teamet, eller bed kommunens IT-afdeling om at rette teamets navn.',
  'flere-teams': 'Kommunens login oplyser flere teams for dig, men i retur kan du kun høre til ét. Bed kommunens IT-afdeling om at rette det.',
  deaktiveret: 'Din adgang til retur er lukket. Kontakt din leder, hvis det er en fejl.',
  udloebet: 'Login tog for lang tid, blev brugt to gange eller blev startet i et andet vindue. Prøv igen.',
  afbrudt: 'Login hos kommunen blev afbrudt eller afvist. Prøv igen.',
  utilgaengelig: 'Kommunens login svarer ikke lige nu. Prøv igen om lidt, eller log ind med brugernavn og adgangskode.',
  ugyldig: 'Svaret fra kommunens login kunne ikke godkendes. Prøv igen; kontakt support, hvis det sker igen.',
  'ikke-sat-op': 'Log ind med kommunens login er ikke sat op i retur. Log ind med brugernavn og adgangskode.',
};
const SSO_UNKNOWN = 'Log ind med kommunens login mislykkedes. Prøv igen, eller log ind med brugernavn og adgangskode.';

function ssoRefusalFromUrl(): string | null {
  const q = new URLSearchParams(window.location.search);
  if (q.get('sso') !== 'fejl') return null;
  return SSO_REFUSALS[q.get('grund') ?? ''] ?? SSO_UNKNOWN;
}

export function Login({ onLogin }: { onLogin: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [ssoEnabled, setSsoEnabled] = useState(false);
  const [ssoError] = useState(ssoRefusalFromUrl);
  useEffect(() => {
    api<{ enabled: boolean }>('GET', '/api/auth/oidc').then((r) => setSsoEnabled(r.enabled), () => setSsoEnabled(false));
    // The reason is shown once; a reload or a bookmark of the page should not repeat it.
    if (ssoError) window.history.replaceState(null, '', '/');
  }, [ssoError]);
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
      {ssoError && <div className="alert" role="alert"><strong>Du blev ikke logget ind.</strong> {ssoError}</div>}
      {ssoEnabled && (
        <p><a className="button" href="/api/auth/oidc/login">Log ind med kommunens login</a></p>
      )}
      <form onSubmit={submit} noValidate aria-label={ssoEnabled ? 'Log ind med brugernavn og adgangskode' : undefined}>
        <ErrorSummary error={error?.problem ?? null} />
        <TextField label="Brugernavn" name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} error={error?.fields.username} />
        <TextField label="Adgangskode" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={error?.fields.password} />
        <button type="submit">Log ind</button>
      </form>
      <p className="hint">Demo: mette, lars, maria, anne eller henrik med adgangskoden <code>demo</code>.</p>
    </main>
  );
}
