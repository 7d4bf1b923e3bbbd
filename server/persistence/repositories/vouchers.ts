import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { voucherPools, vouchers } from '../schema.js';

/** A stored voucher pool. */
export type VoucherPoolRow = typeof voucherPools.$inferSelect;
/** A stored voucher code. */
export type VoucherRow = typeof vouchers.$inferSelect;

/** A voucher by its code with its pool, locked for update (redeeming changes its use count). */
export async function findVoucherByCodeForUpdate(
  ex: Executor,
  tenantId: string,
  code: string,
): Promise<{ voucher: VoucherRow; pool: VoucherPoolRow } | undefined> {
  const [row] = await ex
    .select({ voucher: vouchers, pool: voucherPools })
    .from(vouchers)
    .innerJoin(
      voucherPools,
      and(eq(voucherPools.tenantId, vouchers.tenantId), eq(voucherPools.id, vouchers.poolId)),
    )
    .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.code, code)))
    .for('update', { of: vouchers });
  return row;
}

/** Adds `delta` (1 to redeem, −1 to give back) to a voucher's use count. */
export async function addVoucherUse(
  ex: Executor,
  tenantId: string,
  id: string,
  delta: 1 | -1,
): Promise<void> {
  await ex
    .update(vouchers)
    .set({ uses: sql`greatest(0, ${vouchers.uses} + ${delta})` })
    .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.id, id)));
}

/** Stores a pool and its codes. */
export async function insertVoucherPool(
  ex: Executor,
  pool: VoucherPoolRow,
  codes: readonly VoucherRow[],
): Promise<void> {
  await ex.insert(voucherPools).values(pool);
  for (let i = 0; i < codes.length; i += 1000) await ex.insert(vouchers).values(codes.slice(i, i + 1000));
}

/** The tenant's pools with their code and use counts, newest first. */
export async function listVoucherPools(ex: Executor, tenantId: string) {
  return ex
    .select({
      pool: voucherPools,
      codes: sql<number>`count(${vouchers.id})::int`,
      uses: sql<number>`coalesce(sum(${vouchers.uses}), 0)::int`,
    })
    .from(voucherPools)
    .leftJoin(
      vouchers,
      and(eq(vouchers.tenantId, voucherPools.tenantId), eq(vouchers.poolId, voucherPools.id)),
    )
    .where(eq(voucherPools.tenantId, tenantId))
    .groupBy(voucherPools.tenantId, voucherPools.id)
    .orderBy(sql`${voucherPools.createdAt} desc`);
}

/** The codes of one pool, in code order. */
export async function listVouchersOfPool(
  ex: Executor,
  tenantId: string,
  poolId: string,
): Promise<VoucherRow[]> {
  return ex
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.poolId, poolId)))
    .orderBy(vouchers.code);
}

/** One of the tenant's pools (another tenant's id finds nothing). */
export async function findVoucherPool(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<VoucherPoolRow | undefined> {
  const [row] = await ex
    .select()
    .from(voucherPools)
    .where(and(eq(voucherPools.tenantId, tenantId), eq(voucherPools.id, id)));
  return row;
}
