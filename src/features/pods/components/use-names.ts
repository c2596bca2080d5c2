/** Names for ids (GPU types, regions, images, users, projects), from queries every page shares. */
import { useQuery } from '@tanstack/react-query';
import { useCatalog, usersQueryOptions, useSession } from '../../../api/queries';

export function useNames() {
  const catalog = useCatalog();
  const users = useQuery(usersQueryOptions());
  const session = useSession();
  const find = <T extends { id: string; name: string }>(list: T[] | undefined, id: string) => list?.find((x) => x.id === id)?.name ?? id;
  return {
    catalog: catalog.data,
    users: users.data?.items ?? [],
    projects: session.data?.projects ?? [],
    role: session.data?.user.role,
    gpu: (id: string) => find(catalog.data?.gpuTypes, id),
    region: (id: string) => find(catalog.data?.regions, id),
    image: (id: string) => find(catalog.data?.images, id),
    user: (id: string) => find(users.data?.items, id),
    project: (id: string) => find(session.data?.projects, id),
  };
}
