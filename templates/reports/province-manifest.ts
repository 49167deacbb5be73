import * as z from 'zod';
import { ConsolidationError, type Province, type ProvincePlanRef } from './province-plans.ts';

const Text = z.string().trim().min(1);

/**
 * The small JSON file that drives a consolidated report offline: the province, its agencies (as the
 * service stores them) and which exported ledger holds each plan. A plan's `file` is relative to
 * the manifest's folder; it defaults to "<plan id>.ndjson".
 */
export const ProvinceManifest = z.strictObject({
  /** "tỉnh Bến Tre". */
  province: Text,
  /** "Sở Nội vụ tỉnh Bến Tre". */
  issuer: Text,
  agencies: z
    .array(
      z.strictObject({
        id: Text,
        officialName: Text,
        level: z.enum(['province', 'department', 'district', 'commune']),
        parentId: Text.nullable().default(null),
      }),
    )
    .min(1),
  plans: z.array(
    z.strictObject({
      id: Text,
      agencyId: Text,
      scope: z.enum(['province', 'agency']),
      file: Text.optional(),
    }),
  ),
});
export type ProvinceManifest = z.infer<typeof ProvinceManifest>;

/** A checked manifest: the province and its plans, each with the ledger file that holds it; errors name the field. */
export function parseProvinceManifest(value: unknown, where: string): { province: Province; plans: Array<ProvincePlanRef & { file: string }> } {
  const result = ProvinceManifest.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(gốc / root)'}: ${issue.message}`);
    throw new ConsolidationError(`Tệp danh sách ${where} không hợp lệ:\n  ${lines.join('\n  ')}`, `The manifest ${where} is not valid (see the lines above).`);
  }
  const m = result.data;
  const ids = new Set<string>();
  for (const agency of m.agencies) {
    if (ids.has(agency.id)) throw new ConsolidationError(`${where}: cơ quan "${agency.id}" có hai lần.`, `${where}: agency "${agency.id}" is listed twice.`);
    ids.add(agency.id);
  }
  for (const agency of m.agencies) {
    if (agency.parentId !== null && !ids.has(agency.parentId)) {
      throw new ConsolidationError(
        `${where}: cơ quan cấp trên "${agency.parentId}" của "${agency.id}" không có trong danh sách.`,
        `${where}: the parent "${agency.parentId}" of agency "${agency.id}" is not in the list.`,
      );
    }
  }
  return {
    province: { name: m.province, issuer: m.issuer, agencies: m.agencies },
    plans: m.plans.map((p) => ({ id: p.id, agencyId: p.agencyId, scope: p.scope, file: p.file ?? `${p.id}.ndjson` })),
  };
}
