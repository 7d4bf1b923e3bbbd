import { useId } from 'preact/hooks';
import { downloadFile } from '../api';
import { CopyLink } from '../components/copy-link';
import { Alert, Status } from '../components/form';
import type { CredentialView } from '../types';
import { useSubmit } from '../use-submit';
import { expiryText, formatDay, isValidStatus, StatusBadge, STATUS_LABELS, standingText } from './labels';
import { saveFile } from './save-file';

type FileKind = 'certificate' | 'badge' | 'badgePng' | 'signedCredential';

/** What each download is called, its file suffix when the server names none, and what it is for. */
const FILES: Record<FileKind, { button: string; busy: string; suffix: string; done: string }> = {
  certificate: {
    button: 'Download PDF certificate',
    busy: 'Downloading the certificate…',
    suffix: 'pdf',
    done: 'PDF certificate downloaded',
  },
  badge: {
    button: 'Download badge (SVG)',
    busy: 'Downloading the badge…',
    suffix: 'svg',
    done: 'Badge downloaded',
  },
  badgePng: {
    button: 'Download badge (PNG)',
    busy: 'Downloading the badge…',
    suffix: 'png',
    done: 'Badge downloaded',
  },
  signedCredential: {
    button: 'Download signed credential',
    busy: 'Downloading the signed credential…',
    suffix: 'jwt',
    done: 'Signed credential downloaded',
  },
};

const KINDS = Object.keys(FILES) as FileKind[];

/**
 * One of the holder's credentials: what it certifies, its status in words, its dates and certificate ID,
 * its files, its verification link to copy or open, and LinkedIn's add-to-profile link.
 */
export function CredentialCard(props: { credential: CredentialView }) {
  const { credential } = props;
  const titleId = useId();
  const { busy, busyWith, error, status, run } = useSubmit<FileKind>();
  const standing = standingText(credential);

  const download = (kind: FileKind) =>
    run(
      async () => {
        const fallbackName = `${credential.certificateId}.${FILES[kind].suffix}`;
        saveFile(await downloadFile(credential.downloads[kind], fallbackName));
        return FILES[kind].done;
      },
      { kind },
    );

  return (
    <article class="card credential-card" aria-labelledby={titleId}>
      <h2 id={titleId}>{credential.certification.title}</h2>
      <p class="credential-code">
        <span class="tag">{credential.certification.code}</span>
      </p>
      <dl class="credential-facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={credential.status} />
          {standing && <span class="standing">{standing}</span>}
        </dd>
        <dt>Issued by</dt>
        <dd>{credential.issuer.name}</dd>
        <dt>Issued</dt>
        <dd>{formatDay(credential.issuedAt)}</dd>
        <dt>{credential.status === 'expired' ? 'Expired' : 'Expires'}</dt>
        <dd>{expiryText(credential)}</dd>
        <dt>Certificate ID</dt>
        <dd>
          <code class="certificate-id">{credential.certificateId}</code>
        </dd>
      </dl>
      <div class="credential-actions">
        {KINDS.map((kind) => (
          <button key={kind} type="button" class="secondary" disabled={busy} onClick={() => download(kind)}>
            {busyWith === kind ? FILES[kind].busy : FILES[kind].button}
          </button>
        ))}
      </div>
      <Alert message={error} />
      <Status message={status} />
      <CopyLink
        label="Verification link"
        url={credential.verificationUrl}
        buttonLabel="Copy verification link"
        copied="Copied: the verification link is on your clipboard."
      />
      <div class="credential-links">
        <a href={credential.verificationUrl} target="_blank" rel="noopener">
          Verify<span class="visually-hidden"> (opens in a new tab)</span>
        </a>
        {isValidStatus(credential.status) ? (
          <a href={credential.linkedInUrl} target="_blank" rel="noopener">
            Add to LinkedIn profile<span class="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : (
          <span class="muted">
            {STATUS_LABELS[credential.status]} credentials cannot be added to a LinkedIn profile.
          </span>
        )}
      </div>
    </article>
  );
}
