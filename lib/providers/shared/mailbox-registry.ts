/**
 * Per-mailbox shared state (quota throttles, concurrency limiters) so that several provider
 * instances for one mailbox in one process (a scan and a sync) respect one budget together.
 * Keys are caller-chosen mailbox ids (the integration id), never credentials.
 */
export function sharedPerMailbox<T>(registry: Map<string, T>, key: string | undefined, create: () => T): T {
  if (!key) return create();
  let value = registry.get(key);
  if (!value) {
    value = create();
    registry.set(key, value);
  }
  return value;
}
