/**
 * northlight pods ls|get|launch|stop|start|terminate|ssh.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { CliError, EXIT, usageError, type Schemas } from './api';
import { choice, intOption, makeCtx, type Ctx, type Io } from './context';
import { fields, money, ratePerHour, table, time } from './format';

type Pod = Schemas['Pod'];
type PodDetail = Schemas['PodDetail'];
type PodStatus = Schemas['PodStatus'];

const STATUSES: readonly PodStatus[] = ['queued', 'provisioning', 'running', 'stopping', 'stopped', 'terminating', 'terminated', 'failed'];
const SORTS = ['createdAt', 'name', 'status', 'costToDate', 'gpuCount'] as const;
/** --all follows the cursor at most this many pages (500 pods each). */
const MAX_PAGES = 200;

export function podRows(pods: readonly Pod[]): string {
  return table(pods, [
    { header: 'ID', value: (p) => p.id },
    { header: 'NAME', value: (p) => p.name },
    { header: 'STATUS', value: (p) => p.status },
    { header: 'GPUS', value: (p) => `${p.gpuCount}× ${p.gpuTypeId}` },
    { header: 'REGION', value: (p) => p.regionId },
    { header: 'PROJECT', value: (p) => p.projectId },
    { header: 'OWNER', value: (p) => p.ownerId },
    { header: 'GPU RATE', value: (p) => ratePerHour(p.gpuRateMicroUsdPerHour), right: true },
    { header: 'COST TO DATE', value: (p) => money(p.costToDateCents), right: true },
    { header: 'GPU UTIL', value: (p) => (p.gpuUtilPercent === null ? '-' : `${Math.round(p.gpuUtilPercent)}%`), right: true },
    { header: 'CREATED', value: (p) => time(p.createdAt) },
  ]);
}

export function podDetailText(p: PodDetail): string {
  const pairs: Array<[string, string]> = [
    ['ID', p.id],
    ['Name', p.name],
    ['Status', `${p.status} since ${time(p.statusChangedAt)}`],
    ['Project', p.projectId],
    ['Owner', p.ownerId],
    ['GPUs', `${p.gpuCount}× ${p.gpuTypeId} in ${p.regionId}`],
    ['Image', p.imageId],
    ['Disk', `${p.diskGb} GB`],
    ['GPU rate', ratePerHour(p.gpuRateMicroUsdPerHour)],
    ['Disk rate', ratePerHour(p.diskRateMicroUsdPerHour)],
    ['Cost to date', money(p.costToDateCents)],
    ['GPU util', p.gpuUtilPercent === null ? '-' : `${Math.round(p.gpuUtilPercent)}%`],
    ['Auto-stop', p.autoStopIdleMinutes === null ? 'off' : `after ${p.autoStopIdleMinutes} min idle`],
    ['Created', time(p.createdAt)],
  ];
  if (p.autoStop) {
    pairs.push(['Idle since', time(p.autoStop.idleSince)], ['Stops at', time(p.autoStop.stopsAt)], ['Stopping saves', `${money(p.autoStop.savesCentsPerDay)}/day`]);
  }
  if (p.connect) {
    pairs.push(['SSH', sshCommand(p.connect).map(shellQuote).join(' ')]);
    if (p.connect.jupyterUrl) pairs.push(['Jupyter', p.connect.jupyterUrl]);
    if (p.connect.vscodeUrl) pairs.push(['VS Code', p.connect.vscodeUrl]);
  }
  let text = fields(pairs);
  const events = p.events.slice(-10);
  if (events.length) {
    text += '\nEvents (latest last):\n' + table(events, [
      { header: 'AT', value: (e) => time(e.at) },
      { header: 'STATUS', value: (e) => e.status },
      { header: 'REASON', value: (e) => e.reason },
    ]);
  }
  return text;
}

