/**
 * Letter templates in LiquidJS, set up so a template is text with merge fields and nothing more: no file system
 * (an empty in-memory template map, `relativeReference: false`), no include/render/layout, strict variables and
 * filters, own properties only. LiquidJS was chosen because its language has no code execution (unlike
 * Handlebars helpers or JS template literals) and it does static analysis of the variables a template uses, so the
 * editor can name every unknown merge field at once.
 */
import { Liquid, type Template } from 'liquidjs';
import { formatDanish, type IsoDate } from '../domain/dates.ts';
import { invalidField } from '../domain/errors.ts';

/**
 * The merge fields a letter may use (Danish names, as caseworkers read them):
 * - borger.navn, borger.adresse (empty when unknown)
 * - sag.nummer, sag.foersteFravaersdag (ISO date; print with `| dato`), sag.fastTrack (true/false)
 * - frister.foersteOpfoelgning, frister.oplysningsskema, frister.laegeattest, frister.revurdering,
 *   frister.svarfrist (the citizen's answer deadline in a partshøring, Forvaltningsloven § 19) — ISO dates or empty
 * - sagsbehandler.navn, sagsbehandler.telefon
 * - naesteSamtale.dato, naesteSamtale.form (empty when none is planned)
 * - referat.dato, referat.form, referat.aftalt, referat.naesteSkridt, referat.naesteSamtale: the minutes of the latest held
 *   meeting, without health notes (a letter's text is shown more widely than the minutes themselves)
 * - kommune.navn
 * - dags (today's date)
 */
export interface MergeModel {
  borger: { navn: string; adresse: string | null };
  sag: { nummer: string; foersteFravaersdag: IsoDate; fastTrack: boolean };
  frister: { foersteOpfoelgning: IsoDate | null; oplysningsskema: IsoDate | null; laegeattest: IsoDate | null; revurdering: IsoDate | null; svarfrist: IsoDate | null };
  sagsbehandler: { navn: string; telefon: string | null };
  naesteSamtale: { dato: IsoDate | null; form: string | null };
  referat: { dato: IsoDate | null; form: string | null; aftalt: string; naesteSkridt: string; naesteSamtale: string };
  kommune: { navn: string };
  dags: IsoDate;
}

export interface MergeInput {
  citizen: { name: string; address?: string | null };
  caseId: number;
  firstAbsenceDay: IsoDate;
  fastTrack: boolean;
  /** Due dates by deadline kind (src/rules/deadlineKinds.ts). */
  deadlines: Partial<Record<string, IsoDate>>;
  caseworker: { name: string; phone?: string | null } | null;
  nextMeeting: { date: IsoDate; form: string } | null;
  /** The minutes of the latest held meeting that has them. */
  lastMinutes?: { date: IsoDate | null; form: string; agreed: string; nextSteps: string; nextMeeting: string | null } | null;
  municipality: string;
  today: IsoDate;
  /** The answer deadline for an advance notice; defaults to 14 days' notice is the caller's choice, not ours. */
  answerDue?: IsoDate | null;
}

const MEETING_FORMS: Record<string, string> = {
  'in-person': 'fremmøde', phone: 'telefon', video: 'video', workplace: 'besøg på arbejdspladsen', 'round-table': 'rundbordssamtale', group: 'gruppesamtale',
};

export function mergeModel(i: MergeInput): MergeModel {
  return {
    borger: { navn: i.citizen.name, adresse: i.citizen.address ?? null },
    sag: { nummer: String(i.caseId), foersteFravaersdag: i.firstAbsenceDay, fastTrack: i.fastTrack },
    frister: {
      foersteOpfoelgning: i.deadlines['first-follow-up'] ?? null,
      oplysningsskema: i.deadlines['information-form'] ?? null,
      laegeattest: i.deadlines['medical-certificate'] ?? null,
      revurdering: i.deadlines.reassessment ?? null,
      svarfrist: i.answerDue ?? null,
    },
    sagsbehandler: { navn: i.caseworker?.name ?? 'Jobcentret', telefon: i.caseworker?.phone ?? null },
    naesteSamtale: { dato: i.nextMeeting?.date ?? null, form: i.nextMeeting ? (MEETING_FORMS[i.nextMeeting.form] ?? i.nextMeeting.form) : null },
    referat: {
      dato: i.lastMinutes?.date ?? null,
      form: i.lastMinutes ? (MEETING_FORMS[i.lastMinutes.form] ?? i.lastMinutes.form) : null,
      aftalt: i.lastMinutes?.agreed ?? '',
      naesteSkridt: i.lastMinutes?.nextSteps ?? '',
      naesteSamtale: i.lastMinutes?.nextMeeting ?? '',
    },
    kommune: { navn: i.municipality },
    dags: i.today,
  };
}

