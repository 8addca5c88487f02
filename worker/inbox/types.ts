/** Who holds an inbox socket: the admin token's grant, without the token. */
import type { Role } from '../auth/types';

export interface InboxPrincipal {
  /** The token's stable id (audit rows), never the token. */
  id: string;
  role: Role;
  /** The display name; for agents, the name visitors see with their replies. */
  label: string;
  /** The sites whose events the socket receives; null means every site. */
  sites: string[] | null;
}

/** Per-socket state, kept by the runtime across hibernation. */
export interface InboxAttachment extends InboxPrincipal {
  /** After this time (epoch ms) the socket is closed with 4401 so the console comes back with a fresh ticket. */
  until: number;
}

/** Header carrying the checked principal from the Worker to the inbox object on the upgrade. */
export const INBOX_PRINCIPAL_HEADER = 'x-parley-inbox-principal';