/** Host and user come from the server: only plain names reach ssh's command line (no "-oProxyCommand=…"). */
export function sshCommand(connect: Schemas['PodConnect']): string[] {
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(connect.sshHost)) throw new CliError(EXIT.api, `the API gave an SSH host that is not a host name: ${JSON.stringify(connect.sshHost.slice(0, 100))}`);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(connect.sshUser)) throw new CliError(EXIT.api, `the API gave an SSH user that is not a user name: ${JSON.stringify(connect.sshUser.slice(0, 100))}`);
  if (!Number.isInteger(connect.sshPort) || connect.sshPort < 1 || connect.sshPort > 65535) throw new CliError(EXIT.api, `the API gave an invalid SSH port: ${connect.sshPort}`);
  return ['ssh', '-p', String(connect.sshPort), `${connect.sshUser}@${connect.sshHost}`];
}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A pod by id or, failing that, by its name (not terminated) among the pods the token sees. */
export async function findPod(ctx: Ctx, idOrName: string): Promise<PodDetail> {
  try {
    return (await ctx.call((api) => api.GET('/v1/pods/{podId}', { params: { path: { podId: idOrName } } }))).data;
  } catch (e) {
    if (!(e instanceof CliError) || e.exitCode !== EXIT.notFound) throw e;
    const { data } = await ctx.call((api) => api.GET('/v1/pods', { params: { query: { q: idOrName, limit: 500 } } }));
    const named = data.items.filter((p) => p.name === idOrName && p.status !== 'terminated');
    if (named.length === 0) throw new CliError(EXIT.notFound, `no pod with the id or name ${idOrName}`);
    if (named.length > 1) throw new CliError(EXIT.usage, `${named.length} pods are named ${idOrName} (${named.map((p) => `${p.id} in ${p.projectId}`).join(', ')}): name one by its id`);
    return (await ctx.call((api) => api.GET('/v1/pods/{podId}', { params: { path: { podId: named[0]!.id } } }))).data;
  }
}

function statusList(value: string, previous: PodStatus[] = []): PodStatus[] {
  const parse = choice(STATUSES);
  return [...previous, ...value.split(',').map((s) => parse(s.trim()))];
}

function autoStopOption(value: string): number | null {
  if (value === 'off' || value === 'never') return null;
  const n = intOption(5, 1440)(value);
  return n;
}

interface LsOptions {
  status?: PodStatus[];
  project?: string;
  owner?: string;
  gpu?: string;
  region?: string;
  search?: string;
  sort?: (typeof SORTS)[number];
  order?: 'asc' | 'desc';
  limit: number;
  all?: boolean;
}

interface LaunchOptions {
  name: string;
  project: string;
  gpu: string;
  count: number;
  region: string;
  image: string;
  disk: number;
  autoStop: number | null;
  sshKeyFile?: string;
  sshKeyId?: string;
  sshPublicKey?: string;
  replaces?: string;
  residency?: string;
  idempotencyKey?: string;
}

