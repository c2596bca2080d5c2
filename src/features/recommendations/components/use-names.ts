/** Names for the ids a recommendation carries (GPU types, regions, people, projects), from shared queries. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useCatalog, useSession, usersQueryOptions } from '../../../api/queries';
import type { Names } from './titles';

export function useNames(): Names {
  const catalog = useCatalog();
  const session = useSession();
  const users = useQuery(usersQueryOptions());
  return useMemo(() => {
    const lookup = <T extends { id: string }>(items: readonly T[] | undefined, label: (t: T) => string) => {
      const byId = new Map((items ?? []).map((t) => [t.id, label(t)]));
      return (id: string) => byId.get(id) ?? id;
    };
    return {
      gpu: lookup(catalog.data?.gpuTypes, (g) => g.name),
      region: lookup(catalog.data?.regions, (r) => r.name),
      user: lookup(users.data?.items, (u) => u.name),
      project: lookup(session.data?.projects, (p) => p.name),
    };
  }, [catalog.data, session.data, users.data]);
}
