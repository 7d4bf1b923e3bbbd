import { useEffect, useRef, useState } from 'preact/hooks';
import { getOutboxMessage, listOutbox } from '../api';
import { setTitle } from '../branding';
import { Alert } from '../components/form';
import { Link, outboxMessagePath, pagePath } from '../router';
import type { OutboxMessageSummary, OutboxStatus, TenantPublic } from '../types';
import { useLoad } from '../use-load';
import '../items/items.css';
import '../outbox/outbox.css';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function when(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const STATUS_WORDS: Record<OutboxStatus, string> = { pending: 'Waiting', sent: 'Sent', failed: 'Failed' };

/** What kind of e-mail a topic is, in words. */
const TOPIC_WORDS: Record<string, string> = {
  'email.invitation': 'Invitation',
  'email.email-verification': 'Address confirmation',
  'email.registration-exists': 'Registration notice',
  'email.credential-issued': 'Credential issued',
};

function StatusWord(props: { message: OutboxMessageSummary }) {
  const { message } = props;
  return <span class={`outbox-status ${message.status}`}>{STATUS_WORDS[message.status]}</span>;
}

/** How delivery stands, in a sentence: sent when, or how many tries and the receiving server's last words. */
function deliveryText(message: OutboxMessageSummary): string {
  if (message.status === 'sent') return `Sent ${when(message.sentAt)}`;
  if (message.attempts === 0) return 'Not sent yet';
  const tries = `${message.attempts} of ${message.maxAttempts} tries`;
  if (message.status === 'failed') return `Given up after ${tries}`;
  return `${tries}; next try ${when(message.nextAttemptAt)}`;
}

const EXPLANATION =
  'Every e-mail the platform sends is recorded here first. When the server has no SMTP server configured ' +
  '(SMTP_URL), e-mails are not sent: they are kept here as "Waiting", so you can read what would have been sent.';

/** The admins' outbox: the list of outgoing e-mails, or one e-mail when `id` is given. */
export function OutboxPage(props: { tenant: TenantPublic; id: string | null }) {
  return props.id === null ? (
    <OutboxList tenant={props.tenant} />
  ) : (
    <OutboxMessageView tenant={props.tenant} id={props.id} />
  );
}

function OutboxList(props: { tenant: TenantPublic }) {
  const [status, setStatus] = useState<OutboxStatus | ''>('');
  const messages = useLoad(() => listOutbox(status || undefined));
  useEffect(() => setTitle('Outbox', props.tenant.name), [props.tenant.name]);
  const shownStatus = useRef(status);
  useEffect(() => {
    if (shownStatus.current === status) return;
    shownStatus.current = status;
    messages.reload();
  }, [status]);
  const list = messages.data?.messages ?? [];

  return (
    <section class="card" aria-labelledby="outbox-title">
      <h1 id="outbox-title">Outbox</h1>
      <p class="muted">{EXPLANATION}</p>
      <div class="outbox-filter">
        <label for="outbox-status">Show</label>
        <select
          id="outbox-status"
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value as OutboxStatus | '')}
        >
          <option value="">All e-mails</option>
          <option value="pending">Waiting</option>
          <option value="sent">Sent</option>
          <option value="failed">Failed</option>
        </select>
        <button type="button" class="secondary" onClick={messages.reload}>
          Refresh
        </button>
      </div>
      {messages.loading && !messages.data && <p aria-busy="true">Loading e-mails…</p>}
      <Alert message={messages.error} />
      {messages.data && list.length === 0 && <p class="empty">No e-mails here yet.</p>}
      {list.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section class="table-scroll" aria-label="Outgoing e-mails" tabIndex={0}>
          <table class="data-table stack-table outbox-table">
            <caption class="visually-hidden">Outgoing e-mails, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Delivery</th>
              </tr>
            </thead>
            <tbody>
              {list.map((message) => (
                <tr key={message.id}>
                  <th scope="row" data-label="Subject" class="wrap">
                    <Link href={outboxMessagePath(props.tenant.slug, message.id)}>
                      {message.subject ?? '(no subject)'}
                    </Link>
                    <span class="muted outbox-kind">
                      {TOPIC_WORDS[message.topic] ?? message.topic}, written {when(message.createdAt)}
                    </span>
                  </th>
                  <td data-label="To" class="wrap">
                    {message.recipient}
                  </td>
                  <td data-label="Status">
                    <StatusWord message={message} />
                  </td>
                  <td data-label="Delivery" class="wrap">
                    {deliveryText(message)}
                    {message.lastError && message.status !== 'sent' && (
                      <span class="muted outbox-kind">{message.lastError}</span>
                    )}
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

function OutboxMessageView(props: { tenant: TenantPublic; id: string }) {
  const loaded = useLoad(() => getOutboxMessage(props.id));
  const message = loaded.data?.message;
  useEffect(
    () => setTitle(message?.subject ?? 'E-mail', props.tenant.name),
    [message?.subject, props.tenant.name],
  );

  return (
    <section class="card" aria-labelledby="outbox-message-title">
      <p>
        <Link href={pagePath(props.tenant.slug, 'outbox')}>← Back to the outbox</Link>
      </p>
      {loaded.loading && !message && <p aria-busy="true">Loading the e-mail…</p>}
      <Alert message={loaded.error} />
      {message && (
        <>
          <h1 id="outbox-message-title">{message.subject ?? '(no subject)'}</h1>
          <dl class="outbox-headers">
            <dt>To</dt>
            <dd>{message.recipient}</dd>
            <dt>Kind</dt>
            <dd>{TOPIC_WORDS[message.topic] ?? message.topic}</dd>
            <dt>Status</dt>
            <dd>
              <StatusWord message={message} /> {deliveryText(message)}
            </dd>
            {message.lastError && message.status !== 'sent' && (
              <>
                <dt>Last error</dt>
                <dd>{message.lastError}</dd>
              </>
            )}
            <dt>Written</dt>
            <dd>{when(message.createdAt)}</dd>
          </dl>
          <h2>Text</h2>
          <pre class="outbox-text">{message.text ?? ''}</pre>
          {message.html && (
            <details>
              <summary>HTML version</summary>
              {/* An empty sandbox: the e-mail's HTML can run nothing and reach nothing of this page. */}
              <iframe
                class="outbox-html"
                title="HTML version of the e-mail"
                sandbox=""
                srcdoc={message.html}
              />
            </details>
          )}
          <p class="muted">{EXPLANATION}</p>
        </>
      )}
    </section>
  );
}
