/** The case facts as form fields, shared by "create case" and "edit case". */
import { CASE_KINDS, CATEGORIES, DIAGNOSIS_GROUPS, EMPLOYMENTS, SICK_LEAVES, TARGET_GROUPS } from '../../domain/caseFields.ts';
import { CheckField, SelectField, TextField, optionsOf } from '../components.tsx';

export interface FactsForm {
  kind: string; firstAbsenceDay: string; employment: string; sickLeave: string; partialHours: string;
  expectedFullReturn: string; category: string; targetGroup: string; pathway: string; diagnosisGroup: string; fastTrack: boolean; standby: boolean;
  pensioner: boolean; selfEmployedInsured: boolean; predictableCourse: boolean; notificationReceived: string; informationFormSent: string;
  medicalCertificateRequested: string; plannedFirstFollowUp: string; fastTrackRequestedBy: string; fastTrackRequested: string;
  fastTrackLetterSent: string; fastTrackDeclined: boolean; reassessedOn: string; informationFormReceived: string;
}
const DATE_FACTS = ['notificationReceived', 'informationFormSent', 'medicalCertificateRequested', 'plannedFirstFollowUp', 'fastTrackRequested', 'fastTrackLetterSent', 'reassessedOn', 'informationFormReceived'] as const;
const FLAG_FACTS = ['pensioner', 'selfEmployedInsured', 'predictableCourse', 'fastTrackDeclined'] as const;

export const emptyFacts: FactsForm = {
  kind: 'sickness_benefit', firstAbsenceDay: '', employment: 'employed', sickLeave: 'full', partialHours: '',
  expectedFullReturn: '', category: '', targetGroup: '', pathway: '', diagnosisGroup: '', fastTrack: false, standby: false,
  pensioner: false, selfEmployedInsured: false, predictableCourse: false, notificationReceived: '', informationFormSent: '',
  medicalCertificateRequested: '', plannedFirstFollowUp: '', fastTrackRequestedBy: '', fastTrackRequested: '', fastTrackLetterSent: '', fastTrackDeclined: false, reassessedOn: '', informationFormReceived: '',
};

const num = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));
/** Form strings → API values (numbers, nulls). */
export function factsToApi(f: FactsForm) {
  return {
    kind: f.kind, firstAbsenceDay: f.firstAbsenceDay, employment: f.employment, sickLeave: f.sickLeave,
    partialHours: f.sickLeave === 'partial' ? num(f.partialHours) : null,
    expectedFullReturn: f.expectedFullReturn || null, category: num(f.category), targetGroup: num(f.targetGroup),
    pathway: num(f.pathway), diagnosisGroup: f.diagnosisGroup || null, fastTrack: f.fastTrack, standby: f.standby,
    ...Object.fromEntries(DATE_FACTS.map((k) => [k, f[k] || null])),
    ...Object.fromEntries(FLAG_FACTS.map((k) => [k, f[k]])),
    fastTrackRequestedBy: f.fastTrackRequestedBy || null,
  };
}

export function factsFromCase(c: Record<string, unknown>): FactsForm {
  const s = (v: unknown) => (v == null ? '' : String(v));
  return {
    kind: s(c.kind), firstAbsenceDay: s(c.firstAbsenceDay), employment: s(c.employment), sickLeave: s(c.sickLeave),
    partialHours: s(c.partialHours), expectedFullReturn: s(c.expectedFullReturn), category: s(c.category),
    targetGroup: s(c.targetGroup), pathway: s(c.pathway), diagnosisGroup: s(c.diagnosisGroup), fastTrack: Boolean(c.fastTrack), standby: Boolean(c.standby),
    ...(Object.fromEntries(DATE_FACTS.map((k) => [k, s(c[k])])) as Record<(typeof DATE_FACTS)[number], string>),
    ...(Object.fromEntries(FLAG_FACTS.map((k) => [k, Boolean(c[k])])) as Record<(typeof FLAG_FACTS)[number], boolean>),
    fastTrackRequestedBy: s(c.fastTrackRequestedBy),
  };
}

