import type { DownloadedFile } from '../api';
import { saveFile } from '../credentials/save-file';
import { useSubmit } from '../use-submit';
import { Alert } from './form';

/**
 * A button that fetches a file from the API and hands it to the browser ("Preparing…" meanwhile), with the
 * failure, if any, said below it.
 */
export function DownloadButton(props: {
  label: string;
  ariaLabel?: string;
  fetch: () => Promise<DownloadedFile>;
}) {
  const { busy, error, run } = useSubmit();
  return (
    <>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          disabled={busy}
          aria-label={props.ariaLabel}
          onClick={() =>
            run(async () => {
              saveFile(await props.fetch());
              return undefined;
            })
          }
        >
          {busy ? 'Preparing…' : props.label}
        </button>
      </div>
      <Alert message={error} />
    </>
  );
}
