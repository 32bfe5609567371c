/** Benefit-history screening (issue 10, slice D): the case's benefit history panel and the import page. */
export function CaseBenefitHistoryPanel(_p: { caseId: number; canWrite: boolean; onDone: (msg: string) => void }) { return null; }
export function BenefitHistoryImportPage() { return <main><h1>Ydelseshistorik</h1></main>; }
