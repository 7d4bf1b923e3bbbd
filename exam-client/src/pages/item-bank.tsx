import { useEffect, useState } from 'preact/hooks';
import { listItems } from '../api';
import { setTitle } from '../branding';
import { Alert } from '../components/form';
import { SelectInput, TextInput } from '../items/fields';
import { StatusTag, STATUS_LABELS, TYPE_LABELS } from '../items/labels';
import '../items/items.css';
import { itemPath, Link, navigate, pagePath } from '../router';
import type { ItemFilters, ItemStatus, ItemView, TenantPublic } from '../types';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';

/** Items fetched per page of the list. */
const PAGE_SIZE = 50;
const STEM_EXCERPT = 90;

type StatusFilter = ItemStatus | '';

const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: '', label: 'Any status' },
  ...(Object.keys(STATUS_LABELS) as ItemStatus[]).map((value) => ({ value, label: STATUS_LABELS[value] })),
];

/** The filters in the page's URL (so the back button and a shared link keep them). */
function filtersOf(query: URLSearchParams): { status: StatusFilter; domain: string; q: string } {
  const status = query.get('status') ?? '';
  return {
    status: STATUS_FILTERS.some((option) => option.value === status) ? (status as StatusFilter) : '',
    domain: query.get('domain') ?? '',
    q: query.get('q') ?? '',
  };
}

/** The item bank at /t/<slug>/items: every item's latest version, filtered by status, domain and text. */
export function ItemBankPage(props: { tenant: TenantPublic; query: URLSearchParams }) {
  const { slug } = props.tenant;
  useEffect(() => setTitle('Item bank', props.tenant.name), [props.tenant.name]);
  const applied = filtersOf(props.query);
  const [status, setStatus] = useState<StatusFilter>(applied.status);
  const [domain, setDomain] = useState(applied.domain);
  const [q, setQ] = useState(applied.q);
  const [domains, setDomains] = useState<readonly string[]>([]);
  // The bank's domains as options; one named by the URL but gone from the bank stays selectable.
  const domainOptions = [
    { value: '', label: 'Any domain' },
    ...[...new Set([...domains, ...(applied.domain ? [applied.domain] : [])])]
      .sort()
      .map((value) => ({ value, label: value })),
  ];

  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const query: Record<string, string> = {};
    if (status) query.status = status;
    if (domain.trim()) query.domain = domain.trim();
    if (q.trim()) query.q = q.trim();
    navigate(pagePath(slug, 'items', Object.keys(query).length > 0 ? query : undefined), { replace: true });
  };
  const clear = () => {
    setStatus('');
    setDomain('');
    setQ('');
    navigate(pagePath(slug, 'items'), { replace: true });
  };
  const filtered = applied.status !== '' || applied.domain !== '' || applied.q !== '';

  return (
    <>
      <div class="page-title">
        <h1>Item bank</h1>
        <Link href={itemPath(slug, 'new')} class="button">
          New item
        </Link>
      </div>
      <section class="card">
        <search>
          <form class="filters" onSubmit={apply} aria-label="Filter items">
            <SelectInput
              field="filter-status"
              label="Status"
              value={status}
              options={STATUS_FILTERS}
              onChange={setStatus}
            />
            <SelectInput
              field="filter-domain"
              label="Domain"
              value={domain}
              options={domainOptions}
              onChange={setDomain}
            />
            <TextInput field="filter-q" label="Search" value={q} onInput={setQ} maxLength={200} />
            <div class="actions filter-actions">
              <button type="submit">Filter</button>
              {filtered && (
                <button type="button" class="secondary" onClick={clear}>
                  Clear filters
                </button>
              )}
            </div>
          </form>
        </search>
        <ItemTable
          key={props.query.toString()}
          slug={slug}
          filters={{
            ...(applied.status ? { status: applied.status } : {}),
            ...(applied.domain ? { domain: applied.domain } : {}),
            ...(applied.q ? { q: applied.q } : {}),
          }}
          filtered={filtered}
          onDomains={setDomains}
        />
      </section>
    </>
  );
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > STEM_EXCERPT ? `${flat.slice(0, STEM_EXCERPT - 1)}…` : flat;
}

/** One page of items, how many match in all, and more on request; the bank's domains go to the filter. */
function ItemTable(props: {
  slug: string;
  filters: ItemFilters;
  filtered: boolean;
  onDomains: (domains: readonly string[]) => void;
}) {
  const first = useLoad(() => listItems({ ...props.filters, limit: PAGE_SIZE }));
  const [more, setMore] = useState<ItemView[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const loadMore = useSubmit();
  const { onDomains } = props;
  useEffect(() => {
    if (first.data) onDomains(first.data.domains);
  }, [first.data, onDomains]);

  if (!first.data) {
    return (
      <>
        {first.loading && <p aria-busy="true">Loading items…</p>}
        <Alert message={first.error} />
      </>
    );
  }
  const items = [...first.data.items, ...more];
  // The latest count heard of: items added or removed by others meanwhile show up on the next page.
  const matching = total ?? first.data.total;
  const canLoadMore = items.length < matching;
  const showMore = () =>
    loadMore.run(async () => {
      const next = await listItems({ ...props.filters, limit: PAGE_SIZE, offset: items.length });
      setMore([...more, ...next.items]);
      setTotal(next.items.length === 0 ? items.length : next.total);
      return undefined;
    });

  if (items.length === 0) {
    return (
      <p class="empty">
        {props.filtered ? 'No items match these filters.' : 'The bank has no items yet: write the first one.'}
      </p>
    );
  }
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section class="table-scroll" aria-label="Items" tabIndex={0}>
        <table class="data-table">
          <caption class="visually-hidden">Items, latest version of each</caption>
          <thead>
            <tr>
              <th scope="col">External id</th>
              <th scope="col">Type</th>
              <th scope="col">Domain</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Stem</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  <Link href={itemPath(props.slug, item.id)}>{item.externalId}</Link>
                </th>
                <td>{TYPE_LABELS[item.content.type] ?? item.content.type}</td>
                <td>{item.content.domain}</td>
                <td>
                  <StatusTag status={item.status} />
                </td>
                <td>
                  {item.version}
                  {item.activeVersion !== null && item.activeVersion !== item.version && (
                    <span class="muted"> (v{item.activeVersion} active)</span>
                  )}
                </td>
                <td class="stem">{excerpt(item.content.stem)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p class="muted" role="status">
        {items.length >= matching
          ? `${matching} item${matching === 1 ? '' : 's'}${props.filtered ? (matching === 1 ? ' matches' : ' match') : ''}`
          : `Showing ${items.length} of ${matching} items${props.filtered ? ' that match' : ''}`}
      </p>
      <Alert message={loadMore.error} />
      {canLoadMore && (
        <button type="button" class="secondary" onClick={showMore} disabled={loadMore.busy}>
          {loadMore.busy ? 'Loading…' : `Show ${Math.min(PAGE_SIZE, matching - items.length)} more`}
        </button>
      )}
    </>
  );
}
