import { createHash } from 'node:crypto';
import type { ItemContent, ItemIrt } from '../../domain/items/item.js';
import type { ItemStatus } from '../../domain/items/lifecycle.js';
import { canonicalJson } from '../../persistence/audit-chain.js';
import type { ItemRow, ItemVersionRow } from '../../persistence/repositories/items.js';

/** An item version as authors and admins see it through the API (with its key and parameters). */
export interface ItemView {
  readonly id: string;
  readonly externalId: string;
  readonly version: number;
  readonly latestVersion: number;
  readonly activeVersion: number | null;
  readonly status: ItemStatus;
  readonly content: ItemContent;
  readonly irtSource: string | null;
  readonly authorId: string | null;
  readonly reviewerId: string | null;
  readonly reviewedAt: string | null;
  readonly reviewComment: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Content without its IRT parameters (those are stored beside it, since calibration changes them). */
export function withoutIrt(content: ItemContent): Record<string, unknown> {
  const { irt: _irt, ...body } = content;
  return body;
}

/** A fingerprint of what candidates see and how it is keyed; equal hashes mean an unchanged item. */
export function contentHash(content: ItemContent): string {
  return createHash('sha256')
    .update(canonicalJson(withoutIrt(content)))
    .digest('hex');
}

/** The IRT columns of a version row for the content's parameters. */
export function irtColumns(irt: ItemIrt | undefined, source: string | null) {
  return {
    irtModel: irt?.model ?? null,
    irtA: irt?.a ?? null,
    irtB: irt?.b ?? null,
    irtC: irt?.c ?? null,
    irtSource: irt ? source : null,
  };
}

/** The version's content with its IRT parameters put back. */
export function storedContent(version: ItemVersionRow): ItemContent {
  const content = { ...version.content } as unknown as ItemContent;
  if (version.irtModel && version.irtA !== null && version.irtB !== null) {
    return {
      ...content,
      irt: { model: version.irtModel, a: version.irtA, b: version.irtB, c: version.irtC ?? 0 },
    };
  }
  return content;
}

/** Whether two contents, parameters included, are the same item. */
export function sameItem(a: ItemContent, b: ItemContent): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The columns of a version row that follow from its content (IRT parameters tagged with their source). */
export function contentColumns(content: ItemContent, irtSource: string) {
  return {
    type: content.type,
    domain: content.domain,
    pretest: content.pretest ?? false,
    content: withoutIrt(content),
    contentHash: contentHash(content),
    ...irtColumns(content.irt, irtSource),
  };
}

/** A new version row for content written by `authorId`. */
export function newVersionRow(
  tenantId: string,
  itemId: string,
  version: number,
  content: ItemContent,
  status: ItemStatus,
  authorId: string | null,
  at: Date,
  irtSource: string,
): ItemVersionRow {
  return {
    tenantId,
    itemId,
    version,
    status,
    ...contentColumns(content, irtSource),
    authorId,
    createdAt: at,
    updatedAt: at,
    submittedAt: null,
    reviewerId: null,
    reviewedAt: null,
    reviewComment: null,
    retiredAt: null,
  };
}

/** Presents an item with one of its versions. */
export function itemView(item: ItemRow, version: ItemVersionRow): ItemView {
  return {
    id: item.id,
    externalId: item.externalId,
    version: version.version,
    latestVersion: item.latestVersion,
    activeVersion: item.activeVersion,
    status: version.status,
    content: storedContent(version),
    irtSource: version.irtSource,
    authorId: version.authorId,
    reviewerId: version.reviewerId,
    reviewedAt: version.reviewedAt?.toISOString() ?? null,
    reviewComment: version.reviewComment,
    createdAt: version.createdAt.toISOString(),
    updatedAt: version.updatedAt.toISOString(),
  };
}
