/** The header's controls: organization, project switcher, the signed-in user and the theme. */
import { useState } from 'react';
import { useSession } from '../../api/queries';
import { ALL_PROJECTS, useProjectScope } from '../../lib/project-scope';
import { applyTheme, preferredTheme, type Theme } from '../../lib/theme';

export function ProjectSwitcher() {
  const session = useSession();
  const { projectId, setProjectId } = useProjectScope();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-300">Project</span>
      <select
        className="rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
        value={projectId}
        onChange={(e) => setProjectId(e.target.value)}
        disabled={!session.data}
      >
        <option value={ALL_PROJECTS}>All projects</option>
        {session.data?.projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}


export function CurrentUser() {
  const session = useSession();
  if (!session.data) return <span className="inline-block h-5 w-32" aria-hidden="true" />;
  const { user, organization } = session.data;
  return (
    <p className="text-right text-sm leading-tight">
      <span className="block font-medium">{user.name}</span>
      <span className="block text-slate-600 dark:text-slate-300">
        {user.role[0]!.toUpperCase() + user.role.slice(1)} · {organization.name}
      </span>
    </p>
  );
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => preferredTheme());
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="btn-secondary"
      aria-pressed={theme === 'dark'}
      onClick={() => {
        applyTheme(next, true);
        setTheme(next);
      }}
    >
      Dark theme
      {/* Its state, seen as well as announced (aria-pressed); not part of its name. */}
      <span aria-hidden="true">: {theme === 'dark' ? 'on' : 'off'}</span>
    </button>
  );
}
