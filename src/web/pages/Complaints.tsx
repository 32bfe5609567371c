/** Complaints and appeals (issue 10, slice C): the case's complaints panel and the complaint figures page. */
export function CaseComplaintsPanel(_p: { caseId: number; canWrite: boolean; onDone: (msg: string) => void }) { return null; }
export function ComplaintsPage() { return <main><h1>Klager</h1></main>; }
