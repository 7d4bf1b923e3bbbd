import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { setTitle } from '../branding';
import { ConfirmAddress } from '../components/confirm-address';
import { AdminLanding } from '../landings/admin';
import { MyCredentialsLanding } from '../landings/credentials';
import { ExamsLanding } from '../landings/exams';
import { ItemBankLanding } from '../landings/item-bank';
import { PlatformAdminLanding } from '../landings/platform-admin';
import type { Session } from '../session';
import type { Role, TenantPublic } from '../types';

/** One landing section per role, in the order they appear on the page. */
const landings: { role: Role; title: string; body: (tenant: TenantPublic) => ComponentChildren }[] = [
  {
    role: 'candidate',
    title: 'My certifications',
    body: (tenant) => (
      <>
        <ExamsLanding slug={tenant.slug} />
        <MyCredentialsLanding slug={tenant.slug} />
      </>
    ),
  },
  {
    role: 'proctor',
    title: 'Proctor console',
    body: () => <p class="empty">No exam sessions to watch right now.</p>,
  },
  { role: 'author', title: 'Item authoring', body: (tenant) => <ItemBankLanding slug={tenant.slug} /> },
  { role: 'admin', title: 'Programme administration', body: (tenant) => <AdminLanding slug={tenant.slug} /> },
  {
    role: 'partner_manager',
    title: 'Partner dashboard',
    body: () => <p class="empty">Your organisation's tier and expiring credentials will appear here.</p>,
  },
  { role: 'platform_admin', title: 'Platform administration', body: () => <PlatformAdminLanding /> },
];

/** The landing page: a section for each role the signed-in user holds. */
export function HomePage(props: { tenant: TenantPublic; session: Session }) {
  const { user } = props.session;
  useEffect(() => setTitle('Home', props.tenant.name), [props.tenant.name]);
  const held = landings.filter((landing) => user.roles.includes(landing.role));

  return (
    <>
      <h1 class="visually-hidden">Home</h1>
      {!user.emailVerifiedAt && <ConfirmAddress email={user.email} />}
      {held.length === 0 && (
        <section class="card">
          <p>Your account has no role yet. Ask your programme administrator for access.</p>
        </section>
      )}
      {held.map((landing) => (
        <section
          key={landing.role}
          class="card"
          data-role-landing={landing.role}
          aria-labelledby={`landing-${landing.role}`}
        >
          <h2 id={`landing-${landing.role}`}>{landing.title}</h2>
          {landing.body(props.tenant)}
        </section>
      ))}
      {/* Anyone may hold credentials (an author who passed an exam): the candidate landing shows them already. */}
      {held.length > 0 && !user.roles.includes('candidate') && (
        <section class="card" aria-labelledby="my-credentials-title">
          <h2 id="my-credentials-title">My credentials</h2>
          <MyCredentialsLanding slug={props.tenant.slug} />
        </section>
      )}
    </>
  );
}
