import type { Actor } from '../../adapters/token-service.js';
import { formatCsv } from '../../domain/csv.js';
import { DomainError } from '../../domain/errors.js';
import { formatVoucherCode } from '../../domain/vouchers/voucher-code.js';
import { findCertification } from '../../persistence/repositories/certifications.js';
import {
  findVoucherPool,
  listVoucherPools,
  listVouchersOfPool,
} from '../../persistence/repositories/vouchers.js';
import { type CsvFile, csvFile, fileNamePart } from '../csv-file.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { expiryDay, type VoucherPoolView, voucherPoolView } from './voucher-pool-view.js';

/** A certification's voucher pools, newest first, with used and remaining uses. */
export async function listCertificationVoucherPools(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
): Promise<VoucherPoolView[]> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const certification = await findCertification(uow.tx, actor.tenantId, certificationId);
    if (!certification) throw new DomainError('not_found', 'No such certification');
    const pools = await listVoucherPools(uow.tx, actor.tenantId);
    return pools
      .filter((row) => row.pool.certificationId === certificationId)
      .map((row) => voucherPoolView(row.pool, row, certification.code, uow.now));
  });
}

/**
 * A pool's codes as CSV, one line per code as handed out (`K7QX-M4TD-9PWN`), with its uses so far and uses
 * left. The codes are bearer secrets: each export is an audit entry.
 */
export async function exportVoucherPool(deps: AppDeps, actor: Actor, poolId: string): Promise<CsvFile> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const pool = await findVoucherPool(uow.tx, actor.tenantId, poolId);
    if (!pool) throw new DomainError('not_found', 'No such voucher pool');
    const certification = await findCertification(uow.tx, actor.tenantId, pool.certificationId);
    if (!certification) throw new Error(`voucher pool ${pool.id} names no certification`);
    const codes = await listVouchersOfPool(uow.tx, actor.tenantId, poolId);
    const expired = pool.expiresAt <= uow.now;
    const expiresOn = expiryDay(pool.expiresAt);
    const body = formatCsv(
      ['code', 'uses', 'remaining', 'pool', 'certification', 'expires'],
      codes.map((voucher) => [
        formatVoucherCode(voucher.code),
        voucher.uses,
        expired ? 0 : Math.max(0, pool.usesPerCode - voucher.uses),
        pool.name,
        certification.code,
        expiresOn,
      ]),
    );
    await uow.audit({
      action: 'voucher_pool.exported',
      subjectType: 'voucher_pool',
      subjectId: pool.id,
      details: { codes: codes.length },
    });
    return csvFile(`vouchers-${fileNamePart(certification.code)}-${fileNamePart(pool.name)}.csv`, body);
  });
}
