/**
 * Per-site operations settings: retention windows and alert rules. Stored in D1 (`site_ops`), edited by
 * admins, read by the cron. Defaults apply to any site that has none.
 */
import { z } from 'zod';

export const AlertRule = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_-]+$/),
  metric: z.enum(['ttfd_p99_ms', 'ttfd_p95_ms', 'error_rate']),
  /** Fires when the metric is strictly above this (ms, or a 0–1 fraction for rates). */
  threshold: z.number().min(0),
  windowMinutes: z.number().int().min(1).max(1440),
  /** Fewer turns than this in the window is not evidence of anything. */
  minTurns: z.number().int().min(1).default(5),
});
export type AlertRule = z.infer<typeof AlertRule>;

export const DEFAULT_ALERT_RULES: AlertRule[] = [
  { id: 'ttfd_p99', metric: 'ttfd_p99_ms', threshold: 800, windowMinutes: 5, minTurns: 5 },
  { id: 'error_rate', metric: 'error_rate', threshold: 0.05, windowMinutes: 5, minTurns: 5 },
];

export const OpsSettings = z.object({
  /** Transcripts older than this are deleted, and audit rows lose their visitor hash and conversation id. */
  transcriptRetentionHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(72),
  /** Anonymous audit rows are deleted after this many days. */
  auditRetentionDays: z.number().int().min(1).max(3650).default(90),
  alerts: z
    .object({
      /** https URL receiving signed alert notifications; the `ALERT_WEBHOOK_URL` secret when absent. */
      webhookUrl: z
        .url()
        .refine((u) => new URL(u).protocol === 'https:', 'an alert webhook must be an https URL')
        .optional(),
      rules: z.array(AlertRule).default(DEFAULT_ALERT_RULES),
    })
    .default({ rules: DEFAULT_ALERT_RULES }),
});
export type OpsSettings = z.infer<typeof OpsSettings>;

/** The body POSTed to an alert webhook; signed with HMAC-SHA256 in `x-parley-signature`. */
export const AlertNotification = z.object({
  site: z.string(),
  rule: z.string(),
  metric: AlertRule.shape.metric,
  state: z.enum(['firing', 'resolved']),
  value: z.number().nullable(),
  threshold: z.number(),
  windowMinutes: z.number(),
  turns: z.number().int(),
  at: z.number(),
});
export type AlertNotification = z.infer<typeof AlertNotification>;

/** One turn's audit row, as the admin API (`/admin/api/turns`) and its CSV export present it. */
export const AuditTurnRow = z.object({
  requestId: z.string(),
  at: z.number(),
  site: z.string(),
  visitorHash: z.string().nullable(),
  conversationId: z.string().nullable(),
  messageId: z.string().nullable(),
  intent: z.string().nullable(),
  tier: z.string(),
  provider: z.string(),
  model: z.string(),
  cached: z.boolean(),
  ttfdMs: z.number().nullable(),
  totalMs: z.number(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  tokensCached: z.number(),
  costUsd: z.number(),
  guardActions: z.array(z.string()),
  status: z.string(),
  finish: z.string().nullable(),
  errorCode: z.string().nullable(),
  /** The visitor's rating of the reply (latest wins), null when not rated. */
  feedback: z.enum(['up', 'down']).nullable(),
});
export type AuditTurnRow = z.infer<typeof AuditTurnRow>;

/** One entry of the append-only admin change log (`/admin/api/audit`). */
export const AdminChange = z.object({
  id: z.number(),
  at: z.number(),
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  siteKey: z.string().nullable(),
  target: z.string().nullable(),
  detail: z.unknown(),
});
export type AdminChange = z.infer<typeof AdminChange>;
