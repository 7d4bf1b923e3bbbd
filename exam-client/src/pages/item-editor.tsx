import { useEffect, useState } from 'preact/hooks';
import { ApiError, createItem, getItem, updateItem } from '../api';
import { setTitle } from '../branding';
import { ErrorSummary } from '../components/error-summary';
import { Alert, Status } from '../components/form';
import { ContentFields } from '../items/content-fields';
import { detailsOf, NO_ERRORS, type PlacedErrors, placeErrors, withoutRowErrors } from '../items/error-paths';
import { FieldErrorsContext, TextInput } from '../items/fields';
import { emptyForm, fromContent, type ItemForm, toContent } from '../items/item-form';
import { StatusTag, TYPE_LABELS } from '../items/labels';
import { VersionHistory } from '../items/version-history';
import { Workflow } from '../items/workflow';
import '../items/items.css';
import { itemPath, Link, navigate, pagePath } from '../router';
import type { Session } from '../session';
import type { ItemView, TenantPublic } from '../types';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';

/** A message for the editor that opens next (the one a new item's editor is replaced by). */
let pendingNotice: string | null = null;

interface EditorProps {
  tenant: TenantPublic;
  session: Session;
}

/** The item editor at /t/<slug>/items/<id>, or a new item's at /t/<slug>/items/new. */
export function ItemEditorPage(props: EditorProps & { id: string }) {
  if (props.id === 'new') return <NewItemEditor {...props} />;
  return <ExistingItemEditor {...props} />;
}

function NewItemEditor(props: EditorProps) {
  useEffect(() => setTitle('New item', props.tenant.name), [props.tenant.name]);
  return (
    <>
      <BackLink slug={props.tenant.slug} />
      <h1>New item</h1>
      <EditorForm {...props} item={null} onSaved={() => undefined} />
    </>
  );
}

function ExistingItemEditor(props: EditorProps & { id: string }) {
  const detail = useLoad(() => getItem(props.id));
  const [notice] = useState(() => {
    const message = pendingNotice;
    pendingNotice = null;
    return message;
  });
  const [dirty, setDirty] = useState(false);
  // Which part acted last: the other part's notice (and the notice this page opened with) is stale, so hidden.
  const [lastActed, setLastActed] = useState<'content' | 'review' | null>(null);
  // The latest version as last heard of: from the load, then from each save or workflow move.
  const [latest, setLatest] = useState<ItemView | null>(null);
  useEffect(() => {
    if (detail.data) setLatest(detail.data.item);
  }, [detail.data]);
  const externalId = latest?.externalId ?? detail.data?.item.externalId;
  useEffect(
    () => setTitle(externalId ? `Item ${externalId}` : 'Item', props.tenant.name),
    [externalId, props.tenant.name],
  );

  if (!detail.data || !latest) {
    return (
      <>
        <BackLink slug={props.tenant.slug} />
        {detail.loading && <p aria-busy="true">Loading the item…</p>}
        <Alert message={detail.error} />
      </>
    );
  }

  const changed = (item: ItemView) => {
    setLatest(item);
    detail.reload();
  };
  return (
    <>
      <BackLink slug={props.tenant.slug} />
      <h1>Item {latest.externalId}</h1>
      <p class="item-meta">
        <StatusTag status={latest.status} /> <span>Version {latest.version}</span>
        <span>{TYPE_LABELS[latest.content.type]}</span>
        {latest.activeVersion !== null && latest.activeVersion !== latest.version && (
          <span>Version {latest.activeVersion} is active</span>
        )}
      </p>
      <Status message={lastActed === null ? notice : null} />
      <EditorForm
        {...props}
        item={latest}
        initial={detail.data.item.content}
        onSaved={(item) => {
          setDirty(false);
          changed(item);
        }}
        onDirty={() => setDirty(true)}
        onAction={() => setLastActed('content')}
        quiet={lastActed === 'review'}
      />
      <Workflow
        item={latest}
        session={props.session}
        dirty={dirty}
        onChanged={changed}
        onAction={() => setLastActed('review')}
        quiet={lastActed === 'content'}
      />
      <VersionHistory versions={detail.data.versions} session={props.session} />
    </>
  );
}

