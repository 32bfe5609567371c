/**
 * Industry names for rows that carry an employer's code and version: the operator's imported name for the exact code
 * (`industry_code`) when there is one, else the shipped division or section name (domain/industries.ts).
 */
import { industryName, type IndustryVersion } from '../domain/industries.ts';

/** A select-list column with the imported name of `alias`'s code (an employer row or any row with the two columns). */
export const importedIndustryName = (alias: string, codeCol = 'industry_code', versionCol = 'industry_version') =>
  `(SELECT ic.name FROM industry_code ic WHERE ic.version = ${alias}.${versionCol} AND ic.code = ${alias}.${codeCol}) AS "importedIndustryName"`;

/** Replaces the imported-name column with `industryName`, falling back to the shipped names. */
export function withIndustryName<T extends { industryCode: string | null; industryVersion: string | null; importedIndustryName?: string | null }>(row: T): Omit<T, 'importedIndustryName'> & { industryName: string | null } {
  const { importedIndustryName: imported, ...rest } = row;
  const name = row.industryCode
    ? industryName(row.industryCode, (row.industryVersion ?? 'DB07') as IndustryVersion, imported ? new Map([[row.industryCode, imported]]) : undefined)
    : null;
  return { ...rest, industryName: name };
}
