import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { trustedWitnesses } from '../../ledger/tlog/trusted-witnesses.ts';
import type { SyncState } from './sync-state.ts';

/** The witnesses a copy of a plan trusts, as its sync state keeps them (none: finality is not asked). */
export type WitnessTrust = Pick<SyncState, 'witnesses' | 'witnessesNeeded'>;

/**
 * The witnesses a person gave (`cchc clone --witness … --witnesses-needed K`, or the pane's sync
 * card): their cosignature vkeys and how many must cosign (not given or blank: all), checked before
 * anything is fetched or kept. A refusal says why, in both languages, for the caller to say where.
 * Shared by the command line and the pane (no Node here).
 */
export function witnessTrust(vkeys: readonly string[], needed: string | undefined): WitnessTrust | { vi: string; en: string } {
  const given = needed?.trim() ?? '';
  if (vkeys.length === 0) {
    if (given === '') return {};
    return { vi: 'số nhân chứng cần đồng ký cần ít nhất một khóa nhân chứng tin cậy.', en: 'the number of witnesses needed needs at least one trusted witness key.' };
  }
  if (given !== '' && !/^[1-9]\d*$/.test(given)) {
    return { vi: `số nhân chứng cần đồng ký phải là số nguyên dương, không phải "${given}".`, en: `the number of witnesses needed must be a positive whole number, not "${given}".` };
  }
  const threshold = given === '' ? vkeys.length : Number(given);
  try {
    trustedWitnesses(vkeys, threshold);
  } catch (error) {
    if (!(error instanceof TlogError)) throw error;
    return { vi: `nhân chứng tin cậy không hợp lệ: ${error.messageVi}`, en: `the trusted witnesses are not valid: ${error.messageEn}` };
  }
  return { witnesses: [...vkeys], witnessesNeeded: threshold };
}
