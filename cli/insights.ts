/**
 * northlight waste, recommendations ls|apply, egress estimate|places, billing forecast.
 */
import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { egressCost, egressProjection, monthlyVolumes, parseVolumeBytes, VOLUME_UNITS, type VolumeUnit } from '../src/domain/egress';
import { flowCharge, INTERNET, jurisdictionCheck, type Destination, type EgressPlace } from '../src/domain/egress-flow';
import { CliError, EXIT, usageError, type Schemas } from './api';
import { choice, intOption, makeCtx, type Io } from './context';
import { fields, gpuHours, money, moneyChange, percent, table, time } from './format';
import { launch } from './pods';

type Figures = Schemas['UtilizationFigures'];
type Recommendation = Schemas['Recommendation'];

const RANGES = ['24h', '7d', '30d'] as const;
const SCOPES = ['organization', 'project', 'user', 'gpuType', 'region'] as const;
const BREAKDOWN_BY = ['project', 'user', 'gpuType', 'pod'] as const;
const REC_STATUSES = ['open', 'dismissed', 'snoozed'] as const;
const REC_KINDS = ['gpu-tier', 'mig-slice', 'fewer-gpus', 'auto-stop', 'commitment', 'region'] as const;

function wasteLines(f: Figures): Array<[string, string]> {
  return [
    ['GPU spend', money(f.spendCents)],
    ['Waste', `${money(f.wasteCents)} (${f.spendCents ? percent(f.wasteCents / f.spendCents) : '0.0%'} of GPU spend)`],
    ['  idle', `${money(f.waste.idle.cents)} (${gpuHours(f.waste.idle.gpuSeconds)})`],
    ['  under-used', `${money(f.waste.underUsed.cents)} (${gpuHours(f.waste.underUsed.gpuSeconds)})`],
    ['  oversized', `${money(f.waste.oversized.cents)} (${gpuHours(f.waste.oversized.gpuSeconds)})`],
    ['Productive', `${money(f.productive.cents)} (${gpuHours(f.productive.gpuSeconds)})`],
    ['Allocated', gpuHours(f.allocatedGpuSeconds)],
    ['Active', gpuHours(f.activeGpuSeconds)],
    ['Efficiency', percent(f.efficiency)],
  ];
}

interface WasteOptions {
  range: (typeof RANGES)[number];
  scope?: (typeof SCOPES)[number];
  scopeId?: string;
  by?: (typeof BREAKDOWN_BY)[number];
  limit: number;
}

