/**
 * Notifications that watch figures (cloud/notify-reconcile.ts): a project's egress past its warning
 * threshold, told once an hour is checked, to admins, finance and that project's engineers; a new
 * recommendation worth more than a person's amount a month, checked daily, to admins, finance and
 * the pods' owners, each by their own amount; a launch that fails while provisioning (an injected
 * fault), told to its owner when it happens. Through the contract-checked test API.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client';
import { resetTestCloud, testCloud } from '../testing/server';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import { DEFAULT_RECOMMENDATION_MIN_CENTS } from './notifications';

const api = createApiClient('http://localhost/api');
const state = () => testCloud().context.state;
const told = (kind: string) => (state().notifications ?? []).filter((n) => n.kind === kind);

beforeEach(() => resetTestCloud());

describe('notifications of figures crossing a line', { timeout: 60_000 }, () => {
  it('tells a project’s people once that its egress passed its warning threshold, and no one outside it', async () => {
    // Nothing is checked before an hour has passed: a first visit computes nothing.
    await api.GET('/v1/overview');
    expect(told('egress.threshold')).toEqual([]);
    const meters = (await api.GET('/v1/egress/meter')).data!.projects;
    const project = meters.find((m) => m.internetBytes > 0 && m.warning !== 'exhausted')!;
    expect(project, 'a project with some egress this month').toBeDefined();
    const percent = Math.max(1, Math.floor((project.internetBytes * 100) / project.allowanceBytes));
    expect((await api.PUT('/v1/egress/thresholds/{projectId}', { params: { path: { projectId: project.projectId } }, body: { warningThresholdPercent: percent } })).response.status).toBe(200);

    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_HOUR } });
    await api.GET('/v1/overview');
    const s = state();
    const members = new Set(s.projects.find((p) => p.id === project.projectId)!.memberIds);
    const expected = s.users.filter((u) => u.role !== 'engineer' || members.has(u.id)).map((u) => u.id).sort();
    const first = told('egress.threshold').filter((n) => n.projectId === project.projectId);
    expect(first.map((n) => n.userId).sort()).toEqual(expected);
    expect(first[0]!.title).toMatch(new RegExp(`^${project.projectName} used \\d+ % of its free egress this month$`));
    expect(first[0]!.link).toBe(`/egress?project=${project.projectId}`);
    // An engineer of another project hears nothing of it.
    const outsider = s.users.find((u) => u.role === 'engineer' && !members.has(u.id));
    if (outsider) expect(first.some((n) => n.userId === outsider.id)).toBe(false);

    // Checked again an hour later: still past the line, told once.
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_HOUR } });
    await api.GET('/v1/overview');
    expect(told('egress.threshold').filter((n) => n.projectId === project.projectId && n.eventId.endsWith(':reached'))).toHaveLength(expected.length);
  });

  it('tells admins, finance and the owners of a new recommendation worth more than their amount a month, once, with its link', async () => {
    // Oskar (finance) wants to hear of a million dollars a month or more only.
    await api.POST('/v1/simulation/act-as', { body: { userId: 'u-oskar' } });
    expect((await api.PUT('/v1/notification-preferences', { body: { items: [{ kind: 'recommendation.saving', minMonthlySavingsCents: 100_000_000 }] } })).response.status).toBe(200);
    await api.POST('/v1/simulation/act-as', { body: { userId: 'u-maya' } });
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_DAY } });
    await api.GET('/v1/overview');
    const open = (await api.GET('/v1/recommendations', { params: { query: { limit: 200 } } })).data!.items.filter((r) => r.status === 'open');
    const big = open.filter((r) => r.monthlySavingsCents >= DEFAULT_RECOMMENDATION_MIN_CENTS);
    expect(big.length, 'some open recommendation saves $100 a month or more').toBeGreaterThan(0);
    const notes = told('recommendation.saving');
    const s = state();
    for (const r of big) {
      const about = notes.filter((n) => n.eventId === `recommendation:${r.id}`);
      const expected = s.users.filter((u) => u.id !== 'u-oskar' && (u.role !== 'engineer' || r.ownerIds.includes(u.id))).map((u) => u.id).sort();
      expect(about.map((n) => n.userId).sort(), r.id).toEqual(expected);
      expect(about[0]!.title).toMatch(/^Save \$[\d,]+\.\d{2} a month: /);
      expect(about[0]!.link).toBe(r.podIds.length === 1 ? `/pods/${r.podIds[0]}#recommendation-${r.id}` : `/recommendations?kind=${r.kind}#recommendation-${r.id}`);
    }
    // Smaller ones are not worth a message.
    for (const r of open.filter((x) => x.monthlySavingsCents < DEFAULT_RECOMMENDATION_MIN_CENTS)) expect(notes.some((n) => n.eventId === `recommendation:${r.id}`)).toBe(false);

    // The next day's check finds the same recommendations: nobody is told twice.
    const before = notes.length;
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_DAY } });
    await api.GET('/v1/overview');
    const again = told('recommendation.saving');
    expect(again.filter((n) => big.some((r) => n.eventId === `recommendation:${r.id}`))).toHaveLength(before);
  });
});

describe('a launch that fails while provisioning', { timeout: 60_000 }, () => {
  const launch = (name: string) =>
    api.POST('/v1/pods', {
      body: { name, projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf ana@laptop' },
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
    });

  it('ends failed where it would have run, and its owner alone is told when it happens; the next launch runs', async () => {
    expect((await api.POST('/v1/simulation/provisioning-faults', { body: { failNextLaunches: 1 } })).data).toEqual({ failNextLaunches: 1 });
    await api.POST('/v1/simulation/act-as', { body: { userId: 'u-ana' } });
    const failing = (await launch('pulls-no-image')).data!;
    expect(failing.status).toBe('queued');
    // Not yet failed, not yet told.
    expect(told('pod.launch-failed')).toEqual([]);

    await api.POST('/v1/simulation/advance', { body: { durationMs: 2 * 60_000 } });
    await api.GET('/v1/overview');
    const pod = (await api.GET('/v1/pods/{podId}', { params: { path: { podId: failing.id } } })).data!;
    expect(pod.status).toBe('failed');
    expect(pod.events.map((e) => e.status)).toEqual(['queued', 'provisioning', 'failed']);
    expect(pod.events.at(-1)!.reason).toMatch(/^The container did not start: its image could not be pulled/);
    const notes = told('pod.launch-failed');
    expect(notes.map((n) => n.userId)).toEqual(['u-ana']);
    expect(notes[0]).toMatchObject({ title: 'pulls-no-image failed to start', link: `/pods/${failing.id}`, eventId: `launch-failed:${failing.id}:${Date.parse(pod.events.at(-1)!.at)}` });

    // The fault was for one launch: the next one runs, and nobody is told again.
    const next = (await launch('pulls-its-image')).data!;
    await api.POST('/v1/simulation/advance', { body: { durationMs: 2 * 60_000 } });
    await api.GET('/v1/overview');
    expect((await api.GET('/v1/pods/{podId}', { params: { path: { podId: next.id } } })).data!.status).toBe('running');
    expect(told('pod.launch-failed')).toHaveLength(1);
    expect((await api.POST('/v1/simulation/provisioning-faults', { body: { failNextLaunches: 21 } })).response.status).toBe(400);
  });
});
