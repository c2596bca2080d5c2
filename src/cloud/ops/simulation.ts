/** The simulator's own controls: its clock, its scenario and reset, and acting as another user (demo only). */
import type { CloudContext } from '../context';
import { ok, type Route } from '../http';
import { badRequest, notFound } from '../problem';
import type { Preset, ScenarioId } from '../model';
import { SCENARIO_IDS, SCENARIOS, scenarioWorld } from '../scenarios';
import { sessionOf } from './session';
import type { Schemas } from '../api-types';

export function simulationOf(ctx: CloudContext): Schemas['Simulation'] {
  return {
    now: new Date(ctx.now()).toISOString(),
    anchor: new Date(ctx.state.anchorMs).toISOString(),
    seed: ctx.state.seed,
    preset: ctx.state.preset,
    scenario: ctx.state.scenario ?? 'default',
    scenarios: SCENARIOS.map((s) => ({ id: s.id, name: s.name, description: s.description, organizationName: s.params.organization.name, highlights: [...s.highlights] })),
  };
}

function body(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

export const simulationRoutes: Route[] = [
  { method: 'GET', path: '/v1/simulation', handler: (ctx) => ok(simulationOf(ctx)) },
  {
    method: 'POST',
    path: '/v1/simulation/reset',
    handler: (ctx, input) => {
      const preset = body(input.body).preset ?? ctx.state.preset;
      if (preset !== 'default' && preset !== 'large') throw badRequest('Unknown preset.', [{ field: 'preset', message: 'Choose “default” or “large”.' }]);
      const current = ctx.state.scenario ?? 'default';
      const scenario = body(input.body).scenario ?? current;
      if (typeof scenario !== 'string' || !(SCENARIO_IDS as readonly string[]).includes(scenario)) {
        throw badRequest('Unknown scenario.', [{ field: 'scenario', message: `Choose one of ${SCENARIO_IDS.join(', ')}.` }]);
      }
      // Resetting the same scenario keeps the world's seed (a test's world stays its own); another scenario brings its own.
      const seed = scenario === current ? ctx.state.seed : undefined;
      const next = scenarioWorld(scenario as ScenarioId, { preset: preset as Preset, realNowMs: ctx.realNow(), ...(seed === undefined ? {} : { seed }) });
      // People's API tokens and SSH keys are theirs, not the simulated world's, and the audit log is
      // the record of what was done: a reset keeps them (a token whose owner the new world lacks acts no more).
      const { apiTokens, sshKeys, auditLog } = ctx.state;
      ctx.replaceState({ ...next, ...(apiTokens ? { apiTokens } : {}), ...(sshKeys ? { sshKeys } : {}), ...(auditLog ? { auditLog } : {}) });
      return ok(simulationOf(ctx));
    },
  },
  {
    method: 'POST',
    path: '/v1/simulation/advance',
    handler: (ctx, input) => {
      const durationMs = body(input.body).durationMs;
      if (typeof durationMs !== 'number' || !Number.isInteger(durationMs) || durationMs < 0 || durationMs > 31_536_000_000) {
        throw badRequest('The clock moves forward by a whole number of milliseconds, up to a year.', [{ field: 'durationMs', message: 'Must be a whole number of milliseconds from 0 to one year.' }]);
      }
      ctx.state.clock.offsetMs += durationMs;
      ctx.save();
      return ok(simulationOf(ctx));
    },
  },
  {
    method: 'POST',
    path: '/v1/simulation/provisioning-faults',
    handler: (ctx, input) => {
      const n = body(input.body).failNextLaunches;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 20) {
        throw badRequest('Choose how many of the next launches fail, from 0 to 20.', [{ field: 'failNextLaunches', message: 'A whole number from 0 to 20.' }]);
      }
      if (n === 0) delete ctx.state.provisioningFaults;
      else ctx.state.provisioningFaults = n;
      ctx.save();
      return ok({ failNextLaunches: n });
    },
  },
  {
    method: 'POST',
    path: '/v1/simulation/act-as',
    handler: (ctx, input) => {
      const userId = body(input.body).userId;
      const user = ctx.state.users.find((u) => u.id === userId);
      if (typeof userId !== 'string' || !user) throw notFound('User', String(userId));
      ctx.state.currentUserId = user.id;
      ctx.save();
      return ok(sessionOf(ctx));
    },
  },
];