export function wasteCommand(io: Io): Command {
  return new Command('waste')
    .description('GPU waste in dollars for a window: idle, under-used and oversized GPU time (the Utilization page\'s summary), or --by a breakdown')
    .option('--range <range>', `the window ending now: ${RANGES.join(', ')}`, choice(RANGES), '7d')
    .option('--scope <kind>', `${SCOPES.join(', ')} (default organization)`, choice(SCOPES))
    .option('--scope-id <id>', 'the project, user, GPU type or region of --scope')
    .option('--project <projectId>', 'shorthand for --scope project --scope-id <projectId>')
    .option('--by <dimension>', `a breakdown by ${BREAKDOWN_BY.join(', ')}, most waste first`, choice(BREAKDOWN_BY))
    .option('--limit <n>', 'breakdown rows (the rest summed as others)', intOption(1, 20000), 20)
    .action(async (o: WasteOptions & { project?: string }, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const scope = o.project ? 'project' : o.scope;
      const scopeId = o.project ?? o.scopeId;
      if (scope && scope !== 'organization' && !scopeId) throw usageError(`--scope ${scope} needs --scope-id`);
      const query = { range: o.range, ...(scope ? { scope } : {}), ...(scopeId ? { scopeId } : {}) };
      if (o.by) {
        const by = o.by;
        const { data } = await ctx.call((api) => api.GET('/v1/utilization/breakdown', { params: { query: { ...query, by, sort: 'waste', order: 'desc', limit: o.limit } } }));
        if (ctx.json) return ctx.printJson(data);
        const rows = [...data.rows.map((r) => ({ name: r.name, id: r.id, f: r.figures })), ...(data.others ? [{ name: `${data.others.rowCount} others`, id: '', f: data.others.figures }] : [])];
        ctx.out(`Waste by ${by}, ${data.scope.name}, ${time(data.window.from)} to ${time(data.window.to)}\n\n`);
        ctx.out(
          table([...rows, { name: 'Total', id: '', f: data.totals }], [
            { header: by.toUpperCase(), value: (r) => r.name },
            { header: 'ID', value: (r) => r.id },
            { header: 'GPU SPEND', value: (r) => money(r.f.spendCents), right: true },
            { header: 'WASTE', value: (r) => money(r.f.wasteCents), right: true },
            { header: 'IDLE', value: (r) => money(r.f.waste.idle.cents), right: true },
            { header: 'UNDER-USED', value: (r) => money(r.f.waste.underUsed.cents), right: true },
            { header: 'OVERSIZED', value: (r) => money(r.f.waste.oversized.cents), right: true },
            { header: 'EFFICIENCY', value: (r) => percent(r.f.efficiency), right: true },
          ]),
        );
        return;
      }
      const { data } = await ctx.call((api) => api.GET('/v1/utilization/summary', { params: { query } }));
      if (ctx.json) return ctx.printJson(data);
      ctx.out(`GPU waste, ${data.scope.name}, ${time(data.window.from)} to ${time(data.window.to)} (${data.podCount} pods)\n\n`);
      ctx.out(fields([...wasteLines(data.current), ['Change', `${moneyChange(data.change.wasteCents)} waste, ${moneyChange(data.change.spendCents)} spend vs the previous ${data.window.range ?? 'window'}`]]));
    });
}

function recommendationText(r: Recommendation): string {
  const change =
    r.kind === 'mig-slice'
      ? `1× ${r.from.gpuTypeId} in ${r.from.regionId} → a ${r.to.migProfile ?? '-'} slice of it`
      : r.kind === 'gpu-tier' || r.kind === 'fewer-gpus' || r.kind === 'region'
        ? `${r.from.gpuCount}× ${r.from.gpuTypeId} in ${r.from.regionId} → ${r.to.gpuCount}× ${r.to.gpuTypeId} in ${r.to.regionId}`
      : r.kind === 'auto-stop'
        ? `auto-stop after ${r.to.autoStopIdleMinutes ?? '-'} min idle`
        : `${r.from.pricing} → ${r.to.pricing}`;
  return change;
}

function actionText(r: Recommendation): string {
  const a = r.action;
  if (a.type === 'patch') return `change ${a.podId} in place: ${Object.entries(a.patch).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`;
  if (a.type === 'launch') return `launch ${a.launch.name} (${a.launch.migProfile ? `a ${a.launch.migProfile} slice of ${a.launch.gpuTypeId}` : `${a.launch.gpuCount}× ${a.launch.gpuTypeId}`} in ${a.launch.regionId}), which stops ${a.launch.replacesPodId} once it runs`;
  return 'nothing to apply here: agreed with the provider';
}

