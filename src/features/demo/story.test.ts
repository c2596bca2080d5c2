/** Which recommendation the guided story applies, and how it names it. */
import { describe, expect, it } from 'vitest';
import type { components } from '../../api/schema';
import { forecastDropCents, storyRecommendation, storyRecommendationTitle } from './story';

type Recommendation = components['schemas']['Recommendation'];

function rec(id: string, monthlySavingsCents: number, action: Recommendation['action'], extra: Partial<Recommendation> = {}): Recommendation {
  return { id, status: 'open', monthlySavingsCents, action, podNames: [`pod-${id}`], from: { gpuCount: 8 }, ...extra } as Recommendation;
}

describe('the story’s recommendation', () => {
  const fewer = rec('fewer', 50_000, { type: 'patch', podId: 'p1', patch: { gpuCount: 1 } });
  const autoStop = rec('auto', 90_000, { type: 'patch', podId: 'p2', patch: { autoStopIdleMinutes: 60 } });
  const tier = rec('tier', 500_000, { type: 'launch', launch: {} as never });
  const commitment = rec('commit', 700_000, { type: 'manual' });

  it('is a change made in place, one that saves at once (fewer GPUs) before a bigger one that saves later (auto-stop)', () => {
    expect(storyRecommendation([tier, autoStop, commitment, fewer])?.id).toBe('fewer');
    expect(storyRecommendation([fewer, rec('fewer-big', 80_000, { type: 'patch', podId: 'p3', patch: { gpuCount: 2 } })])?.id).toBe('fewer-big');
  });

  it('falls back to the biggest in-place change, and to none when only launches and commitments are open', () => {
    expect(storyRecommendation([tier, autoStop, rec('auto-small', 10, { type: 'patch', podId: 'p4', patch: { autoStopIdleMinutes: 30 } })])?.id).toBe('auto');
    expect(storyRecommendation([tier, commitment])).toBeNull();
    expect(storyRecommendation([{ ...fewer, status: 'dismissed' }])).toBeNull();
  });

  it('is named in a user’s words', () => {
    expect(storyRecommendationTitle(fewer)).toBe('Run pod-fewer on 1 GPU instead of 8');
    expect(storyRecommendationTitle(rec('two', 1, { type: 'patch', podId: 'p', patch: { gpuCount: 2 } }))).toBe('Run pod-two on 2 GPUs instead of 8');
    expect(storyRecommendationTitle(autoStop)).toBe('Stop pod-auto after 60 idle minutes');
  });

  it('lowers the forecast by the difference', () => {
    expect(forecastDropCents(12_000_00, 11_000_00)).toBe(1_000_00);
    expect(forecastDropCents(100, 150)).toBe(-50);
  });
});
