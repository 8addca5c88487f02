/** The console's one door to the Admin API: bearer token from sessionStorage, typed errors with issues. */
const KEY = 'parley-admin-token';

export const session = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (t: string) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

export type Role = 'admin' | 'editor' | 'agent' | 'auditor';
export const ROLES: Role[] = ['admin', 'editor', 'agent', 'auditor'];
/** `sites` is null (or absent, from a server that predates per-site tokens) for a token valid on every site. */
export interface Me {
  id: string;
  role: Role;
  label?: string;
  sites?: string[] | null;
}

export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

/** Call the Admin API; JSON in and out. */
export async function api<T>(path: string, opts: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? session.get() ?? ''}` };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? null : JSON.stringify(opts.body),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; issues?: Issue[] } } | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? 'internal', e?.message ?? `HTTP ${res.status}`, e?.issues ?? []);
  }
  return data as T;
}

/** POST and read a Server-Sent Events stream, calling `onFrame` with each parsed `data:` JSON. */
export async function streamSse(path: string, body: unknown, onFrame: (frame: Record<string, unknown>) => void): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.get() ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok || !res.body) {
    const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, data?.error?.code ?? 'internal', data?.error?.message ?? `HTTP ${res.status}`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let i = buf.indexOf('\n\n');
    while (i >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) onFrame(JSON.parse(data) as Record<string, unknown>);
      i = buf.indexOf('\n\n');
    }
  }
}

/** Download a text body as a file, through a blob URL (no inline script, CSP-safe). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** What each role may use; pages and controls follow these, the API enforces the same. */
export const can = {
  edit: (r: Role) => r === 'admin' || r === 'editor',
  audit: (r: Role) => r === 'admin' || r === 'auditor',
  handoff: (r: Role) => r === 'admin' || r === 'editor' || r === 'agent',
  /** Reading site config, metrics and intents: everyone but agents, who see conversations only. */
  read: (r: Role) => r !== 'agent',
  admin: (r: Role) => r === 'admin',
};

/** An error's issues by dotted path (`theme.color`), for showing each beside its field. */
export function issuesByPath(issues: Issue[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) out.set(i.path, [...(out.get(i.path) ?? []), i.message]);
  return out;
}