export function recommendationsCommand(io: Io): Command {
  const recs = new Command('recommendations').alias('recs').description('savings with their evidence: cheaper GPU tiers, fewer GPUs, auto-stop, regions, commitments');

  recs
    .command('ls')
    .alias('list')
    .description('recommendations, biggest monthly savings first (each pod\'s savings counted once)')
    .option('--status <status>', REC_STATUSES.join(', '), choice(REC_STATUSES))
    .option('--kind <kind>', REC_KINDS.join(', '), choice(REC_KINDS))
    .option('--project <projectId>', 'only this project')
    .option('--owner <userId>', 'only this owner\'s pods')
    .option('--pod <podId>', 'only this pod')
    .option('--limit <n>', 'how many (1-500)', intOption(1, 500), 50)
    .action(async (o: { status?: (typeof REC_STATUSES)[number]; kind?: (typeof REC_KINDS)[number]; project?: string; owner?: string; pod?: string; limit: number }, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const query = {
        ...(o.status ? { status: o.status } : {}),
        ...(o.kind ? { kind: o.kind } : {}),
        ...(o.project ? { projectId: o.project } : {}),
        ...(o.owner ? { ownerId: o.owner } : {}),
        ...(o.pod ? { podId: o.pod } : {}),
        limit: o.limit,
      };
      const { data } = await ctx.call((api) => api.GET('/v1/recommendations', { params: { query } }));
      if (ctx.json) return ctx.printJson(data);
      if (data.items.length === 0) {
        ctx.out(`No ${o.status ?? 'open'} recommendations${data.podsAwaitingData ? ` (${data.podsAwaitingData} running pods have too little telemetry yet)` : ''}.\n`);
        return;
      }
      ctx.out(
        table(data.items, [
          { header: 'ID', value: (r) => r.id },
          { header: 'KIND', value: (r) => r.kind },
          { header: 'PODS', value: (r) => r.podNames.slice(0, 3).join(', ') + (r.podNames.length > 3 ? ` +${r.podNames.length - 3}` : '') },
          { header: 'CHANGE', value: recommendationText },
          { header: 'NOW/MO', value: (r) => money(r.currentMonthlyCostCents), right: true },
          { header: 'SAVES/MO', value: (r) => money(r.monthlySavingsCents), right: true },
          { header: 'CONFIDENCE', value: (r) => `${r.confidence.level} (${r.confidence.daysObserved} d)` },
        ]),
      );
      ctx.out(`\n${data.items.length} of ${data.total}; together they save ${money(data.totalMonthlySavingsCents)} a month\n`);
    });

  recs
    .command('apply')
    .description('apply a recommendation: change the pod in place, or launch its replacement (which stops the old pod once it runs)')
    .argument('<id>', 'recommendation id (from recommendations ls)')
    .option('--dry-run', 'say what it would do, and do nothing')
    .option('--idempotency-key <key>', 'for a replacement launch: the key of this intent (default: a new UUID, printed on stderr)', (v: string) => {
      if (v.length < 1 || v.length > 255) throw new InvalidArgumentError('1 to 255 characters');
      return v;
    })
    .action(async (id: string, o: { dryRun?: boolean; idempotencyKey?: string }, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const { data: rec } = await ctx.call((api) => api.GET('/v1/recommendations/{recommendationId}', { params: { path: { recommendationId: id } } }));
      const action = rec.action;
      if (action.type === 'manual') throw new CliError(EXIT.api, `${rec.id} (${rec.kind}) is not applied from here: it is agreed with the provider`);
      if (rec.status !== 'open') ctx.err(`note: ${rec.id} is ${rec.status}\n`);
      if (o.dryRun) {
        if (ctx.json) return ctx.printJson({ recommendation: rec.id, action, dryRun: true });
        ctx.out(`Would ${actionText(rec)}; saves ${money(rec.monthlySavingsCents)} a month. Nothing done (--dry-run).\n`);
        return;
      }
      if (action.type === 'patch') {
        const { data } = await ctx.call((api) => api.PATCH('/v1/pods/{podId}', { params: { path: { podId: action.podId } }, body: action.patch }));
        if (ctx.json) return ctx.printJson(data);
        ctx.out(`Applied ${rec.id}: ${actionText(rec)}. ${data.name} is ${data.status}; saves ${money(rec.monthlySavingsCents)} a month.\n`);
        return;
      }
      const { launch: l } = action;
      await launch(
        ctx,
        { name: l.name, projectId: l.projectId, gpuTypeId: l.gpuTypeId, gpuCount: l.gpuCount, ...(l.migProfile ? { migProfile: l.migProfile } : {}), regionId: l.regionId, imageId: l.imageId, diskGb: l.diskGb, autoStopIdleMinutes: l.autoStopIdleMinutes, sshPublicKey: l.sshPublicKey, replacesPodId: l.replacesPodId },
        o.idempotencyKey ?? randomUUID(),
      );
    });

  return recs;
}

interface EstimateOptions {
  from: string;
  to: string;
  volume: string;
  unit: VolumeUnit;
  monthly?: boolean;
  growth: number;
  months: number;
}

