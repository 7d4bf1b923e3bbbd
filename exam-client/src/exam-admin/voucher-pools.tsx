import { DownloadButton } from '../components/download-button';
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/error-summary';
import { Alert, Status } from '../components/form';
import { formatDay, todayIso } from '../credentials/labels';
import { sentence } from '../field-errors';
import { NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext, TextInput } from '../items/fields';
import type { Certification } from '../types';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';
import { createVoucherPool, downloadVoucherCodes, listVoucherPools } from './api';
import { clientErrors, placeFailure } from './form-errors';
import { count } from './labels';
import type { VoucherPool } from './types';

const PREFIX = 'pool';
const LABELS = new Map([
  ['/name', 'Pool name'],
  ['/partnerRef', 'Partner reference'],
  ['/expiresOn', 'Last day codes work'],
  ['/codes', 'Number of codes'],
  ['/usesPerCode', 'Attempts per code'],
]);

/** The last day of the year after today, the expiry a new pool starts with. */
function inAYear(): string {
  const next = new Date();
  next.setFullYear(next.getFullYear() + 1);
  return todayIso(next);
}

const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

/** "Create a voucher pool": name, partner reference, last day, number of codes, attempts per code. */
function CreatePoolForm(props: { certification: Certification; onCreated: (pool: VoucherPool) => void }) {
  const [name, setName] = useState('');
  const [partnerRef, setPartnerRef] = useState('');
  const [expiresOn, setExpiresOn] = useState(inAYear);
  const [codes, setCodes] = useState('100');
  const [uses, setUses] = useState('1');
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, status, run } = useSubmit();
  const titleId = 'create-pool-title';

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const found: { pointer: string; sentence: string }[] = [];
    const codeCount = whole(codes);
    const usesPerCode = whole(uses);
    if (Number.isNaN(codeCount))
      found.push({
        pointer: '/codes',
        sentence: sentence('Number of codes', 'enter a whole number from 1 to 10,000'),
      });
    if (Number.isNaN(usesPerCode))
      found.push({
        pointer: '/usesPerCode',
        sentence: sentence('Attempts per code', 'enter a whole number from 1 to 1,000'),
      });
    if (found.length > 0) {
      setErrors(clientErrors(PREFIX, found));
      return;
    }
    void run(async () => {
      try {
        const { pool } = await createVoucherPool(props.certification.id, {
          name: name.trim(),
          ...(partnerRef.trim() ? { partnerRef: partnerRef.trim() } : {}),
          expiresOn,
          codes: codeCount,
          usesPerCode,
        });
        setErrors(NO_ERRORS);
        setName('');
        setPartnerRef('');
        props.onCreated(pool);
        return `Pool ${pool.name} created with ${count(pool.codes, 'code')}: download them as CSV below`;
      } catch (failure) {
        setErrors(placeFailure(failure, LABELS, PREFIX, poolWording));
        return undefined;
      }
    });
  };

  return (
    <div class="exam-admin-part">
      <h3 id={titleId}>Create a voucher pool</h3>
      <ErrorSummary errors={errors} title="The pool was not created" />
      <Alert message={error} />
      <FieldErrorsContext.Provider value={errors}>
        <form onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
          <div class="field-grid">
            <TextInput
              field={`${PREFIX}/name`}
              label="Pool name"
              value={name}
              onInput={setName}
              maxLength={120}
              hint="Such as the partner and quarter: Globex Q1."
            />
            <TextInput
              field={`${PREFIX}/partnerRef`}
              label="Partner reference (optional)"
              value={partnerRef}
              onInput={setPartnerRef}
              maxLength={120}
              hint="An order or contract number, for your records."
            />
          </div>
          <div class="field-grid three">
            <TextInput
              field={`${PREFIX}/expiresOn`}
              label="Last day codes work"
              type="date"
              value={expiresOn}
              onInput={setExpiresOn}
              hint="Until the end of this day (UTC)."
            />
            <TextInput
              field={`${PREFIX}/codes`}
              label="Number of codes"
              number
              step="1"
              value={codes}
              onInput={setCodes}
              hint="1 to 10,000."
            />
            <TextInput
              field={`${PREFIX}/usesPerCode`}
              label="Attempts per code"
              number
              step="1"
              value={uses}
              onInput={setUses}
              hint="Usually 1."
            />
          </div>
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create pool'}
          </button>
        </form>
      </FieldErrorsContext.Provider>
      <Status message={status} />
    </div>
  );
}

/** What the pool form asks for, where the general wording is not specific enough. */
function poolWording(detail: { path: string; rule?: string; message: string }): string | null {
  if (detail.path === '/expiresOn' && detail.rule === 'date') return 'enter a date';
  if (detail.path === '/codes' && detail.rule !== 'type') return 'enter a whole number from 1 to 10,000';
  if (detail.path === '/usesPerCode' && detail.rule !== 'type') return 'enter a whole number from 1 to 1,000';
  return null;
}

/**
 * A certification's voucher pools (admins): create one, see each with its codes used and left, and download
 * its codes as CSV to hand to the partner.
 */
export function VoucherPools(props: { certification: Certification }) {
  const pools = useLoad(() => listVoucherPools(props.certification.id));
  const list = pools.data?.pools ?? [];
  const titleId = 'voucher-pools-title';
  return (
    <section class="card exam-admin" aria-labelledby={titleId}>
      <h2 id={titleId}>Exam vouchers</h2>
      <CreatePoolForm certification={props.certification} onCreated={() => pools.reload()} />
      <h3>Voucher pools</h3>
      {pools.loading && !pools.data && <p aria-busy="true">Loading voucher pools…</p>}
      <Alert message={pools.error} />
      {pools.data && list.length === 0 && <p class="empty">No voucher pools yet.</p>}
      {list.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section class="table-scroll" aria-label="Voucher pools" tabIndex={0}>
          <table class="data-table stack-table">
            <caption class="visually-hidden">
              Voucher pools of {props.certification.code}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Pool</th>
                <th scope="col">Codes</th>
                <th scope="col">Used</th>
                <th scope="col">Left</th>
                <th scope="col">Last day</th>
                <th scope="col">Codes file</th>
              </tr>
            </thead>
            <tbody>
              {list.map((pool) => (
                <tr key={pool.id}>
                  <th scope="row" data-label="Pool" class="wrap">
                    {pool.name}
                    {pool.partnerRef && <span class="muted block">{pool.partnerRef}</span>}
                  </th>
                  <td data-label="Codes">
                    {count(pool.codes, 'code')} × {count(pool.usesPerCode, 'attempt')}
                  </td>
                  <td data-label="Used">{pool.used.toLocaleString()}</td>
                  <td data-label="Left">{pool.remaining.toLocaleString()}</td>
                  <td data-label="Last day">
                    {formatDay(pool.expiresOn)}
                    {pool.expired && <span class="tag warn">expired</span>}
                  </td>
                  <td data-label="Codes file">
                    <DownloadButton
                      label="Download CSV"
                      ariaLabel={`Download the codes of ${pool.name} (CSV)`}
                      fetch={() => downloadVoucherCodes(pool)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
