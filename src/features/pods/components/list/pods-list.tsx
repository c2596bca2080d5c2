/** The Pods page body: filters from the URL, the virtualized table, and its empty states. */
import { Link, useSearchParams } from 'react-router';
import { ALL_PROJECTS, useProjectScope } from '../../../../lib/project-scope';
import { EmptyState } from '../../../../ui/states';
import { filtersFromSearch } from '../../pod-filters';
import { PodFilterBar } from './pod-filter-bar';
import { PodTable } from './pod-table';

export function PodsList() {
  const [search] = useSearchParams();
  const { projectId } = useProjectScope();
  const filters = filtersFromSearch(search, projectId === ALL_PROJECTS ? undefined : projectId);
  const filtered = filters.status.length > 0 || filters.q || filters.ownerId || filters.gpuTypeId || filters.regionId || filters.projectId;
  return (
    <>
      <PodFilterBar filters={filters} />
      <PodTable
        filters={filters}
        empty={
          filtered ? (
            <EmptyState title="No pods match these filters">Change or clear the filters above to see more pods.</EmptyState>
          ) : (
            <EmptyState title="No pods yet">
              <Link className="link" to="/pods/new">
                Launch your first dev pod
              </Link>
            </EmptyState>
          )
        }
      />
    </>
  );
}