function findPlace(places: readonly EgressPlace[], id: string, flag: string): EgressPlace {
  const place = places.find((p) => p.id === id) ?? places.filter((p) => p.code === id || p.id.endsWith(`:${id}`))[0];
  if (!place) throw usageError(`${flag} ${id} is not a place of the price book (northlight egress places lists them)`);
  return place;
}

export function egressCommand(io: Io): Command {
  const egress = new Command('egress').description('what moving data costs, before it happens');

  egress
    .command('places')
    .description('the places data moves between (ids for egress estimate --from and --to)')
    .option('--provider <providerId>', 'northlight, aws, gcp, azure, oci, on-premises')
    .action(async (o: { provider?: string }, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const { data } = await ctx.call((api) => api.GET('/v1/egress/schedules'));
      const places = data.places.filter((p) => !o.provider || p.providerId === o.provider);
      if (ctx.json) return ctx.printJson(places);
      ctx.out(
        table(places, [
          { header: 'ID', value: (p) => p.id },
          { header: 'PROVIDER', value: (p) => p.provider },
          { header: 'NAME', value: (p) => p.name },
          { header: 'JURISDICTION', value: (p) => p.jurisdiction },
        ]),
      );
    });

  egress
    .command('estimate')
    .description("what sending a volume costs under the provider's published schedule (the Egress page's estimator)")
    .requiredOption('--from <place>', 'where the data is (a place id, e.g. northlight:ca-mtl-1 or aws:us-east-1)')
    .option('--to <place>', 'where it goes: a place id, or "internet"', 'internet')
    .requiredOption('--volume <amount>', 'how much, e.g. 50 or 1.5')
    .option('--unit <unit>', VOLUME_UNITS.join(', '), choice(VOLUME_UNITS), 'TB')
    .option('--monthly', 'every month (default: one time)')
    .option('--growth <percent>', 'monthly growth with --monthly, in percent (e.g. 2.5)', (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || n > 1000) throw new InvalidArgumentError('a percentage from 0 to 1000');
      return Math.round(n * 100);
    }, 0)
    .option('--months <n>', 'months to project', intOption(1, 36), 12)
    .action(async (o: EstimateOptions, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const volumeBytes = parseVolumeBytes(o.volume, o.unit);
      if (volumeBytes === null) throw usageError(`--volume ${o.volume} is not a non-negative number`);
      const { data: book } = await ctx.call((api) => api.GET('/v1/egress/schedules'));
      const from = findPlace(book.places, o.from, '--from');
      const to: Destination = o.to === INTERNET ? INTERNET : findPlace(book.places, o.to, '--to');
      const charge = flowCharge(from, to, book.schedules);
      const schedule = charge.kind === 'schedule' ? book.schedules.find((s) => s.id === charge.scheduleId) ?? null : null;
      const volumes = monthlyVolumes(volumeBytes, o.monthly ? 'monthly' : 'one-time', o.growth, o.months);
      const first = schedule ? egressCost(schedule, volumeBytes) : null;
      const projection = schedule ? egressProjection(schedule, volumes) : null;
      const jurisdiction = jurisdictionCheck(from, to);
      const result = {
        from: from.id,
        to: to === INTERNET ? INTERNET : to.id,
        volumeBytes: volumeBytes.toString(),
        cadence: o.monthly ? 'monthly' : 'one-time',
        charge,
        scheduleId: schedule?.id ?? null,
        costCents: first?.costCents ?? 0,
        unpricedBytes: (first?.unpricedBytes ?? 0n).toString(),
        lines: (first?.lines ?? []).map((l) => ({ ...l, bytes: l.bytes.toString() })),
        months: (projection?.months ?? volumes.map(() => ({ costCents: 0 }))).map((m, i) => ({ month: i + 1, volumeBytes: (volumes[i] ?? 0n).toString(), costCents: m.costCents })),
        totalCents: projection?.totalCents ?? 0,
        jurisdiction,
        priceBookAsOf: book.asOf,
      };
      if (ctx.json) return ctx.printJson(result);
      const where = `${from.name} (${from.provider}) → ${to === INTERNET ? 'the internet' : `${to.name} (${to.provider})`}`;
      const pairs: Array<[string, string]> = [
        ['Path', where],
        ['Volume', `${o.volume} ${o.unit}${o.monthly ? ` a month${o.growth ? `, growing ${o.growth / 100}% a month` : ''}` : ', one time'}`],
      ];
      if (charge.kind === 'free') pairs.push(['Cost', `free (${charge.why === 'ingress' ? 'ingress is free' : 'traffic within a region is free'})`]);
      else if (!schedule) pairs.push(['Cost', 'no list price for this path in the price book']);
      else {
        pairs.push(['Schedule', `${schedule.provider}: ${schedule.path} (billed in ${schedule.unit})`], ['First month', money(first!.costCents)]);
        if (first!.unpricedBytes > 0n) pairs.push(['Above list prices', 'part of the volume is above the last published tier (contact the provider)']);
        if (o.monthly) pairs.push([`${o.months} months`, money(projection!.totalCents)]);
      }
      pairs.push([
        'Jurisdiction',
        jurisdiction.kind === 'stays' ? `stays in ${jurisdiction.jurisdiction}` : jurisdiction.kind === 'anywhere' ? `leaves ${jurisdiction.from} (the internet reaches any country)` : `leaves ${jurisdiction.from} for ${jurisdiction.to}${jurisdiction.within ? ` (stays in ${jurisdiction.within})` : ''}`,
      ]);
      pairs.push(['Prices as of', book.asOf]);
      ctx.out(fields(pairs));
      if (first) {
        const reached = first.lines.filter((l) => l.bytes > 0n);
        if (reached.length) {
          ctx.out('\n' + table(reached, [
            { header: `TIER (${schedule!.unit})`, value: (l) => `${l.fromUnits.toLocaleString('en-US')}–${l.toUnits === null ? '' : l.toUnits.toLocaleString('en-US')}` },
            { header: 'KIND', value: (l) => l.kind },
            { header: 'COST', value: (l) => (l.kind === 'unpriced' ? '-' : money(l.costCents)), right: true },
          ]));
        }
      }
    });

  return egress;
}