async function publicKey(o: LaunchOptions): Promise<Pick<Schemas['PodCreate'], 'sshPublicKey' | 'sshKeyId'>> {
  const given = [o.sshKeyFile, o.sshKeyId, o.sshPublicKey].filter((v) => v !== undefined).length;
  if (given !== 1) throw usageError('give exactly one of --ssh-key-file <path to a .pub>, --ssh-key-id <saved key> or --ssh-public-key <key>');
  if (o.sshKeyId !== undefined) return { sshKeyId: o.sshKeyId };
  if (o.sshPublicKey !== undefined) return { sshPublicKey: o.sshPublicKey.trim() };
  const file = o.sshKeyFile!;
  if (!file.endsWith('.pub')) throw usageError(`--ssh-key-file takes the public key (a .pub file), never the private key: ${file}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw usageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (text.length > 16384) throw usageError(`${file} is too long for one public key`);
  return { sshPublicKey: text.trim() };
}

export function podsCommand(io: Io): Command {
  const pods = new Command('pods').description('dev pods: list, inspect, launch, stop, start, terminate, connect');

  pods
    .command('ls')
    .alias('list')
    .description('list pods (newest first), one page or --all')
    .option('--status <status>', `only these statuses, comma-separated or repeated (${STATUSES.join(', ')})`, statusList)
    .option('--project <projectId>', 'only this project')
    .option('--owner <userId>', 'only this owner')
    .option('--gpu <gpuTypeId>', 'only this GPU type')
    .option('--region <regionId>', 'only this region')
    .option('-q, --search <text>', 'name or id contains')
    .option('--sort <field>', `sort by ${SORTS.join(', ')}`, choice(SORTS))
    .option('--order <order>', 'asc or desc', choice(['asc', 'desc'] as const))
    .option('--limit <n>', 'pods per page (1-500)', intOption(1, 500), 100)
    .option('--all', `follow the pages to the end (at most ${MAX_PAGES} pages)`)
    .action(async (o: LsOptions, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const query = {
        ...(o.status ? { status: o.status } : {}),
        ...(o.project ? { projectId: o.project } : {}),
        ...(o.owner ? { ownerId: o.owner } : {}),
        ...(o.gpu ? { gpuTypeId: o.gpu } : {}),
        ...(o.region ? { regionId: o.region } : {}),
        ...(o.search ? { q: o.search } : {}),
        ...(o.sort ? { sort: o.sort } : {}),
        ...(o.order ? { order: o.order } : {}),
        // --all: pages of 500 unless --limit says otherwise.
        limit: o.all && cmd.getOptionValueSource('limit') === 'default' ? 500 : o.limit,
      };
      let page = (await ctx.call((api) => api.GET('/v1/pods', { params: { query } }))).data;
      const items = [...page.items];
      for (let n = 1; o.all && page.nextCursor && n < MAX_PAGES; n++) {
        const cursor = page.nextCursor;
        page = (await ctx.call((api) => api.GET('/v1/pods', { params: { query: { ...query, cursor } } }))).data;
        items.push(...page.items);
      }
      const list = o.all ? { ...page, items, offset: 0, limit: Math.max(1, items.length) } : page;
      if (ctx.json) return ctx.printJson(list);
      if (items.length === 0) return ctx.out('No pods.\n');
      ctx.out(podRows(items));
      const more = list.total - items.length;
      ctx.out(`\n${items.length} of ${list.total} pods${more > 0 ? ` (--all or --limit for the other ${more})` : ''}\n`);
    });

  pods
    .command('get')
    .alias('show')
    .description('one pod: its figures, auto-stop, how to connect, and its latest events')
    .argument('<pod>', 'pod id (or its name)')
    .action(async (idOrName: string, _o: unknown, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const pod = await findPod(ctx, idOrName);
      if (ctx.json) return ctx.printJson(pod);
      ctx.out(podDetailText(pod));
    });

  pods
    .command('launch')
    .description('launch a pod, exactly once per Idempotency-Key (re-running with the same --idempotency-key never makes a second pod)')
    .requiredOption('--name <name>', 'a DNS label: a-z, 0-9 and "-", 1-63 characters')
    .requiredOption('--project <projectId>', 'the project it bills to')
    .requiredOption('--gpu <gpuTypeId>', 'GPU type, e.g. h100-sxm, l4')
    .option('--count <n>', 'GPUs (one of the type\'s allowed counts)', intOption(1, 64), 1)
    .requiredOption('--region <regionId>', 'region, e.g. ca-mtl-1')
    .requiredOption('--image <imageId>', 'image, e.g. pytorch-2.9-cuda12.8')
    .option('--disk <gb>', 'disk in GB', intOption(1, 1_000_000), 100)
    .option('--auto-stop <minutes>', 'stop after this long idle (5-1440), or "off"', autoStopOption, 60)
    .option('--ssh-key-file <path>', 'your SSH public key file (.pub)')
    .option('--ssh-key-id <id>', 'a saved SSH key (Account page)')
    .option('--ssh-public-key <key>', 'the SSH public key itself')
    .option('--replaces <podId>', 'stop this pod once the new one runs')
    .option('--residency <group>', 'keep no-capacity alternatives inside this residency group (e.g. Canada, EU)')
    .option('--idempotency-key <key>', 'the key of this launch intent (default: a new UUID, printed on stderr): reuse it to retry safely', (v: string) => {
      if (v.length < 1 || v.length > 255) throw new InvalidArgumentError('1 to 255 characters');
      return v;
    })
    .action(async (o: LaunchOptions, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const key = o.idempotencyKey ?? randomUUID();
      const body: Schemas['PodCreate'] = {
        name: o.name,
        projectId: o.project,
        gpuTypeId: o.gpu,
        gpuCount: o.count,
        regionId: o.region,
        imageId: o.image,
        diskGb: o.disk,
        autoStopIdleMinutes: o.autoStop,
        ...(await publicKey(o)),
        ...(o.replaces ? { replacesPodId: o.replaces } : {}),
        ...(o.residency ? { residency: o.residency } : {}),
      };
      await launch(ctx, body, key);
    });

  for (const [name, description] of [
    ['stop', 'stop a pod: its GPUs are released and no longer billed; the disk is kept (and billed)'],
    ['start', 'start a stopped pod again (needs free GPUs of its type in its region)'],
  ] as const) {
    pods
      .command(name)
      .description(description)
      .argument('<pod>', 'pod id (or its name)')
      .action(async (idOrName: string, _o: unknown, cmd: Command) => {
        const ctx = makeCtx(io, cmd);
        const { id } = await findPod(ctx, idOrName);
        const path = name === 'stop' ? '/v1/pods/{podId}/stop' : '/v1/pods/{podId}/start';
        const { data } = await ctx.call((api) => api.POST(path, { params: { path: { podId: id } } }));
        if (ctx.json) return ctx.printJson(data);
        ctx.out(`${data.name} (${data.id}) is ${data.status}\n`);
      });
  }

  pods
    .command('terminate')
    .description('terminate a pod and delete its disk (asks for the pod\'s name as confirmation)')
    .argument('<pod>', 'pod id (or its name)')
    .option('--confirm <name>', "the pod's name, as confirmation")
    .option('-y, --yes', "confirm without typing the name")
    .action(async (idOrName: string, o: { confirm?: string; yes?: boolean }, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      if (o.confirm === undefined && !o.yes) throw usageError(`terminating deletes the disk: confirm with --confirm <pod name> (or --yes)`);
      const pod = await findPod(ctx, idOrName);
      const confirmName = o.confirm ?? pod.name;
      if (confirmName !== pod.name) throw usageError(`--confirm ${confirmName} is not the pod's name (${pod.name}): nothing was terminated`);
      const { data } = await ctx.call((api) => api.POST('/v1/pods/{podId}/terminate', { params: { path: { podId: pod.id } }, body: { confirmName } }));
      if (ctx.json) return ctx.printJson(data);
      ctx.out(`${data.name} (${data.id}) is ${data.status}; its disk is deleted\n`);
    });

  pods
    .command('ssh')
    .description('connect to a running pod over SSH (prints the command when not on a terminal, or with --print)')
    .argument('<pod>', 'pod id (or its name)')
    .argument('[ssh-args...]', 'more arguments for ssh, after --')
    .option('--print', 'print the ssh command instead of running it')
    .action(async (idOrName: string, sshArgs: string[], o: { print?: boolean }, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const pod = await findPod(ctx, idOrName);
      if (!pod.connect) throw new CliError(EXIT.api, `${pod.name} is ${pod.status}: SSH answers only while it runs${pod.status === 'stopped' ? ` (northlight pods start ${pod.id})` : ''}`);
      if (ctx.json) return ctx.printJson(pod.connect);
      const command = [...sshCommand(pod.connect), ...sshArgs];
      if (o.print || !io.stdout.isTTY) return ctx.out(command.map(shellQuote).join(' ') + '\n');
      const code = await io.spawn(command[0]!, command.slice(1));
      if (code !== 0) throw new CliError(code, `ssh exited with ${code}`);
    });

  return pods;
}

/** POST /v1/pods with the key; the key is on stderr so a retry after a network error can reuse it. */
export async function launch(ctx: Ctx, body: Schemas['PodCreate'], key: string): Promise<void> {
  ctx.err(`Idempotency-Key: ${key}\n`);
  let answer;
  try {
    answer = await ctx.call((api) => api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': key } }, body }));
  } catch (e) {
    if (e instanceof CliError && e.exitCode === EXIT.network) {
      throw new CliError(e.exitCode, `${e.message}; the launch may or may not have happened: re-run with --idempotency-key ${key} to retry it safely`);
    }
    throw e;
  }
  const { data, response } = answer;
  if (ctx.json) return ctx.printJson(data);
  const replayed = response.headers.get('idempotency-replayed') === 'true';
  ctx.out(
    replayed
      ? `${data.name} (${data.id}) was launched earlier with this key: no second pod. It is ${data.status}.\n`
      : `Launched ${data.name} (${data.id}): ${data.gpuCount}× ${data.gpuTypeId} in ${data.regionId} at ${ratePerHour(data.gpuRateMicroUsdPerHour)}, ${data.status}.\n`,
  );
}
