/** The cron trigger: evaluate alerts, then apply retention. Each part failing is logged and does not stop the other. */
import type { WorkerEnv } from '../env';
import { evaluateAlerts } from './alerts';
import { durableTranscripts } from './do-transcripts';
import { runRetention } from './privacy';

/** Everything the cron does at `now`. */
export async function runOps(env: WorkerEnv, now: number): Promise<void> {
  const log = (event: string, e: unknown) =>
    console.error(JSON.stringify({ level: 'error', event, name: e instanceof Error ? e.name : 'unknown' }));
  await evaluateAlerts({
    db: env.DB,
    fetch: (input, init) => fetch(input, init),
    now: () => now,
    defaultWebhookUrl: env.ALERT_WEBHOOK_URL,
    webhookSecret: env.ALERT_WEBHOOK_SECRET,
  }).catch((e: unknown) => log('alerts_failed', e));
  await runRetention(env.DB, durableTranscripts(env), now).catch((e: unknown) => log('retention_failed', e));
}

/** The Worker's `scheduled` handler. */
export const scheduled: ExportedHandlerScheduledHandler<WorkerEnv> = (controller, env, ctx) => {
  ctx.waitUntil(runOps(env, controller.scheduledTime));
};
