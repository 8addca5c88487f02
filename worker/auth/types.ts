/** Who may call the admin API: the types shared by the token store, the env's request variables and the role check. */

export type Role = 'admin' | 'editor' | 'auditor';

export interface AdminPrincipal {
  /** A stable, non-secret id for audit rows (never the token itself). */
  id: string;
  role: Role;
}