function BackLink(props: { slug: string }) {
  return (
    <p class="back">
      <Link href={pagePath(props.slug, 'items')}>← Item bank</Link>
    </p>
  );
}

/** What saving will do to the latest version, said before the author presses Save. */
function saveHint(item: ItemView | null): string | undefined {
  if (item === null) return 'The item starts as a draft, version 1.';
  switch (item.status) {
    case 'in_review':
      return 'Saving takes this version out of review, back to draft.';
    case 'active':
    case 'retired':
      return `Saving creates version ${item.latestVersion + 1} as a draft; version ${item.version} stays as it is.`;
    default:
      return undefined;
  }
}

/**
 * The item's content as a form. Saving sends everything, finished or not: the server's errors come back
 * with JSON pointers and appear next to the fields they name, the rest in the summary above the form.
 */
function EditorForm(
  props: EditorProps & {
    item: ItemView | null;
    initial?: ItemView['content'];
    onSaved: (item: ItemView) => void;
    onDirty?: () => void;
    /** Called when a save starts. */
    onAction?: () => void;
    /** Hide this form's last notice and error: another part of the page acted since. */
    quiet?: boolean;
  },
) {
  const isNew = props.item === null;
  const [form, setForm] = useState<ItemForm>(() =>
    props.initial ? fromContent(props.initial) : emptyForm(),
  );
  const [externalId, setExternalId] = useState('');
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, status, setStatus, run } = useSubmit();

  const change = (next: ItemForm, structural = false) => {
    setForm(next);
    if (structural) setErrors(withoutRowErrors(errors));
    setStatus(null);
    props.onDirty?.();
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const content = toContent(form);
    const item = props.item;
    props.onAction?.();
    void run(async () => {
      try {
        if (item === null) {
          const id = externalId.trim();
          const { item: created } = await createItem({ content, ...(id ? { externalId: id } : {}) });
          pendingNotice = `Item ${created.externalId} created as a draft`;
          navigate(itemPath(props.tenant.slug, created.id), { replace: true });
          return undefined;
        }
        const { item: saved } = await updateItem(item.id, { content, baseVersion: item.latestVersion });
        setErrors(NO_ERRORS);
        props.onSaved(saved);
        return saved.version > item.version ? `Saved as version ${saved.version}, a draft` : 'Changes saved';
      } catch (failure) {
        const details = detailsOf(failure);
        if (failure instanceof ApiError && failure.status === 409 && item !== null && details.length === 0) {
          throw new ApiError(
            409,
            failure.code,
            `${failure.message}. Someone saved it after you opened it: reload the page to see their version.`,
          );
        }
        if (!(failure instanceof ApiError) || details.length === 0) throw failure;
        setErrors(placeErrors(details, form, isNew));
        return undefined;
      }
    });
  };

  return (
    <section class="card item-editor" aria-labelledby="item-content-title">
      <h2 id="item-content-title" class={isNew ? 'visually-hidden' : undefined}>
        Content
      </h2>
      <ErrorSummary
        errors={errors}
        title={isNew ? 'The item was not created' : 'The changes were not saved'}
      />
      <Alert message={props.quiet ? null : error} />
      <FieldErrorsContext.Provider value={errors}>
        <form onSubmit={onSubmit} noValidate>
          {isNew && (
            <TextInput
              field="externalId"
              label="External id"
              value={externalId}
              onInput={setExternalId}
              maxLength={100}
              hint="Optional: the id other systems know the item by. One is made up when left empty."
            />
          )}
          <ContentFields form={form} onChange={change} />
          {saveHint(props.item) && <p class="hint">{saveHint(props.item)}</p>}
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : isNew ? 'Create item' : 'Save changes'}
          </button>
        </form>
      </FieldErrorsContext.Provider>
      <Status message={props.quiet ? null : status} />
    </section>
  );
}