/** A made-up citizen for administrators, who may not read cases (they lack case:read). */
export const SAMPLE_MODEL: MergeModel = mergeModel({
  citizen: { name: 'Anna Eksempel', address: 'Eksempelvej 1, 9999 Demoby' }, caseId: 1234, firstAbsenceDay: '2026-01-05', fastTrack: false,
  deadlines: { 'first-follow-up': '2026-02-02', 'information-form': '2026-01-20', 'medical-certificate': '2026-01-30', reassessment: '2026-06-08' },
  caseworker: { name: 'Mette Sagsbehandler', phone: '99 99 99 99' }, nextMeeting: { date: '2026-02-02', form: 'in-person' },
  lastMinutes: { date: '2026-01-12', form: 'phone', agreed: 'Du prøver at arbejde to timer om dagen fra næste uge.', nextSteps: 'Du taler med din chef om opgaverne.', nextMeeting: 'Om tre uger, i telefonen' },
  municipality: 'Demo Kommune', today: '2026-01-12', answerDue: '2026-01-26',
});

const REFUSED_TAGS = ['include', 'render', 'layout'];
const engine = new Liquid({
  templates: {}, // an in-memory map with nothing in it: no template can reach a file
  relativeReference: false,
  dynamicPartials: false,
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  lenientIf: true, // `{% if naesteSamtale.dato %}` is how a letter tests an optional field
  parseLimit: 50_000,
  renderLimit: 1_000,
  memoryLimit: 1_000_000,
});
for (const tag of REFUSED_TAGS) {
  engine.registerTag(tag, {
    parse() { throw new Error(`{% ${tag} %} er ikke tilladt i brevskabeloner`); },
    render() { return ''; },
  });
}
/** `{{ sag.foersteFravaersdag | dato }}` → "mandag 5. januar 2026"; an empty date prints nothing. */
engine.registerFilter('dato', (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDanish(v as IsoDate) : v == null ? '' : String(v)));

/** Parses a body; a syntax error or a refused tag is a 400 on `body`. */
function parse(body: string): Template[] {
  if (/\{%-?\s*(include|render|layout)\b/.test(body)) throw invalidField('body', 'Skabelonen må ikke hente andre skabeloner eller filer (include, render, layout)');
  try {
    return engine.parse(body);
  } catch (e) {
    throw invalidField('body', `Skabelonen kan ikke læses: ${(e as Error).message.split(', line:')[0]}`);
  }
}

const known = (model: MergeModel, path: (string | number)[]) => {
  let v: unknown = model;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, seg)) return false;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return true;
};

/** Merge fields the body uses that the model does not have, by name (e.g. "borger.cpr"). */
export function unknownFields(body: string, model: MergeModel = SAMPLE_MODEL): string[] {
  const templates = parse(body);
  const segs = engine.globalVariableSegmentsSync(templates) as (string | number)[][];
  const names = new Set<string>();
  for (const s of segs) if (!known(model, s)) names.add(s.join('.'));
  return [...names].sort();
}

/** Renders a letter. An unknown merge field is a 400 that names it, never a blank in a letter to a citizen. */
export function renderLetter(body: string, model: MergeModel): string {
  const unknown = unknownFields(body, model);
  if (unknown.length) throw invalidField('body', `Ukendt flettefelt: ${unknown.join(', ')}`);
  try {
    return engine.renderSync(parse(body), model).replace(/\n{3,}/g, '\n\n').trim();
  } catch (e) {
    throw invalidField('body', `Skabelonen kan ikke flettes: ${(e as Error).message.split(', line:')[0]}`);
  }
}
