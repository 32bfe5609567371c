/** Pathways and interventions (issue 10, slice A): the case's pathway panel and the intervention catalogue page. */
export function CasePathwayPanel(_p: { caseId: number; version: number; canWrite: boolean; onDone: (msg: string) => void }) { return null; }
export function InterventionsPage() { return <main><h1>Indsatser</h1></main>; }
