/**
 * The watched figures on the server (server/figure-watch.ts): a project's egress past its warning
 * threshold and a recommendation worth more than a person's amount reach the right people once, in
 * the console and in the outbox, from a job of their own and never from a request: a request made
 * after the hour has passed tells nobody, the job does. The recommendations are judged from the
 * stored usage rows, and what people are told matches what GET /v1/recommendations lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDATION_MIN_CENTS } from '../src/cloud/notifications';
import { MS_PER_DAY, MS_PER_HOUR } from '../src/domain/units';
import { figureWatch, type FigureWatch } from './figure-watch';
import { memoryLogger } from './log';
import { startTestServer, TEST_REAL_NOW, type ApiClient, type TestServer } from './testing/harness';
import { rollUp } from './usage-reconciler';

const ORG = 'org-lumen';
let server: TestServer;
let maya: ApiClient; // admin
let oskar: ApiClient; // finance
let ana: ApiClient; // engineer
let ines: ApiClient; // admin of the other organization
let watch: FigureWatch;

interface Notification {
  eventId: string;
  kind: string;
  title: string;
  link: string | null;
  projectId: string | null;
}
interface Meter {
  projectId: string;
  projectName: string;
  internetBytes: number;
  allowanceBytes: number;
  warning: string;
}
interface Recommendation {
  id: string;
  kind: string;
  status: string;
  monthlySavingsCents: number;
  podIds: string[];
  ownerIds: string[];
}

const notices = async (client: ApiClient, kind: string) => (await client.call<{ items: Notification[] }>('GET', '/v1/notifications?limit=200')).body.items.filter((n) => n.kind === kind);
const outbox = async (kind: string) => server.db.query<{ event_id: string; user_id: string | null; channel: string }>('SELECT event_id, user_id, channel FROM notification_outbox WHERE kind = $1 ORDER BY id', [kind]);
const advance = async (durationMs: number) => expect((await maya.call('POST', '/v1/simulation/advance', { durationMs })).status).toBe(200);

beforeAll(async () => {
  server = await startTestServer();
  [maya, oskar, ana, ines] = await Promise.all([server.signIn('maya@lumen.example'), server.signIn('oskar@lumen.example'), server.signIn('ana@lumen.example'), server.signIn('ines@orbit.example')]);
  watch = figureWatch({ db: server.db, log: memoryLogger(), intervalS: 0, realNow: () => TEST_REAL_NOW });
}, 120_000);
afterAll(async () => {
  await watch?.stop();
  await server?.close();
});

describe('the watched figures on the server', { timeout: 300_000 }, () => {
  it('checks nothing at the world’s anchor: a first visit computes nothing', async () => {
    expect(await watch.runOnce()).toEqual([]);
    expect((await server.db.query('SELECT org_id FROM figure_watch ORDER BY org_id')).map((r) => r.org_id)).toEqual(['org-lumen', 'org-orbit']);
  });

  it('tells a project’s people once that its egress passed its warning threshold, from the job and not from a request', async () => {
    const meters = (await maya.call<{ projects: Meter[] }>('GET', '/v1/egress/meter')).body.projects;
    const project = meters.find((m) => m.internetBytes > 0 && m.warning !== 'exhausted')!;
    expect(project, 'a project with some egress this month').toBeDefined();
    const percent = Math.max(1, Math.floor((project.internetBytes * 100) / project.allowanceBytes));
    expect((await maya.call('PUT', `/v1/egress/thresholds/${project.projectId}`, { warningThresholdPercent: percent })).status).toBe(200);

    await advance(MS_PER_HOUR);
    // A request after the hour runs the reconcile pass: it tells nobody of figures.
    expect((await maya.call('GET', '/v1/overview')).status).toBe(200);
    expect(await notices(maya, 'egress.threshold')).toEqual([]);

    const [check, ...others] = await watch.runOnce();
    expect(others.filter((c) => c.orgId === ORG)).toEqual([]);
    expect(check).toMatchObject({ orgId: ORG, egress: true, recommendations: false });
    expect(check!.told).toBeGreaterThan(0);

    const told = (await notices(maya, 'egress.threshold')).filter((n) => n.projectId === project.projectId);
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toMatch(new RegExp(`^${project.projectName} used \\d+ % of its free egress this month$`));
    expect(told[0]!.link).toBe(`/egress?project=${project.projectId}`);
    expect((await notices(oskar, 'egress.threshold')).filter((n) => n.projectId === project.projectId).map((n) => n.eventId)).toEqual(told.map((n) => n.eventId));
    // The e-mails are in the outbox with the notifications (one transaction), one per person.
    const mails = (await outbox('egress.threshold')).filter((r) => r.channel === 'email' && r.event_id === told[0]!.eventId);
    expect(new Set(mails.map((m) => m.user_id)).size).toBe(mails.length);
    expect(mails.map((m) => m.user_id)).toEqual(expect.arrayContaining(['u-maya', 'u-oskar']));
    // Ana is an engineer: she hears of it only if the project is hers.
    const projects = (await maya.call<{ items: Array<{ id: string; memberIds: string[] }> }>('GET', '/v1/projects')).body.items;
    const anasProject = projects.find((p) => p.id === project.projectId)!.memberIds.includes('u-ana');
    expect((await notices(ana, 'egress.threshold')).filter((n) => n.projectId === project.projectId).length).toBe(anasProject ? 1 : 0);
    // Her own projects' notices are hers; another project's never.
    const anas = new Set(projects.filter((p) => p.memberIds.includes('u-ana')).map((p) => p.id));
    expect((await notices(ana, 'egress.threshold')).every((n) => anas.has(n.projectId ?? ''))).toBe(true);
    // The other organization hears nothing.
    expect(await notices(ines, 'egress.threshold')).toEqual([]);

    // Nothing is due again within the hour; an hour later the meter is checked again and nobody is told twice.
    expect(await watch.runOnce()).toEqual([]);
    await advance(MS_PER_HOUR);
    const [again] = (await watch.runOnce()).filter((c) => c.orgId === ORG);
    expect(again).toMatchObject({ egress: true, told: 0 });
    const everyEvent = (await notices(maya, 'egress.threshold')).map((n) => n.eventId);
    expect(everyEvent).toHaveLength(new Set(everyEvent).size);
    expect(everyEvent).toContain(told[0]!.eventId);
  });

  it('tells of new recommendations worth more than each person’s amount, judged from the stored usage rows, once', async () => {
    // Oskar (finance) wants to hear of a million dollars a month or more only.
    expect((await oskar.call('PUT', '/v1/notification-preferences', { items: [{ kind: 'recommendation.saving', minMonthlySavingsCents: 100_000_000 }] })).status).toBe(200);
    await advance(MS_PER_DAY);
    expect((await maya.call('GET', '/v1/overview')).status).toBe(200);
    expect(await notices(maya, 'recommendation.saving')).toEqual([]);
    // The usage rollup catches up with the day (server/usage-reconciler.ts, as in the background).
    expect((await rollUp(server.db, ORG, Number.POSITIVE_INFINITY, { realNow: () => TEST_REAL_NOW })).complete).toBe(true);

    const [check] = (await watch.runOnce()).filter((c) => c.orgId === ORG);
    expect(check).toMatchObject({ recommendations: true, fromStoredRows: true });

    const open = (await maya.call<{ items: Recommendation[] }>('GET', '/v1/recommendations?limit=500')).body.items.filter((r) => r.status === 'open');
    const big = open.filter((r) => r.monthlySavingsCents >= DEFAULT_RECOMMENDATION_MIN_CENTS);
    expect(big.length, 'some open recommendation saves $100 a month or more').toBeGreaterThan(0);
    const mayaTold = await notices(maya, 'recommendation.saving');
    expect(mayaTold.map((n) => n.eventId).sort()).toEqual(big.map((r) => `recommendation:${r.id}`).sort());
    for (const r of big) {
      const n = mayaTold.find((x) => x.eventId === `recommendation:${r.id}`)!;
      expect(n.title).toMatch(/^Save \$[\d,]+\.\d{2} a month: /);
      expect(n.link).toBe(r.podIds.length === 1 ? `/pods/${r.podIds[0]}#recommendation-${r.id}` : `/recommendations?kind=${r.kind}#recommendation-${r.id}`);
    }
    // Ana hears of those on her pods only; Oskar of none (his amount is higher than any).
    expect((await notices(ana, 'recommendation.saving')).map((n) => n.eventId).sort()).toEqual(big.filter((r) => r.ownerIds.includes('u-ana')).map((r) => `recommendation:${r.id}`).sort());
    expect(await notices(oskar, 'recommendation.saving')).toEqual([]);
    expect(await notices(ines, 'recommendation.saving')).toEqual([]);

    // The next day finds the same ones: nobody is told twice.
    await advance(MS_PER_DAY);
    expect((await maya.call('GET', '/v1/overview')).status).toBe(200);
    const [next] = (await watch.runOnce()).filter((c) => c.orgId === ORG);
    expect(next).toMatchObject({ recommendations: true });
    const after = await notices(maya, 'recommendation.saving');
    expect(after.filter((n) => big.some((r) => n.eventId === `recommendation:${r.id}`))).toHaveLength(big.length);
  });

  it('judges a small organization without stored rows in process, and tells its people the same way', async () => {
    // Orbit has no usage rollup here: its 60-odd pods are judged in the job, as the simulator would.
    expect((await ines.call('POST', '/v1/simulation/advance', { durationMs: MS_PER_DAY })).status).toBe(200);
    expect((await ines.call('GET', '/v1/overview')).status).toBe(200);
    const [check] = (await watch.runOnce()).filter((c) => c.orgId === 'org-orbit');
    expect(check).toMatchObject({ recommendations: true, fromStoredRows: false });
    const open = (await ines.call<{ items: Recommendation[] }>('GET', '/v1/recommendations?limit=500')).body.items.filter((r) => r.status === 'open');
    const big = open.filter((r) => r.monthlySavingsCents >= DEFAULT_RECOMMENDATION_MIN_CENTS);
    expect(big.length, 'some open recommendation of Orbit saves $100 a month or more').toBeGreaterThan(0);
    expect((await notices(ines, 'recommendation.saving')).map((n) => n.eventId).sort()).toEqual(big.map((r) => `recommendation:${r.id}`).sort());
    // Lumen's people hear nothing of Orbit's.
    const lumen = (await notices(maya, 'recommendation.saving')).map((n) => n.eventId);
    expect(lumen.filter((id) => big.some((r) => id === `recommendation:${r.id}`))).toEqual([]);
  });
});
