/** The project the user is working in (the header's switcher); "all" shows every visible project. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

const KEY = 'northlight.project';
export const ALL_PROJECTS = 'all';

interface ProjectScope {
  projectId: string;
  setProjectId: (id: string) => void;
}

const Ctx = createContext<ProjectScope>({ projectId: ALL_PROJECTS, setProjectId: () => undefined });

function initial(): string {
  try {
    return sessionStorage.getItem(KEY) ?? ALL_PROJECTS;
  } catch {
    return ALL_PROJECTS;
  }
}

export function ProjectScopeProvider({ children }: { children: ReactNode }) {
  const [projectId, setState] = useState(initial);
  const setProjectId = useCallback((id: string) => {
    setState(id);
    try {
      sessionStorage.setItem(KEY, id);
    } catch {
      // kept in memory only
    }
  }, []);
  const value = useMemo(() => ({ projectId, setProjectId }), [projectId, setProjectId]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useProjectScope(): ProjectScope {
  return useContext(Ctx);
}
