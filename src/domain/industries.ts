/**
 * Industry codes (Dansk Branchekode): DB07 (Danmarks Statistik's version of NACE Rev. 2) and DB25 (NACE Rev. 2.1,
 * in use from 2025). An employer's code is six digits with its version (brief: "branche (DB07/DB25)"); figures group
 * by the code's division (the first two digits) and its section (a letter).
 *
 * retur ships the section names of both versions and the division names of DB07, so the figures read as words from the
 * first start. The full six-digit lists are Danmarks Statistik's to publish: an operator imports them
 * (`industry_code`, see README "Industry codes"), and an imported name wins over a shipped one.
 */

export type IndustryVersion = 'DB07' | 'DB25';
export const INDUSTRY_VERSIONS: IndustryVersion[] = ['DB07', 'DB25'];

/** DB07 sections (NACE Rev. 2 A-U, and X for an unknown activity) by their first and last division. */
const DB07_SECTIONS: [string, number, number, string][] = [
  ['A', 1, 3, 'Landbrug, skovbrug og fiskeri'],
  ['B', 5, 9, 'Råstofindvinding'],
  ['C', 10, 33, 'Industri'],
  ['D', 35, 35, 'Energiforsyning'],
  ['E', 36, 39, 'Vandforsyning og renovation'],
  ['F', 41, 43, 'Bygge og anlæg'],
  ['G', 45, 47, 'Handel'],
  ['H', 49, 53, 'Transport'],
  ['I', 55, 56, 'Hoteller og restauranter'],
  ['J', 58, 63, 'Information og kommunikation'],
  ['K', 64, 66, 'Finansiering og forsikring'],
  ['L', 68, 68, 'Ejendomshandel og udlejning'],
  ['M', 69, 75, 'Videnservice'],
  ['N', 77, 82, 'Rejsebureauer, rengøring og anden operationel service'],
  ['O', 84, 84, 'Offentlig administration, forsvar og socialsikring'],
  ['P', 85, 85, 'Undervisning'],
  ['Q', 86, 88, 'Sundhed og socialvæsen'],
  ['R', 90, 93, 'Kultur og fritid'],
  ['S', 94, 96, 'Andre serviceydelser'],
  ['T', 97, 98, 'Private husholdninger med ansat medhjælp'],
  ['U', 99, 99, 'Ekstraterritoriale organisationer'],
];

/** DB25 sections (NACE Rev. 2.1 A-V): from J on, the letters moved when telecommunication and IT got a section. */
const DB25_SECTIONS: [string, number, number, string][] = [
  ['A', 1, 3, 'Landbrug, skovbrug og fiskeri'],
  ['B', 5, 9, 'Råstofindvinding'],
  ['C', 10, 33, 'Industri'],
  ['D', 35, 35, 'Energiforsyning'],
  ['E', 36, 39, 'Vandforsyning og renovation'],
  ['F', 41, 43, 'Bygge og anlæg'],
  ['G', 46, 47, 'Handel'],
  ['H', 49, 53, 'Transport'],
  ['I', 55, 56, 'Hoteller og restauranter'],
  ['J', 58, 60, 'Udgivervirksomhed, radio og tv'],
  ['K', 61, 63, 'Telekommunikation, IT og informationstjenester'],
  ['L', 64, 66, 'Finansiering og forsikring'],
  ['M', 68, 68, 'Ejendomshandel og udlejning'],
  ['N', 69, 75, 'Videnservice'],
  ['O', 77, 82, 'Operationel service'],
  ['P', 84, 84, 'Offentlig administration, forsvar og socialsikring'],
  ['Q', 85, 85, 'Undervisning'],
  ['R', 86, 88, 'Sundhed og socialvæsen'],
  ['S', 90, 93, 'Kultur og fritid'],
  ['T', 94, 96, 'Andre serviceydelser'],
  ['U', 97, 98, 'Private husholdninger med ansat medhjælp'],
  ['V', 99, 99, 'Ekstraterritoriale organisationer'],
];

