import type { Agency } from '../ledger/plan.ts';
import { expandAbbreviations } from '../templates/agencies/abbreviations.ts';
import { OFFICIAL_NAMES } from '../templates/agencies/official-names.ts';
import { foldText } from '../templates/table/fold.ts';

const OFFICIAL = new Set(OFFICIAL_NAMES.map(({ name }) => foldText(name)));
const PLACE = / (tinh|thanh pho|huyen|quan|thi xa|xa|phuong|dac khu)( .*)?$/;

/**
 * An agency's name as compared with the lead and coordinating cells of a plan: folded (case,
 * diacritics, punctuation), abbreviations expanded as the table reader expands them, and the place
 * after an official name dropped ("Sở Nội vụ tỉnh Bến Tre" is "Sở Nội vụ" in the province's own plan).
 */
export function agencyKey(name: string): string {
  const folded = foldText(expandAbbreviations(name));
  const place = PLACE.exec(folded);
  if (place && OFFICIAL.has(folded.slice(0, place.index))) return folded.slice(0, place.index);
  return folded;
}

/** Whether the lead or coordinating agencies of an item name this agency (groups name no one agency). */
export function namesAgency(agencies: readonly Agency[], officialName: string): boolean {
  const key = agencyKey(officialName);
  return agencies.some((agency) => !agency.group && agencyKey(agency.name) === key);
}
