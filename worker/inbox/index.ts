/** The agents' inbox object: the class, how the Worker reaches it, and how a conversation reports to it. */
import type { InboxEvent } from '../../shared/inbox';
import type { WorkerEnv } from '../env';

export { Inbox } from './inbox';
export type { InboxPrincipal } from './types';

/** The one inbox object of the deployment. */
export function inboxStub(env: Pick<WorkerEnv, 'INBOX'>) {
  return env.INBOX.get(env.INBOX.idFromName('inbox'));
}

/**
 * Report a conversation's event to the inbox without waiting on it: a console that misses one catches up
 * from the transcript when it next opens the conversation, so a failure is logged, never raised.
 */
export function notifyInbox(env: Pick<WorkerEnv, 'INBOX'>, waitUntil: (p: Promise<unknown>) => void, event: InboxEvent): void {
  waitUntil(
    Promise.resolve()
      .then(() => inboxStub(env).notify(event))
      .catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', event: 'inbox_notify_failed', name: e instanceof Error ? e.name : 'unknown' }));
      }),
  );
}
