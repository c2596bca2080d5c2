/** Pods: every pod with its status, GPUs, cost and utilization; filters in the URL; launch from here. */
import { Link } from 'react-router';
import { useSession } from '../../api/queries';
import { PageHeader } from '../../ui/card';
import { PodsList } from '../../features/pods/components/list/pods-list';

export function Component() {
  const session = useSession();
  const canLaunch = session.data !== undefined && session.data.user.role !== 'finance';
  return (
    <>
      <PageHeader
        title="Pods"
        description="Dev pods across your projects: what runs, what it costs so far, and how busy its GPUs are."
        actions={
          canLaunch ? (
            <Link className="btn-primary" to="/pods/new">
              Launch pod
            </Link>
          ) : undefined
        }
      />
      <PodsList />
    </>
  );
}
