/** Employers and fast track (issue 10, slice B): the case's employer and fast-track panel and the employer register. */
export function CaseEmployerPanel(_p: { caseId: number; version: number; canWrite: boolean; onDone: (msg: string) => void }) { return null; }
export function EmployersPage() { return <main><h1>Arbejdsgivere</h1></main>; }
