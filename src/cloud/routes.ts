/**
 * Every operation the simulated cloud serves, grouped by the path it lives under. Groups load
 * on first use, so a page pulls in only the simulator code its calls need (the demo's first
 * visit stays small as features grow). Features add one line here.
 */
import { compileRoutes, type CompiledRoute, type Route } from './http';

/** The paths a group answers (a request path matching it loads the group), and how to load it. */
type RouteGroup = [matches: RegExp, load: () => Promise<Route[]>];

const groups: RouteGroup[] = [
  [/^\/v1\/(session|users|projects)(\/|$)/, () => import('./ops/session').then((m) => m.sessionRoutes)],
  [/^\/v1\/catalog(\/|$)/, () => import('./ops/catalog').then((m) => m.catalogRoutes)],
  // Before pods: a pod's inference figures belong to inference.
  [/^\/v1\/(inference(\/|$)|pods\/[^/]+\/inference$)/, () => import('./ops/inference').then((m) => m.inferenceRoutes)],
  // Before pods: a pod's waste ledger belongs to utilization.
  [/^\/v1\/(utilization(\/|$)|pods\/[^/]+\/waste$)/, () => import('./ops/utilization').then((m) => m.utilizationRoutes)],
  [/^\/v1\/pods(\/|$)/, () => import('./ops/pods').then((m) => m.podRoutes)],
  [/^\/v1\/overview(\/|$)/, () => import('./ops/overview').then((m) => m.overviewRoutes)],
  [/^\/v1\/simulation(\/|$)/, () => import('./ops/simulation').then((m) => m.simulationRoutes)],
  [/^\/v1\/egress(\/|$)/, () => import('./ops/egress').then((m) => m.egressRoutes)],
  [/^\/v1\/recommendations(\/|$)/, () => import('./ops/recommendations').then((m) => m.recommendationRoutes)],
  [/^\/v1\/(billing|budgets|invoices)(\/|$)/, () => import('./ops/billing').then((m) => m.billingRoutes)],
  [/^\/v1\/(api-tokens|ssh-keys|audit-log|notification[a-z-]*|webhooks|capacity-watches)(\/|$)/, () => import('./ops/access').then((m) => m.accessRoutes)],
  [/^\/v1\/(members|invitations|sso|auth)(\/|$)/, () => import('./ops/people').then((m) => m.peopleRoutes)],
];

const loaded = new Map<RouteGroup, Promise<CompiledRoute[]>>();

/** The compiled routes that could answer a path (empty when no group claims it). */
export function routesFor(path: string): Promise<CompiledRoute[]> {
  const group = groups.find(([matches]) => matches.test(path));
  if (!group) return Promise.resolve([]);
  let routes = loaded.get(group);
  if (!routes) {
    routes = group[1]().then(compileRoutes);
    loaded.set(group, routes);
  }
  return routes;
}
