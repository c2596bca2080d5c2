/**
 * The Audit log's URL state as a hook: the filters, a way to change some, and a way to clear them.
 * The project is one with the header's project switcher (as on Pods and Utilization): a link's
 * ?projectId= becomes the header's project, a project chosen here is chosen there, and one chosen
 * there is written here; without ?projectId= the page shows the header's project.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { ALL_PROJECTS, useProjectScope } from '../../lib/project-scope';
import { clearAuditParams, readAuditParams, writeAuditParams, type AuditParams } from './audit-params';

export function useAuditParams(): { params: AuditParams; update: (patch: Partial<AuditParams>) => void; clear: () => void } {
  const [search, setSearch] = useSearchParams();
  const { projectId: headerProjectId, setProjectId } = useProjectScope();
  const urlProjectId = search.get('projectId');
  const params = useMemo(() => {
    const fromUrl = readAuditParams(search);
    return search.has('projectId') ? fromUrl : { ...fromUrl, projectId: headerProjectId === ALL_PROJECTS ? '' : headerProjectId };
  }, [search, headerProjectId]);

  // A header change this page made itself (its URL already says it) is not written back: the
  // search a write-back would start from can be the one before (react-router's is per render).
  const ownChange = useRef(false);
  const followHere = useCallback(
    (projectId: string) => {
      if (projectId === headerProjectId) return;
      ownChange.current = true;
      setProjectId(projectId);
    },
    [headerProjectId, setProjectId],
  );

  // A link's project → the header.
  useEffect(() => {
    if (urlProjectId !== null) followHere(urlProjectId || ALL_PROJECTS);
    // Only when the URL's project changes: a change in the header is handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [urlProjectId]);

  // The header → the URL, so the link says what the page shows.
  const lastHeader = useRef(headerProjectId);
  useEffect(() => {
    if (lastHeader.current === headerProjectId) return;
    lastHeader.current = headerProjectId;
    if (ownChange.current) {
      ownChange.current = false;
      return;
    }
    setSearch((prev) => writeAuditParams(prev, { projectId: headerProjectId === ALL_PROJECTS ? '' : headerProjectId }), {
      replace: true,
      preventScrollReset: true,
    });
  }, [headerProjectId, setSearch]);

  const update = useCallback(
    (patch: Partial<AuditParams>) => {
      if (patch.projectId !== undefined) followHere(patch.projectId || ALL_PROJECTS);
      setSearch((prev) => writeAuditParams(prev, patch), { preventScrollReset: true });
    },
    [setSearch, followHere],
  );
  const clear = useCallback(() => {
    followHere(ALL_PROJECTS);
    setSearch((prev) => clearAuditParams(prev), { preventScrollReset: true });
  }, [setSearch, followHere]);
  return { params, update, clear };
}
