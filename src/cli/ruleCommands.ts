/**
 * `retur rules …`: the rules engine from the command line. Output is JSON on stdout (the contract for
 * integrators and scripts); errors go to stderr with the field that is wrong, exit code 1.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { Command } from './commands.ts';
import { env, openFromEnv } from './env.ts';
import { planFactsSchema } from '../rules/facts.ts';
import { plan } from '../rules/planner.ts';
import { answerDue, dispatchDate } from '../rules/letters.ts';
import { ANSWER_CHANNELS, DEFAULT_POLICY, completePolicy, policySchema, type AnswerChannel, type MunicipalPolicy } from '../rules/policy.ts';
import { isoDate } from '../domain/caseFields.ts';
import { clockFromEnv } from '../clock.ts';
import { invalid, invalidField } from '../domain/errors.ts';
import { migrate } from '../db/migrate.ts';
import { policyInForce, previewRuleSet, recomputeAllOpenCases } from '../app/plans.ts';
import { closePlannerPool } from '../app/plannerPool.ts';
import { RULES, RULE_SETS, ruleSetPeriods } from '../rules/ruleSets.ts';

const out = (v: unknown): void => { process.stdout.write(JSON.stringify(v, null, 2) + '\n'); };

function parse<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(r.error.issues.map((i) => ({ path: prefix + (i.path.join('.') || '(input)'), message: i.message })), 'Ugyldigt input');
  return r.data;
}

const readInput = (file: string) => readFileSync(file === '-' ? 0 : file, 'utf8');

function readJson(file: string, what: string): unknown {
  try { return JSON.parse(readInput(file)); } catch (e) { throw invalidField(what, `Kunne ikke læse JSON fra ${file === '-' ? 'stdin' : file}: ${(e as Error).message}`); }
}

/**
 * The policy for a pure calculation: --policy FILE, else the database's when DATABASE_URL points at a server,
 * else the defaults. (PGlite's folder is never opened here: the running app may hold it.)
 */
async function policyFor(file: string | undefined, day: string): Promise<MunicipalPolicy> {
  if (file) return completePolicy(parse(policySchema.partial(), readJson(file, '--policy'), 'policy.') as Partial<MunicipalPolicy>);
  if (!env.databaseUrl) return DEFAULT_POLICY;
  const db = await openFromEnv();
  try { return await policyInForce(db, day); } finally { await db.close(); await closePlannerPool(); }
}

const usage = `Brug:
  retur rules plan --input FILE|- [--policy FILE] [--as-of ÅÅÅÅ-MM-DD]
  retur rules dispatch-date ÅÅÅÅ-MM-DD [--policy FILE]
  retur rules answer-due --channel phone|email|letter|digital --received ÅÅÅÅ-MM-DD [--policy FILE]
  retur rules list
  retur rules recompute                     (genberegn alle åbne sagers frister)
  retur rules preview --rule-set RS-2027    (hvilke frister flytter sig, når regelsættet træder i kraft)`;

export const ruleCommands: Record<string, Command> = {
  rules: {
    help: 'Regelmotoren: plan, dispatch-date, answer-due, list, recompute, preview',
    options: {
      input: { type: 'string' }, policy: { type: 'string' }, 'as-of': { type: 'string' },
      channel: { type: 'string' }, received: { type: 'string' }, 'rule-set': { type: 'string' },
    },
    async run(v, [sub, arg]) {
      const today = clockFromEnv().today();
      switch (sub) {
        case 'plan': {
          if (!v.input) throw invalidField('--input', 'Angiv en fil med fakta (JSON), eller - for stdin');
          const facts = parse(planFactsSchema, readJson(String(v.input), '--input'));
          const asOf = v['as-of'] ? parse(isoDate, v['as-of'], '--as-of') : facts.asOf ?? today;
          const { ruleSet, deadlines, issues } = plan(facts, asOf, await policyFor(v.policy as string | undefined, asOf));
          return out({ ruleSet, deadlines, issues });
        }
        case 'dispatch-date': {
          const day = parse(isoDate, arg, 'date');
          return out({ date: dispatchDate(day, await policyFor(v.policy as string | undefined, day)) });
        }
        case 'answer-due': {
          const channel = String(v.channel ?? '');
          if (!(channel in ANSWER_CHANNELS)) throw invalidField('--channel', 'Kanal skal være phone, email, letter eller digital');
          const received = parse(isoDate, v.received, '--received');
          return out({ due: answerDue(channel as AnswerChannel, received, await policyFor(v.policy as string | undefined, received)) });
        }
        case 'list': {
          const policy = await policyFor(v.policy as string | undefined, today);
          const periods = ruleSetPeriods(policy);
          return out({ ruleSets: RULE_SETS.map((rs) => ({ ...rs, ...periods.find((p) => p.id === rs.id) })), rules: RULES });
        }
        case 'recompute': {
          const db = await openFromEnv();
          try {
            await migrate(db);
            const t0 = performance.now();
            const r = await recomputeAllOpenCases(db, today);
            return out({ ...r, ms: Math.round(performance.now() - t0) });
          } finally { await db.close(); await closePlannerPool(); }
        }
        case 'preview': {
          const rs = String(v['rule-set'] ?? 'RS-2027');
          if (rs !== 'RS-2026' && rs !== 'RS-2027') throw invalidField('--rule-set', 'Regelsæt skal være RS-2026 eller RS-2027');
          const db = await openFromEnv();
          try {
            await migrate(db);
            const r = await previewRuleSet(db, today, rs);
            return out({ ruleSet: rs, asOf: r.asOf, openCases: r.openCases, casesAffected: r.casesAffected, byKind: r.byKind, examples: r.changes.slice(0, 20) });
          } finally { await db.close(); await closePlannerPool(); }
        }
        default:
          process.stderr.write(usage + '\n');
          return sub ? 2 : 0;
      }
    },
  },
};
