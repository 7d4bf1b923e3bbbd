import { Alert } from '../components/form';
import { DownloadButton } from '../components/download-button';
import { formatDateTime } from '../items/labels';
import { useLoad } from '../use-load';
import { downloadResponseLog, getResponseLog } from './api';

const number = (value: number | null, digits = 2) => (value === null ? '' : value.toFixed(digits));

/**
 * One attempt's response log (admins): every save with its item and version, domain, answer, score, time on
 * the item and the ability estimate after it; the same as CSV for calibration.
 */
export function ResponseLog(props: { id: string; attemptId: string; candidateName: string }) {
  const log = useLoad(() => getResponseLog(props.attemptId));
  const responses = log.data?.responses ?? [];
  return (
    <section id={props.id} class="response-log" aria-label={`Responses of ${props.candidateName}`}>
      {log.loading && !log.data && <p aria-busy="true">Loading the responses…</p>}
      <Alert message={log.error} />
      {log.data && responses.length === 0 && <p class="empty">No answers were saved in this attempt.</p>}
      {responses.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section class="table-scroll" tabIndex={0} aria-label="Response log">
          <table class="data-table stack-table">
            <caption class="visually-hidden">Every save of the attempt, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Question</th>
                <th scope="col">Item</th>
                <th scope="col">Domain</th>
                <th scope="col">Answer</th>
                <th scope="col">Score</th>
                <th scope="col">Time (s)</th>
                <th scope="col">θ (SE)</th>
                <th scope="col">Received</th>
              </tr>
            </thead>
            <tbody>
              {responses.map((r) => (
                <tr key={r.seq}>
                  <th scope="row" data-label="#">
                    {r.seq}
                  </th>
                  <td data-label="Question">
                    {r.position}
                    {!r.scored && <span class="tag">pretest</span>}
                    {r.marked && <span class="tag">marked</span>}
                  </td>
                  <td data-label="Item">
                    <code title={r.itemId}>{r.itemId.slice(0, 8)}</code> v{r.itemVersion}
                  </td>
                  <td data-label="Domain">{r.domain}</td>
                  <td data-label="Answer" class="wrap">
                    {r.answer === null ? (
                      <span class="muted">cleared</span>
                    ) : (
                      <code>{JSON.stringify(r.answer)}</code>
                    )}
                  </td>
                  <td data-label="Score">{number(r.score)}</td>
                  <td data-label="Time (s)">
                    {r.timeOnItemMs === null ? '' : Math.round(r.timeOnItemMs / 1000)}
                  </td>
                  <td data-label="θ (SE)">
                    {r.theta === null ? '' : `${number(r.theta)} (${number(r.se)})`}
                  </td>
                  <td data-label="Received">{formatDateTime(r.receivedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {log.data && (
        <DownloadButton label="Download responses (CSV)" fetch={() => downloadResponseLog(props.attemptId)} />
      )}
    </section>
  );
}
