/** A message for the certification page that opens next (after a certification is defined). */
let pendingNotice: string | null = null;

/** Leave a message for the next certification page. */
export function setPendingNotice(message: string): void {
  pendingNotice = message;
}

/** The message left for this page, once. */
export function takePendingNotice(): string | null {
  const message = pendingNotice;
  pendingNotice = null;
  return message;
}