/** DB07 divisions (two digits), as NACE Rev. 2 divisions in Danish. */
export const DB07_DIVISIONS: Record<string, string> = {
  '01': 'Plante- og husdyravl, jagt', '02': 'Skovbrug og skovning', '03': 'Fiskeri og akvakultur',
  '05': 'Brydning af kul og brunkul', '06': 'Indvinding af råolie og naturgas', '07': 'Brydning af metalholdige mineraler',
  '08': 'Anden råstofindvinding', '09': 'Service i forbindelse med råstofindvinding',
  '10': 'Fremstilling af fødevarer', '11': 'Fremstilling af drikkevarer', '12': 'Fremstilling af tobaksprodukter',
  '13': 'Fremstilling af tekstiler', '14': 'Fremstilling af beklædning', '15': 'Fremstilling af læder og lædervarer',
  '16': 'Fremstilling af træ og varer af træ og kork', '17': 'Fremstilling af papir og papirvarer',
  '18': 'Trykning og reproduktion af optagede medier', '19': 'Fremstilling af koks og mineralolieprodukter',
  '20': 'Fremstilling af kemiske produkter', '21': 'Fremstilling af farmaceutiske produkter',
  '22': 'Fremstilling af gummi- og plastprodukter', '23': 'Fremstilling af andre ikke-metalholdige mineralske produkter',
  '24': 'Fremstilling af metal', '25': 'Fremstilling af metalprodukter', '26': 'Fremstilling af computere og elektronik',
  '27': 'Fremstilling af elektrisk udstyr', '28': 'Fremstilling af maskiner og udstyr', '29': 'Fremstilling af motorkøretøjer',
  '30': 'Fremstilling af andre transportmidler', '31': 'Fremstilling af møbler', '32': 'Anden fremstillingsvirksomhed',
  '33': 'Reparation og installation af maskiner og udstyr', '35': 'El-, gas- og fjernvarmeforsyning', '36': 'Vandforsyning',
  '37': 'Kloakvirksomhed', '38': 'Indsamling og behandling af affald; genbrug', '39': 'Rensning af jord og grundvand',
  '41': 'Opførelse af bygninger', '42': 'Anlægsarbejder', '43': 'Specialiserede bygge- og anlægsarbejder',
  '45': 'Handel med og reparation af motorkøretøjer', '46': 'Engroshandel', '47': 'Detailhandel',
  '49': 'Landtransport og rørtransport', '50': 'Skibsfart', '51': 'Luftfart', '52': 'Hjælpevirksomhed i forbindelse med transport',
  '53': 'Post- og kurertjenester', '55': 'Overnatningsfaciliteter', '56': 'Restaurationsvirksomhed', '58': 'Udgivervirksomhed',
  '59': 'Film, video, tv og musik', '60': 'Radio- og tv-virksomhed', '61': 'Telekommunikation',
  '62': 'Computerprogrammering og IT-konsulentbistand', '63': 'Informationstjenester',
  '64': 'Pengeinstitut- og finansieringsvirksomhed', '65': 'Forsikring og pension', '66': 'Hjælpevirksomhed til finansiering og forsikring',
  '68': 'Fast ejendom', '69': 'Juridisk bistand, bogføring og revision', '70': 'Hovedsæders virksomhed; virksomhedsrådgivning',
  '71': 'Arkitekter og rådgivende ingeniører', '72': 'Videnskabelig forskning og udvikling', '73': 'Reklame og markedsanalyse',
  '74': 'Andre liberale og tekniske tjenesteydelser', '75': 'Dyrlæger', '77': 'Udlejning og leasing', '78': 'Arbejdsformidling',
  '79': 'Rejsebureauer og rejsearrangører', '80': 'Vagt- og sikkerhedstjenester', '81': 'Ejendomsservice, rengøring og anlægsgartnere',
  '82': 'Administrations- og kontorservice', '84': 'Offentlig administration og forsvar; socialsikring', '85': 'Undervisning',
  '86': 'Sundhedsvæsen', '87': 'Plejeinstitutioner', '88': 'Sociale foranstaltninger uden institutionsophold',
  '90': 'Kunstnerisk virksomhed og forlystelser', '91': 'Biblioteker, arkiver og museer', '92': 'Lotteri og spil',
  '93': 'Sport, forlystelser og fritid', '94': 'Organisationer og foreninger', '95': 'Reparation af computere og husholdningsartikler',
  '96': 'Andre personlige serviceydelser', '97': 'Private husholdninger med ansat medhjælp',
  '98': 'Private husholdningers produktion til eget brug', '99': 'Ekstraterritoriale organisationer',
};

export interface IndustrySection { letter: string; name: string }

/** The section a code belongs to, or null for a code that is not two to six digits or falls outside every section. */
export function industrySection(code: string, version: IndustryVersion): IndustrySection | null {
  if (!/^\d{2,6}$/.test(code)) return null;
  const division = Number(code.slice(0, 2));
  const s = (version === 'DB07' ? DB07_SECTIONS : DB25_SECTIONS).find(([, from, to]) => division >= from && division <= to);
  return s ? { letter: s[0], name: s[3] } : null;
}

/**
 * The best shipped name for a code: the division's name for DB07, else the section's. `imported` (the operator's
 * full list, code → name) wins when it knows the exact code. Null for a code that is not an industry code.
 */
export function industryName(code: string, version: IndustryVersion, imported?: ReadonlyMap<string, string>): string | null {
  const exact = imported?.get(code);
  if (exact) return exact;
  const section = industrySection(code, version);
  if (!section) return null;
  return (version === 'DB07' ? DB07_DIVISIONS[code.slice(0, 2)] : undefined) ?? section.name;
}
