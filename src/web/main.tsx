/** The retur web app: a shell with navigation and a page per path. */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, setServerToday, type User } from './api.ts';
import { Link, navigate, usePath } from './router.tsx';
import { ROLES } from '../domain/caseFields.ts';
import { Login } from './pages/Login.tsx';
import { CaseSearch } from './pages/CaseSearch.tsx';
import { CaseNew } from './pages/CaseNew.tsx';
import { CaseView } from './pages/CaseView.tsx';
import { AuditLog } from './pages/AuditLog.tsx';
import { Privacy } from './pages/Privacy.tsx';
import { Calendar } from './pages/Calendar.tsx';
import { GroupSessions } from './pages/GroupSessions.tsx';
import { Outbox } from './pages/Outbox.tsx';
import { LetterTemplates } from './pages/LetterTemplates.tsx';
import { PrintBatches } from './pages/Letters.tsx';
import { InboundMail } from './pages/InboundMail.tsx';
import { InterventionsPage } from './pages/Pathways.tsx';
import { EmployersPage } from './pages/Employers.tsx';
import { ComplaintsPage } from './pages/Complaints.tsx';
import { BenefitHistoryImportPage } from './pages/BenefitHistory.tsx';
import { AnalyticsPage } from './pages/Analytics.tsx';
import { Rules } from './pages/Rules.tsx';
import { Worklist } from './pages/Worklist.tsx';
import { Team } from './pages/Team.tsx';

function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const path = usePath();
  useEffect(() => {
    api<{ user: User; today: string }>('GET', '/api/auth/me').then((r) => { setServerToday(r.today); setUser(r.user); }, () => setUser(null));
    const out = () => setUser(null);
    window.addEventListener('retur:logged-out', out);
    return () => window.removeEventListener('retur:logged-out', out);
  }, []);
  if (user === undefined) return null;
  if (user === null) return <Login onLogin={(u) => { setUser(u); if (path === '/') navigate(homeOf(u)); }} />;

  const logout = async () => { await api('POST', '/api/auth/logout'); setUser(null); navigate('/'); };
  return (
    <>
      <a className="skip" href="#content">Spring til indhold</a>
      <header className="top">
        <Link href={homeOf(user)} className="brand">retur</Link>
        <nav aria-label="Hovedmenu">
          {['caseworker', 'team_leader', 'manager'].includes(user.role) && <Link href="/arbejdsliste" aria-current={path.startsWith('/arbejdsliste') ? 'page' : undefined}>Arbejdsliste</Link>}
          {['caseworker', 'team_leader'].includes(user.role) && <Link href="/kalender" aria-current={path.startsWith('/kalender') ? 'page' : undefined}>Kalender</Link>}
          {['caseworker', 'team_leader'].includes(user.role) && <Link href="/grupper" aria-current={path.startsWith('/grupper') ? 'page' : undefined}>Grupper</Link>}
          {user.role !== 'administrator' && <Link href="/sager" aria-current={path.startsWith('/sager') ? 'page' : undefined}>Sager</Link>}
          {['team_leader', 'manager'].includes(user.role) && <Link href="/team" aria-current={path.startsWith('/team') ? 'page' : undefined}>Team</Link>}
          {user.role === 'administrator' && <Link href="/revision" aria-current={path.startsWith('/revision') ? 'page' : undefined}>Revisionsspor</Link>}
          {user.role === 'administrator' && <Link href="/persondata" aria-current={path.startsWith('/persondata') ? 'page' : undefined}>Persondata</Link>}
          {user.role === 'administrator' && <Link href="/beskeder" aria-current={path.startsWith('/beskeder') ? 'page' : undefined}>Beskeder</Link>}
          {['caseworker', 'team_leader'].includes(user.role) && <Link href="/henvendelser/ukendte" aria-current={path.startsWith('/henvendelser/ukendte') ? 'page' : undefined}>Ukendte e-mails</Link>}
          {['caseworker', 'team_leader', 'manager'].includes(user.role) && <Link href="/arbejdsgivere" aria-current={path.startsWith('/arbejdsgivere') ? 'page' : undefined}>Arbejdsgivere</Link>}
          {['caseworker', 'team_leader', 'manager', 'analyst'].includes(user.role) && <Link href="/indsatser" aria-current={path.startsWith('/indsatser') ? 'page' : undefined}>Indsatser</Link>}
          {['team_leader', 'manager', 'analyst'].includes(user.role) && <Link href="/klager" aria-current={path.startsWith('/klager') ? 'page' : undefined}>Klager</Link>}
          {['caseworker', 'team_leader'].includes(user.role) && <Link href="/ydelseshistorik" aria-current={path.startsWith('/ydelseshistorik') ? 'page' : undefined}>Ydelseshistorik</Link>}
          {['caseworker', 'team_leader'].includes(user.role) && <Link href="/print" aria-current={path.startsWith('/print') ? 'page' : undefined}>Print</Link>}
          {user.role === 'administrator' && <Link href="/breve" aria-current={path.startsWith('/breve') ? 'page' : undefined}>Breve</Link>}
          {['team_leader', 'manager', 'analyst'].includes(user.role) && <Link href="/analyse" aria-current={path.startsWith('/analyse') ? 'page' : undefined}>Analyse</Link>}
          <Link href="/regler" aria-current={path.startsWith('/regler') ? 'page' : undefined}>Regler</Link>
        </nav>
        <span className="who">{user.name}, {ROLES[user.role as keyof typeof ROLES]}</span>
        <button className="secondary" onClick={logout}>Log ud</button>
      </header>
      <div id="content" tabIndex={-1}>{page(path, user)}</div>
    </>
  );
}

const homeOf = (u: User) => (u.role === 'administrator' ? '/revision' : u.role === 'analyst' ? '/analyse' : u.role === 'team_leader' || u.role === 'manager' ? '/team' : '/arbejdsliste');

function page(path: string, user: User) {
  const p = path.split('?')[0];
  if (p === '/' ) { queueMicrotask(() => navigate(homeOf(user))); return null; }
  if (p === '/sager') return <CaseSearch user={user} key={path} />;
  if (p === '/sager/ny') return <CaseNew user={user} />;
  const m = /^\/sager\/(\d+)$/.exec(p);
  if (m) return <CaseView id={Number(m[1])} user={user} key={m[1]} />;
  if (p === '/revision') return <AuditLog />;
  if (p === '/persondata') return <Privacy />;
  if (p === '/kalender') return <Calendar user={user} key={user.id} />;
  if (p === '/grupper') return <GroupSessions user={user} />;
  if (p === '/beskeder') return <Outbox />;
  if (p === '/breve') return <LetterTemplates />;
  if (p === '/print') return <PrintBatches />;
  if (p === '/henvendelser/ukendte') return <InboundMail />;
  if (p === '/indsatser') return <InterventionsPage />;
  if (p === '/arbejdsgivere') return <EmployersPage />;
  if (p === '/klager') return <ComplaintsPage />;
  if (p === '/ydelseshistorik') return <BenefitHistoryImportPage />;
  if (p === '/analyse') return <AnalyticsPage user={user} key={path} />;
  if (p === '/regler') return <Rules user={user} />;
  if (p === '/arbejdsliste') return <Worklist user={user} key={user.id} />;
  if (p === '/team') return <Team user={user} />;
  return <main><h1>Siden findes ikke</h1><p><Link href="/">Til forsiden</Link></p></main>;
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
