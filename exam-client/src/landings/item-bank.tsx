import { listItems } from '../api';
import '../items/items.css';
import { itemPath, Link, pagePath } from '../router';
import { useLoad } from '../use-load';

/** Links into the item bank, and how many items wait for a reviewer (author and admin landings). */
export function ItemBankLanding(props: { slug: string }) {
  const waiting = useLoad(() => listItems({ status: 'in_review', limit: 1 }));
  const count = waiting.data?.total;
  return (
    <>
      <p>Write items, keep their versions, and review other authors' work.</p>
      <div class="item-bank-links">
        <Link href={pagePath(props.slug, 'items')} class="button">
          Open the item bank
        </Link>
        <Link href={itemPath(props.slug, 'new')}>New item</Link>
        {count !== undefined && count > 0 && (
          <Link href={pagePath(props.slug, 'items', { status: 'in_review' })}>
            {count} item{count === 1 ? '' : 's'} waiting for review
          </Link>
        )}
      </div>
    </>
  );
}
