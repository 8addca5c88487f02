/** Who may call the admin API: the types shared by the token store, the env's request variables and the role check. */

export const ROLES = ['admin', 'editor', 'agent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface AdminPrincipal {
  /** A stable, non-secret id for audit rows (never the token itself). */
  id: string;
  role: Role;
  /** A display name; for agents, the name visitors see with their replies. */
  label: string;
  /** The sites this token may see and act on; null means every site. */
  sites: string[] | null;
}
