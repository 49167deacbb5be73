// Node only: an auditor's check of the whole province log from its service: every leaf, every
// plan's chain (hashes, links, signatures, rules, as cchc verify checks them), the tree the leaves
// make against the latest signed checkpoint, and that checkpoint against the last one this auditor
// accepted before (kept in a state file, so every checkpoint it has ever seen is bound by the chain
// of consistency proofs).
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { CheckpointWitness, type ConsistencyFetch, type Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import type { LogLeaf } from '../../ledger/tlog/log-leaf.ts';
import { ed25519NoteVerifier, parseVerifierKey } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { finalityOf, type TrustedWitnesses } from '../../ledger/tlog/trusted-witnesses.ts';
import { verify } from '../../ledger/verify.ts';
import { consistencyProof, describeCheckpoint, logKeyOf, signedCheckpoint } from '../../server/protocol/log-witness.ts';
import { ServiceClient, ServiceError } from '../../server/protocol/service-client.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { replaceFile } from '../output-file.ts';

const AuditState = z.strictObject({ server: z.string(), logKey: z.string().min(1), checkpoint: z.string().min(1) });
type AuditState = z.infer<typeof AuditState>;

export interface AuditSetup {
  server: string;
  stateFile: string;
  logKey?: string;
  witnesses: TrustedWitnesses | null;
  say: (text: string) => void;
}

export interface AuditOutcome {
  leaves: number;
  plans: number;
  checkpoint: string;
  cosigners: string[] | null;
}

const PAGE = 1000;

export async function auditLog(setup: AuditSetup): Promise<AuditOutcome> {
  // Everything an auditor reads is published for anyone: no key, no signed request.
  const client = new ServiceClient(setup.server, null);
  const server = client.base;
  const previous = await readAuditState(setup.stateFile);
  const logKey = setup.logKey ?? previous?.logKey ?? (await logKeyOf(client));
  if (!setup.logKey && !previous) setup.say(`Tin khóa nhật ký do dịch vụ đưa ở lần đầu: ${logKey}. / Trusting the log key the service gave, on first use: ${logKey}.\n`);
  if (previous && previous.logKey !== logKey) {
    throw new CliError(`Khóa nhật ký ${logKey} khác khóa đã ghi trong ${setup.stateFile} (${previous.logKey}).`, `The log key ${logKey} differs from the one kept in ${setup.stateFile} (${previous.logKey}).`, EXIT_FAILED);
  }
  const key = parseVerifierKey(logKey);
  const verifier = ed25519NoteVerifier(key.name, key.publicKey);
  const witness = new CheckpointWitness(key.name, verifier, previous?.checkpoint ?? null);
  const consistency: ConsistencyFetch = (from, to) => consistencyProof(client, from, to);
  const observed = await witness.observe(await signedCheckpoint(client), consistency);
  if (!observed.accepted) return alarm(setup, server, observed.evidence);
  const size = observed.checkpoint.checkpoint.size;

  const leaves: LogLeaf[] = [];
  while (leaves.length < size) {
    const body = (await (await client.send('GET', `/log/entries?start=${leaves.length}&count=${Math.min(PAGE, size - leaves.length)}`, undefined, false)).json()) as { entries: (LogLeaf & { index: number })[] };
    if (body.entries.length === 0) break;
    for (const entry of body.entries) {
      if (entry.index !== leaves.length) break;
      leaves.push({ planId: entry.planId, seq: entry.seq, line: entry.line });
    }
  }
  const wrong = await witness.checkLeaves(leaves);
  if (wrong) return alarm(setup, server, wrong);

  // Every plan's chain, from the leaves in log order: seq 1, 2, 3 … and every event as verify checks it.
  const byPlan = new Map<string, LogLeaf[]>();
  for (const leaf of leaves) byPlan.set(leaf.planId, [...(byPlan.get(leaf.planId) ?? []), leaf]);
  for (const [plan, chain] of byPlan) {
    const result = await verify(chain.map((leaf, i) => {
      try {
        return { value: JSON.parse(leaf.line) as unknown, line: leaf.line, where: { file: `${server}/log/entries (${plan})`, line: i + 1 } };
      } catch (error) {
        return { parseError: (error as Error).message, where: { file: `${server}/log/entries (${plan})`, line: i + 1 } };
      }
    }));
    if (!result.ok) {
      throw new CliError(
        `Chuỗi của kế hoạch ${plan} trong nhật ký không hợp lệ tại ghi nhận số ${result.seq}: ${result.message_vi}`,
        `The chain of plan ${plan} in the log is broken at seq ${result.seq}: ${result.message_en}`,
        EXIT_FAILED,
      );
    }
  }

  let cosigners: string[] | null = null;
  if (setup.witnesses) {
    try {
      const cosigned = await signedCheckpoint(client, { min: setup.witnesses.threshold });
      const judge = new CheckpointWitness(key.name, verifier, cosigned);
      const joined = await judge.observe(witness.remembered!, consistency);
      if (!joined.accepted) return alarm(setup, server, joined.evidence);
      const finality = finalityOf(cosigned, verifier, setup.witnesses);
      cosigners = finality.final ? finality.cosigners.map((c) => c.name) : [];
    } catch (error) {
      if (!(error instanceof ServiceError && error.status === 404) && !(error instanceof TlogError)) throw error;
      cosigners = [];
    }
  }
  await replaceFile(setup.stateFile, Buffer.from(`${JSON.stringify({ server, logKey, checkpoint: witness.remembered! } satisfies AuditState, null, 2)}\n`));
  return { leaves: leaves.length, plans: byPlan.size, checkpoint: witness.remembered!, cosigners };
}

async function readAuditState(file: string): Promise<AuditState | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return AuditState.parse(JSON.parse(text));
  } catch (error) {
    throw new CliError(`Không đọc được trạng thái kiểm toán ${file}: ${(error as Error).message}`, `Cannot read the audit state ${file}: ${(error as Error).message}`, EXIT_FAILED);
  }
}

async function alarm(setup: AuditSetup, server: string, evidence: Evidence): Promise<never> {
  const file = `${setup.stateFile}.evidence-${evidence.detectedAt.replace(/[:.]/g, '-')}.json`;
  await replaceFile(file, Buffer.from(`${JSON.stringify({ server, ...evidence }, null, 2)}\n`));
  throw new CliError(
    `CẢNH BÁO: nhật ký minh bạch của ${server} không đáng tin: ${evidence.messageVi}\n  Điểm kiểm đã chấp nhận: ${describeCheckpoint(evidence.previous)}\n  Điểm kiểm vừa nhận:    ${describeCheckpoint(evidence.offered)}\nBằng chứng lưu ở ${file}.`,
    `ALARM: the transparency log of ${server} cannot be trusted: ${evidence.messageEn}\n  Checkpoint accepted before: ${describeCheckpoint(evidence.previous)}\n  Checkpoint just received:   ${describeCheckpoint(evidence.offered)}\nThe evidence is in ${file}.`,
    EXIT_FAILED,
  );
}
