import { listCredentials, listMyCredentials } from '../api';
import '../items/items.css';
import { isValidStatus } from '../credentials/labels';
import { Link, manageCredentialsPath, pagePath } from '../router';
import { useLoad } from '../use-load';

const credentials = (count: number) => `${count} credential${count === 1 ? '' : 's'}`;

/** The signed-in person's credentials in a line, and the way to them (every signed-in home page). */
export function MyCredentialsLanding(props: { slug: string }) {
  const mine = useLoad(listMyCredentials);
  const held = mine.data?.credentials;
  const expiring = held?.filter((credential) => credential.status === 'expiring').length ?? 0;
  return (
    <>
      <p>
        {held === undefined && 'Your certificates, badges and verification links.'}
        {held?.length === 0 && 'No credentials yet: when you pass an exam, your certificate appears here.'}
        {held !== undefined &&
          held.length > 0 &&
          `You hold ${credentials(held.length)}, ${held.filter((credential) => isValidStatus(credential.status)).length} valid${
            expiring > 0 ? ` (${expiring} expiring soon)` : ''
          }: download certificates and badges, and share verification links.`}
      </p>
      <div class="item-bank-links">
        <Link href={pagePath(props.slug, 'credentials')} class="button">
          My credentials
        </Link>
      </div>
    </>
  );
}

/** A link to the credentials admins manage, and how many there are (admin landing). */
export function ManageCredentialsLanding(props: { slug: string }) {
  const all = useLoad(listCredentials);
  const count = all.data?.credentials.length;
  return (
    <>
      <p>Issue credentials, import existing holders, suspend or revoke, and rotate the signing key.</p>
      <div class="item-bank-links">
        <Link href={manageCredentialsPath(props.slug)} class="button">
          Manage credentials
        </Link>
        {count !== undefined && <span class="muted">{credentials(count)} issued</span>}
      </div>
    </>
  );
}
