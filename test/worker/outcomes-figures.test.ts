/**
 * The outcome figures on a seeded set of 20 conversations with known outcomes, each played through the
 * real conversation objects on the fake clock (bot answers, idle closes, handoffs, agent replies and closes,
 * ratings), then read from `/metrics` and the admin API:
 *
 *   10 bot-only, closed idle: 4 rated 5, 2 rated 4, 1 rated 2, 1 with a reply rated down, 2 unrated
 *    6 handed off, first human reply after 1, 2, 3, 4, 5, 10 min, closed by the agent 10 min later;
 *      rated 5, 3, 1, 4 (two unrated)
 *    4 bot-only, still open
 *
 * So: handoff rate 6/20; resolution 8/16 (the 8 bot-only closed ones without a negative rating); CSAT 11
 * ratings, mean 43/11, 8/11 rated 4–5; first response p50 3 min, p90 10 min; time to close p50 13 min,
 * p90 20 min; 3 unanswered questions.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUnanswered } from '../../worker/audit/unanswered';
import type { Conversation } from '../../worker/conversation/conversation';
import { BOOT, bootEnv, tokenFor } from './admin-helpers';
import { call, conversations, realId, visitorPost } from './helpers';
import { ASK_FOR_PERSON, eventually, fakeClock, siteWithHours, stubOf } from './outcomes-helpers';
import { connect, isEnd, newConversation } from './ws-helpers';

const MIN = 60_000;
const T0 = Date.UTC(2026, 8, 14, 9, 0);
let clock: ReturnType<typeof fakeClock>;
let site = '';

async function botConversation() {
  const cid = newConversation();
  const s = await connect(cid, site);
  s.send({ type: 'message', id: 'q', text: 'payment options' });
  await s.next(isEnd('q'));
  return { cid, s };
}

async function idleClosed(score: number | null, ratedDown = false) {
  const { cid, s } = await botConversation();
  if (ratedDown) s.send({ type: 'feedback', messageId: 'q', rating: 'down' });
  await eventually(
    () => runInDurableObject(stubOf(cid, site), (o: Conversation) => o.alarms.deadlines()),
    (d) => d.idle !== undefined,
  );
  clock.advance(31 * MIN);
  await runDurableObjectAlarm(stubOf(cid, site));
  await s.next((f) => f.type === 'closed');
  if (score !== null) s.send({ type: 'csat', score });
  return cid;
}

async function handedOff(replyAfterMin: number, score: number | null) {
  const cid = newConversation();
  const s = await connect(cid, site);
  s.send({ type: 'message', id: 'ask', text: ASK_FOR_PERSON });
  await s.next((f) => f.type === 'handoff' && f.active);
  const call_ = { siteKey: site, conversationId: realId(cid) };
  clock.advance(replyAfterMin * MIN);
  await stubOf(cid, site).agentReply(call_, 'Hello, this is Ana.', 'Ana');
  clock.advance(10 * MIN);
  await stubOf(cid, site).close(call_, 'agent');
  await s.next((f) => f.type === 'closed');
  if (score !== null) {
    const c = conversations.get(cid);
    const res = await call(visitorPost('/v1/csat', { siteKey: site, conversationId: c?.id, conversationToken: c?.token, score }));
    expect(res.status).toBe(204);
  }
  s.ws.close();
  return cid;
}

interface Row {
  n: number;
  closed: number;
  rated: number;
  down: number;
  replied: number;
}

beforeAll(async () => {
  clock = fakeClock(T0);
  site = await siteWithHours({ timeZone: 'UTC', weekly: { mon: [['00:00', '24:00']] } }, { name: 'Outcome figures' });
  for (const score of [5, 5, 5, 5, 4, 4, 2, null, null]) await idleClosed(score);
  await idleClosed(null, true);
  for (const [after, score] of [
    [1, 5],
    [2, 3],
    [3, 1],
    [4, 4],
    [5, null],
    [10, null],
  ] as [number, number | null][])
    await handedOff(after, score);
  for (let i = 0; i < 4; i++) await botConversation();
  for (let i = 0; i < 3; i++) await recordUnanswered(env.DB, site, clock.now, `req-${i}`, 'Do you ship to Mars?');
  // The objects write their outcome rows in the background: wait until every one has landed.
  await eventually(
    () =>
      env.DB.prepare(
        `SELECT COUNT(*) AS n, COUNT(closed_at) AS closed, COUNT(csat) AS rated, SUM(rated_down) AS down,
           COUNT(first_agent_reply_at) AS replied FROM conversation_outcomes WHERE site = ?`,
      )
        .bind(site)
        .first<Row>(),
    (r) => r?.n === 20 && r.closed === 16 && r.rated === 11 && r.down === 1 && r.replied === 6,
  );
}, 120_000);

afterAll(() => clock.restore());

describe('outcome figures on a seeded set of conversations', () => {
  it('the admin API reports the exact rates, CSAT, waits and unanswered count', async () => {
    const auditor = await tokenFor('auditor', { sites: [site] });
    const res = await call(
      new Request(`http://parley.test/admin/api/outcomes?range=week`, { headers: { authorization: `Bearer ${auditor.token}` } }),
      bootEnv,
    );
    expect(res.status).toBe(200);
    const f = await res.json();
    expect(f).toMatchObject({
      site,
      conversations: 20,
      handedOff: 6,
      handoffRate: 0.3,
      closed: 16,
      closedByReason: { idle: 10, agent: 6 },
      resolved: 8,
      resolutionRate: 0.5,
      csat: { responses: 11, byScore: { '1': 1, '2': 1, '3': 1, '4': 3, '5': 5 }, mean: 43 / 11, satisfiedRate: 8 / 11 },
      firstResponseMs: { count: 6, p50: 3 * MIN, p90: 10 * MIN, sum: 25 * MIN },
      timeToCloseMs: { count: 6, p50: 13 * MIN, p90: 20 * MIN, sum: 85 * MIN },
      unanswered: 3,
    });
  });

  it('/metrics reports the same figures per site', async () => {
    const res = await call(new Request('http://parley.test/metrics', { headers: { authorization: `Bearer ${BOOT}` } }), bootEnv);
    expect(res.status).toBe(200);
    const lines = new Set((await res.text()).split('\n'));
    const l = `site="${site}"`;
    for (const line of [
      `parley_conversations_total{${l}} 20`,
      `parley_conversations_handed_off_total{${l}} 6`,
      `parley_conversations_resolved_total{${l}} 8`,
      `parley_conversations_closed_total{${l},reason="idle"} 10`,
      `parley_conversations_closed_total{${l},reason="agent"} 6`,
      `parley_handoff_ratio{${l}} 0.3`,
      `parley_resolution_ratio{${l}} 0.5`,
      `parley_csat_responses_total{${l},score="5"} 5`,
      `parley_csat_mean{${l}} ${43 / 11}`,
      `parley_csat_satisfied_ratio{${l}} ${8 / 11}`,
      `parley_agent_first_response_ms{${l},quantile="0.5"} ${3 * MIN}`,
      `parley_agent_first_response_ms{${l},quantile="0.9"} ${10 * MIN}`,
      `parley_agent_first_response_ms_count{${l}} 6`,
      `parley_time_to_close_ms{${l},quantile="0.5"} ${13 * MIN}`,
      `parley_time_to_close_ms{${l},quantile="0.9"} ${20 * MIN}`,
      `parley_unanswered_questions_total{${l}} 3`,
    ])
      expect(lines.has(line), line).toBe(true);
  });
});
