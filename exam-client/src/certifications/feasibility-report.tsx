import type { FeasibilityReport } from '../types';

/** A verdict on a blueprint, and what it came from: a check, or a refused save. */
export interface Verdict {
  report: FeasibilityReport;
  source: 'check' | 'save';
}

/** The server's messages start in lower case ("domain Networking needs…"); as list entries they read better capitalised. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * Whether the active bank can deliver the blueprint, in plain words: the problems that block it (a save is
 * refused while there are any) and the warnings worth knowing.
 */
export function FeasibilityVerdict(props: { verdict: Verdict }) {
  const { report, source } = props.verdict;
  return (
    <div class={`verdict ${report.feasible ? 'feasible' : 'infeasible'}`}>
      {report.feasible ? (
        <p role="status" class="verdict-title">
          {source === 'check'
            ? 'Feasible: the active bank can deliver this blueprint.'
            : 'Saved: the active bank can deliver this blueprint.'}
        </p>
      ) : (
        <div role="alert">
          <p class="verdict-title">
            {source === 'check'
              ? 'Not feasible: the active bank cannot deliver this blueprint.'
              : 'Not saved: the active bank cannot deliver this blueprint.'}
          </p>
          <ul class="problems">
            {report.problems.map((problem, index) => (
              <li key={`${problem.path}-${index}`}>{sentence(problem.message)}</li>
            ))}
          </ul>
        </div>
      )}
      {report.warnings.length > 0 && (
        <>
          <p class="verdict-subtitle">Worth knowing:</p>
          <ul class="warnings">
            {report.warnings.map((warning, index) => (
              <li key={`${warning.path}-${index}`}>{sentence(warning.message)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
