/**
 * The organizations (tenants) a fresh database is seeded with: the simulator's Lumen AI world
 * from its seed, and Orbit Robotics, generated from another seed with its own ids for people,
 * projects and pods, so that tests of tenant isolation have real targets. A simulation reset
 * regenerates a tenant's world and dresses it the same way (the organization keeps its identity).
 */
import type { CloudState, Pod } from '../src/cloud/model';
import { scenarioWorld } from '../src/cloud/scenarios';
import { DEFAULT_SEED } from '../src/cloud/world';
import type { Database, Tx } from './db';
import { hashPassword } from './passwords';
import { snapshot, writeChanges } from './state-store';

export interface Tenant {
  organization: { id: string; name: string };
  seed: number;
  /** Turns a world the simulator generated into this tenant's (ids, names, e-mails). */
  dress(world: CloudState): CloudState;
}

const slug = (userId: string) => userId.slice(2);

/**
 * The organization keeps its id and its people their e-mails (they sign in with them); a demo
 * scenario's world keeps the scenario's organization name, the default world takes the tenant's.
 */
function organizationOf(tenant: { id: string; name: string }, world: CloudState): CloudState['organization'] {
  return { id: tenant.id, name: (world.scenario ?? 'default') === 'default' ? tenant.name : world.organization.name };
}

const LUMEN: Tenant = {
  organization: { id: 'org-lumen', name: 'Lumen AI' },
  seed: DEFAULT_SEED,
  dress: (world) => ({
    ...world,
    organization: organizationOf(LUMEN.organization, world),
    users: world.users.map((u) => ({ ...u, email: `${slug(u.id)}@lumen.example` })),
  }),
};

/** Orbit's people stand where the generator puts Lumen's: same roles, other ids and names. */
const ORBIT_PEOPLE: Record<string, { id: string; name: string }> = {
  'u-maya': { id: 'u-ines', name: 'Inès Moreau' },
  'u-oskar': { id: 'u-kwame', name: 'Kwame Mensah' },
  'u-ana': { id: 'u-hana', name: 'Hana Sato' },
  'u-felix': { id: 'u-diego', name: 'Diego Alvarez' },
  'u-priya': { id: 'u-mei', name: 'Mei Lin' },
  'u-jonas': { id: 'u-lars', name: 'Lars Nilsen' },
  'u-li': { id: 'u-omar', name: 'Omar Haddad' },
  'u-sam': { id: 'u-zoe', name: 'Zoé Martin' },
};

const ORBIT_PROJECTS: Record<string, { id: string; name: string }> = {
  'p-vision': { id: 'p-perception', name: 'Perception' },
  'p-llm': { id: 'p-planning', name: 'Motion planning' },
  'p-search': { id: 'p-mapping', name: 'Mapping' },
  'p-serving': { id: 'p-fleet', name: 'Fleet serving' },
};

function dressOrbit(world: CloudState): CloudState {
  const userId = (id: string) => ORBIT_PEOPLE[id]?.id ?? id;
  const projectId = (id: string) => ORBIT_PROJECTS[id]?.id ?? `p-orbit-${id.replace(/^p-/, '')}`;
  const names = new Map(world.users.map((u) => [u.name, ORBIT_PEOPLE[u.id]?.name ?? u.name]));
  const rename = (text: string) => [...names].reduce((t, [from, to]) => t.split(from).join(to), text);
  const pod = (p: Pod): Pod => {
    const owner = slug(p.ownerId);
    const newOwner = slug(userId(p.ownerId));
    return {
      ...p,
      name: p.name.startsWith(`${owner}-`) ? `${newOwner}-${p.name.slice(owner.length + 1)}` : p.name,
      projectId: projectId(p.projectId),
      ownerId: userId(p.ownerId),
      sshPublicKey: p.sshPublicKey.replace(new RegExp(` ${owner}@`), ` ${newOwner}@`),
      transitions: p.transitions.map((t) => ({ ...t, reason: rename(t.reason) })),
    };
  };
  return {
    ...world,
    organization: organizationOf(ORBIT.organization, world),
    users: world.users.map((u) => {
      const id = userId(u.id);
      return { ...u, id, name: ORBIT_PEOPLE[u.id]?.name ?? u.name, email: `${slug(id)}@orbit.example` };
    }),
    projects: world.projects.map((p) => ({ id: projectId(p.id), name: ORBIT_PROJECTS[p.id]?.name ?? p.name, memberIds: p.memberIds.map(userId) })),
    pods: world.pods.map(pod),
    currentUserId: userId(world.currentUserId),
    ...(world.budgets
      ? { budgets: world.budgets.map((b) => ({ ...b, projectId: b.projectId === null ? null : projectId(b.projectId), createdById: userId(b.createdById), updatedById: userId(b.updatedById) })) }
      : {}),
    ...(world.budgetAlerts ? { budgetAlerts: world.budgetAlerts.map((a) => ({ ...a, projectId: a.projectId === null ? null : projectId(a.projectId) })) } : {}),
  };
}

const ORBIT: Tenant = {
  organization: { id: 'org-orbit', name: 'Orbit Robotics' },
  seed: 4_242_2026,
  dress: dressOrbit,
};

export const TENANTS: readonly Tenant[] = [LUMEN, ORBIT];

/**
 * How a tenant's regenerated world looks. An organization not seeded here keeps its identity,
 * and its people e-mails of its own (e-mails are unique across organizations: they sign in).
 */
export function dressFor(orgId: string, orgName: string): (world: CloudState) => CloudState {
  const tenant = TENANTS.find((t) => t.organization.id === orgId);
  if (tenant) return tenant.dress;
  return (world) => ({
    ...world,
    organization: { id: orgId, name: orgName },
    users: world.users.map((u) => ({ ...u, email: `${slug(u.id)}@${orgId}.example` })),
  });
}

export function tenantWorld(tenant: Tenant, realNowMs: number): CloudState {
  return tenant.dress(scenarioWorld('default', { seed: tenant.seed, realNowMs }));
}

/** Writes a new organization's world, its people signing in with this password hash. */
export async function writeOrganization(tx: Tx, world: CloudState, passwordHash: string): Promise<void> {
  await writeChanges(tx, world.organization.id, null, snapshot(world));
  await tx.query('UPDATE users SET password_hash = $1 WHERE org_id = $2', [passwordHash, world.organization.id]);
  // The planner's statistics, so that reads of a page use the pods' order indexes (direct-reads.ts)
  // from the start: PGlite runs no autovacuum, and on PostgreSQL it comes later.
  await tx.query('ANALYZE pods');
}

export interface SeedOptions {
  realNowMs: number;
  /** Every seeded user's password (documented in the README for the demo). */
  password: string;
}

/** Seeds the tenants when the database has no organization yet; returns whether it did. */
export async function seedTenants(db: Database, options: SeedOptions): Promise<boolean> {
  const passwordHash = await hashPassword(options.password);
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE organizations IN EXCLUSIVE MODE');
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM organizations');
    if (Number(n) > 0) return false;
    for (const tenant of TENANTS) await writeOrganization(tx, tenantWorld(tenant, options.realNowMs), passwordHash);
    return true;
  });
}