export function CaseFactsFields({ value, onChange, errors, prefix = '' }: { value: FactsForm; onChange: (f: FactsForm) => void; errors: Record<string, string>; prefix?: string }) {
  const set = <K extends keyof FactsForm>(k: K) => (v: FactsForm[K]) => onChange({ ...value, [k]: v });
  const err = (k: string) => errors[prefix + k];
  return (
    <div className="grid">
      <SelectField label="Sagstype" name="kind" value={value.kind} onChange={(e) => set('kind')(e.target.value)} options={optionsOf(CASE_KINDS)} error={err('kind')} />
      <TextField label="Første fraværsdag" name="firstAbsenceDay" type="date" required value={value.firstAbsenceDay} onChange={(e) => set('firstAbsenceDay')(e.target.value)} error={err('firstAbsenceDay')} />
      <SelectField label="Sygemeldt fra" name="employment" value={value.employment} onChange={(e) => set('employment')(e.target.value)} options={optionsOf(EMPLOYMENTS)} error={err('employment')} />
      <SelectField label="Sygemelding" name="sickLeave" value={value.sickLeave} onChange={(e) => set('sickLeave')(e.target.value)} options={optionsOf(SICK_LEAVES)} error={err('sickLeave')} />
      {value.sickLeave === 'partial' && (
        <TextField label="Timer i arbejde pr. uge" name="partialHours" inputMode="decimal" value={value.partialHours} onChange={(e) => set('partialHours')(e.target.value)} error={err('partialHours')} />
      )}
      <TextField label="Forventet fuld raskmelding" name="expectedFullReturn" type="date" value={value.expectedFullReturn} onChange={(e) => set('expectedFullReturn')(e.target.value)} error={err('expectedFullReturn')} />
      <SelectField label="Visitationskategori" name="category" value={value.category} onChange={(e) => set('category')(e.target.value)} options={optionsOf(CATEGORIES, 'Ikke visiteret')} error={err('category')} />
      <SelectField label="Målgruppe" name="targetGroup" value={value.targetGroup} onChange={(e) => set('targetGroup')(e.target.value)} options={optionsOf(TARGET_GROUPS, 'Ingen')} error={err('targetGroup')} />
      <SelectField label="Borgerforløb" name="pathway" value={value.pathway} onChange={(e) => set('pathway')(e.target.value)} options={[['', 'Intet'], ...[1, 2, 3, 4, 5, 6].map((n) => [String(n), `Borgerforløb ${n}`] as [string, string])]} error={err('pathway')} />
      <SelectField label="Diagnosegruppe (helbredsoplysning)" name="diagnosisGroup" value={value.diagnosisGroup} onChange={(e) => set('diagnosisGroup')(e.target.value)} options={optionsOf(DIAGNOSIS_GROUPS, 'Ikke oplyst')} error={err('diagnosisGroup')} />
      <CheckField label="Fast track (tidlig opfølgning)" name="fastTrack" checked={value.fastTrack} onChange={(e) => set('fastTrack')(e.target.checked)} />
      <CheckField label="Standby (alvorlig sygdom, ingen kontakt)" name="standby" checked={value.standby} onChange={(e) => set('standby')(e.target.checked)} />
      <CheckField label="Pensionist (26 uger inden for 12 måneder)" name="pensioner" checked={value.pensioner} onChange={(e) => set('pensioner')(e.target.checked)} />
      {value.employment === 'self_employed' && <CheckField label="Frivillig sygedagpengeforsikring" name="selfEmployedInsured" checked={value.selfEmployedInsured} onChange={(e) => set('selfEmployedInsured')(e.target.checked)} />}
      {value.employment === 'employed' && <CheckField label="Forudsigeligt forløb (§ 13 f)" name="predictableCourse" checked={value.predictableCourse} onChange={(e) => set('predictableCourse')(e.target.checked)} />}
      <TextField label="Anmeldelse modtaget" name="notificationReceived" type="date" value={value.notificationReceived} onChange={(e) => set('notificationReceived')(e.target.value)} error={err('notificationReceived')} />
      <TextField label="Oplysningsskema sendt" name="informationFormSent" type="date" value={value.informationFormSent} onChange={(e) => set('informationFormSent')(e.target.value)} error={err('informationFormSent')} />
      <TextField label="Oplysningsskema modtaget" name="informationFormReceived" type="date" value={value.informationFormReceived} onChange={(e) => set('informationFormReceived')(e.target.value)} error={err('informationFormReceived')} />
      <TextField label="Lægeattest bestilt" name="medicalCertificateRequested" type="date" value={value.medicalCertificateRequested} onChange={(e) => set('medicalCertificateRequested')(e.target.value)} error={err('medicalCertificateRequested')} />
      <TextField label="Revurderet (afgørelse om forlængelse)" name="reassessedOn" type="date" value={value.reassessedOn} onChange={(e) => set('reassessedOn')(e.target.value)} error={err('reassessedOn')} />
      <TextField label="Første samtale planlagt" name="plannedFirstFollowUp" type="date" value={value.plannedFirstFollowUp} onChange={(e) => set('plannedFirstFollowUp')(e.target.value)} error={err('plannedFirstFollowUp')} />
      {value.fastTrack && (
        <>
          <SelectField label="Fast track anmodet af" name="fastTrackRequestedBy" value={value.fastTrackRequestedBy} onChange={(e) => set('fastTrackRequestedBy')(e.target.value)} options={[['', 'Vælg'], ['employer', 'Arbejdsgiveren'], ['citizen', 'Borgeren']]} error={err('fastTrackRequestedBy')} />
          <TextField label="Fast track anmodet den" name="fastTrackRequested" type="date" value={value.fastTrackRequested} onChange={(e) => set('fastTrackRequested')(e.target.value)} error={err('fastTrackRequested')} />
          {value.fastTrackRequestedBy === 'employer' && <TextField label="Brev til medarbejderen sendt" name="fastTrackLetterSent" type="date" value={value.fastTrackLetterSent} onChange={(e) => set('fastTrackLetterSent')(e.target.value)} error={err('fastTrackLetterSent')} />}
          <CheckField label="Medarbejderen har sagt nej til fast track" name="fastTrackDeclined" checked={value.fastTrackDeclined} onChange={(e) => set('fastTrackDeclined')(e.target.checked)} />
        </>
      )}
    </div>
  );
}