export function billingCommand(io: Io): Command {
  const billing = new Command('billing').description('spend and forecasts');
  billing
    .command('forecast')
    .description("this month's spend so far and its month-end forecast with its range, method and budget")
    .option('--project <projectId>', 'one project (default: every project you can see)')
    .action(async (o: { project?: string }, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const { data } = await ctx.call((api) => api.GET('/v1/billing/summary', { params: { query: o.project ? { projectId: o.project } : {} } }));
      if (ctx.json) return ctx.printJson(data);
      const f = data.forecast;
      const m = data.monthToDate;
      const pairs: Array<[string, string]> = [
        ['Scope', data.scopeName],
        ['Month', `${data.monthStart} to ${data.monthEnd}`],
        ['Month to date', `${money(m.totalCents)} (GPU ${money(m.gpuCents)}, disk ${money(m.diskCents)}, egress ${money(m.egressCents)})`],
        ['Forecast', `${money(f.monthEndCents)} (range ${money(f.lowCents)} to ${money(f.highCents)})`],
        ['Run rate', `${money(f.runRateCentsPerDay)}/day now; ${money(f.recentAverageCentsPerDay)}/day over the last 7 days`],
        ['Method', f.method],
        ['Last month', `${money(data.lastMonth.totalCents)} (${data.lastMonth.month}; ${money(data.lastMonth.sameDaysCents)} by this day)`],
      ];
      if (data.budget) {
        const b = data.budget;
        pairs.push([
          'Budget',
          `${money(b.amountCents)}: ${percent(b.status.percentUsed / 100, 0)} used, ${b.status.health}${b.status.runOutAt ? `, runs out ${time(b.status.runOutAt)}` : ''}${b.status.launchesBlocked ? '; launches blocked' : ''}`,
        ]);
      }
      pairs.push(['As of', time(data.asOf)]);
      ctx.out(fields(pairs));
    });
  return billing;
}
