/**
 * Every operation the simulated cloud serves, grouped by the path it lives under. Groups load
 * on first use, so a page pulls in only the simulator code its calls need (the demo's first
 * visit stays small as features grow). Features add one line here.
 */
import { compileRoutes, type CompiledRoute, type Route } from './http';

interface RouteGroup {
  /** Paths this group answers: a request path matching it loads the group. */
  matches: RegExp;
  load: () => Promise<Route[]>;
}

const groups: RouteGroup[] = [
  { matches: /^\/v1\/(session|users|projects)(\/|$)/, load: () => import('./ops/session').then((m) => m.sessionRoutes) },
  { matches: /^\/v1\/catalog(\/|$)/, load: () => import('./ops/catalog').then((m) => m.catalogRoutes) },
  // Before pods: a pod's waste ledger belongs to utilization.
  { matches: /^\/v1\/(utilization(\/|$)|pods\/[^/]+\/waste$)/, load: () => import('./ops/utilization').then((m) => m.utilizationRoutes) },
  { matches: /^\/v1\/pods(\/|$)/, load: () => import('./ops/pods').then((m) => m.podRoutes) },
  { matches: /^\/v1\/overview(\/|$)/, load: () => import('./ops/overview').then((m) => m.overviewRoutes) },
  { matches: /^\/v1\/simulation(\/|$)/, load: () => import('./ops/simulation').then((m) => m.simulationRoutes) },
  { matches: /^\/v1\/egress(\/|$)/, load: () => import('./ops/egress').then((m) => m.egressRoutes) },
  { matches: /^\/v1\/recommendations(\/|$)/, load: () => import('./ops/recommendations').then((m) => m.recommendationRoutes) },
  { matches: /^\/v1\/(billing|budgets|invoices)(\/|$)/, load: () => import('./ops/billing').then((m) => m.billingRoutes) },
  { matches: /^\/v1\/api-tokens(\/|$)/, load: () => import('./ops/api-tokens').then((m) => m.apiTokenRoutes) },
  { matches: /^\/v1\/audit-log$/, load: () => import('./ops/audit').then((m) => m.auditRoutes) },
  { matches: /^\/v1\/ssh-keys(\/|$)/, load: () => import('./ops/ssh-keys').then((m) => m.sshKeyRoutes) },
];

const loaded = new Map<RouteGroup, Promise<CompiledRoute[]>>();

/** The compiled routes that could answer a path (empty when no group claims it). */
export function routesFor(path: string): Promise<CompiledRoute[]> {
  const group = groups.find((g) => g.matches.test(path));
  if (!group) return Promise.resolve([]);
  let routes = loaded.get(group);
  if (!routes) {
    routes = group.load().then(compileRoutes);
    loaded.set(group, routes);
  }
  return routes;
}
