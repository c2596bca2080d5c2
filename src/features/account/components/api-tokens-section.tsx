/**
 * API tokens: create one for a script, the CLI or an agent (its secret is shown once, to copy),
 * see what each may do, when and from where it was last used, and revoke it.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { useSession } from '../../../api/queries';
import { formatDateTime } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useApiTokens, useCreateApiToken, useRevokeApiToken, type ApiToken, type ApiTokenCreate, type ApiTokenCreated } from '../api/api-tokens';

type Role = ApiTokenCreate['role'];
const ROLES: Role[] = ['admin', 'engineer', 'finance'];
const EXPIRIES = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
];
const STATUS_LABEL: Record<ApiToken['status'], string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

export function ApiTokensSection() {
  const tokens = useApiTokens();
  const session = useSession();
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const result = useResultMessage();
  const user = session.data?.user;
  const projects = session.data?.projects ?? [];
  const projectName = (id: string) => projects.find((p) => p.id === id)?.name ?? id;
  return (
    <Card title="API tokens">
      <p className="mb-4 max-w-3xl text-sm text-slate-600 dark:text-slate-300">
        For scripts, the CLI and AI agents. Send a token as <code className="font-mono">Authorization: Bearer …</code> to the same API the console uses. It acts as you, limited to its role and
        projects; a read-only token cannot launch, stop or change anything.
      </p>
      {created ? (
        <NewSecret created={created} onDone={() => setCreated(null)} />
      ) : user ? (
        <TokenForm role={user.role} projects={projects} onCreated={setCreated} />
      ) : null}
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mt-3" />
      <h3 className="mb-2 mt-4 text-sm font-semibold">{user?.role === 'admin' ? 'Tokens in this organization' : 'Your tokens'}</h3>
      {tokens.isPending ? (
        <Skeleton className="h-24 w-full" label="Loading tokens" />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.items.length === 0 ? (
        <EmptyState title="No tokens yet">Create one above; it is shown once, then only its first characters.</EmptyState>
      ) : (
        <TokenTable tokens={tokens.data.items} showOwner={user?.role === 'admin'} projectName={projectName} onRevoked={(t) => result.announce(`Token “${t.name}” revoked: calls made with it are refused from now on.`)} />
      )}
    </Card>
  );
}

function TokenForm({ role, projects, onCreated }: { role: Role; projects: Array<{ id: string; name: string }>; onCreated: (c: ApiTokenCreated) => void }) {
  const create = useCreateApiToken();
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ApiTokenCreate['kind']>('personal');
  const [tokenRole, setTokenRole] = useState<Role>(role);
  const [readOnly, setReadOnly] = useState(true);
  const [expiresInDays, setExpiresInDays] = useState(30);
  const [allProjects, setAllProjects] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);
  const admin = role === 'admin';
  const local: Record<string, string | undefined> = {
    name: name.trim() === '' ? 'Give the token a name, such as “CI pipeline” or “laptop scripts”.' : name.trim().length > 100 ? 'Use at most 100 characters.' : undefined,
    projectIds: !allProjects && chosen.length === 0 ? 'Choose at least one project, or all of them.' : undefined,
  };
  const server = create.error instanceof ApiError ? create.error : null;
  const fieldError = (field: string) => (touched ? local[field] : undefined) ?? server?.fieldError(field);
  const formError = create.error && !(server?.problem.errors?.length) ? errorMessage(create.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (local.name || local.projectIds) return;
    create.mutate(
      { name: name.trim(), kind, role: tokenRole, projectIds: allProjects ? null : chosen, readOnly, expiresInDays },
      {
        onSuccess: (c) => {
          setName('');
          setTouched(false);
          onCreated(c);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-600">
      <h3 id={`${id}-heading`} className="text-sm font-semibold">New token</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-name`} className="field-label">Token name</label>
          <input id={`${id}-name`} className="field-input" autoComplete="off" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!fieldError('name')} aria-describedby={`${id}-name-error`} />
          <p id={`${id}-name-error`} className="field-error">{fieldError('name')}</p>
        </div>
        <div>
          <label htmlFor={`${id}-role`} className="field-label">Acts as</label>
          <select id={`${id}-role`} className="field-input" value={tokenRole} onChange={(e) => setTokenRole(e.target.value as Role)} aria-invalid={!!fieldError('role')} aria-describedby={`${id}-role-error ${id}-role-help`}>
            {(admin ? ROLES : [role]).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <p id={`${id}-role-help`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">A token’s role is at most yours{admin ? '' : ` (${role})`}.</p>
          <p id={`${id}-role-error`} className="field-error">{fieldError('role')}</p>
        </div>
        {admin && (
          <fieldset>
            <legend className="field-label">Kind</legend>
            <div className="mt-1 flex flex-wrap gap-4 text-sm">
              <label className="inline-flex items-center gap-1.5">
                <input type="radio" name={`${id}-kind`} checked={kind === 'personal'} onChange={() => setKind('personal')} /> Personal
              </label>
              <label className="inline-flex items-center gap-1.5">
                <input type="radio" name={`${id}-kind`} checked={kind === 'service'} onChange={() => setKind('service')} /> Service (for automation, listed for every admin)
              </label>
            </div>
            <p className="field-error">{fieldError('kind')}</p>
          </fieldset>
        )}
        <div>
          <label htmlFor={`${id}-expiry`} className="field-label">Expires after</label>
          <select id={`${id}-expiry`} className="field-input" value={expiresInDays} onChange={(e) => setExpiresInDays(Number(e.target.value))}>
            {EXPIRIES.map((x) => (
              <option key={x.days} value={x.days}>
                {x.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset aria-describedby={`${id}-projects-error`}>
        <legend className="field-label">Projects</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name={`${id}-scope`} checked={allProjects} onChange={() => setAllProjects(true)} /> Every project I see
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name={`${id}-scope`} checked={!allProjects} onChange={() => setAllProjects(false)} /> Only these:
          </label>
          {!allProjects &&
            projects.map((p) => (
              <label key={p.id} className="inline-flex items-center gap-1.5">
                <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))} />
                {p.name}
              </label>
            ))}
        </div>
        <p id={`${id}-projects-error`} className="field-error">{fieldError('projectIds')}</p>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
        Read-only: it can read everything its role and projects allow, and change nothing
      </label>
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create token'}
      </button>
    </form>
  );
}

/** The secret, once: focus lands here so it can be copied at once. */
function NewSecret({ created, onDone }: { created: ApiTokenCreated; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string>('');
  useEffect(() => heading.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied('Copied.');
    } catch {
      setCopied('The browser did not allow copying: select the token and copy it yourself.');
    }
  };
  return (
    <section aria-labelledby="new-token-heading" className="space-y-3 rounded-lg border border-emerald-600 bg-emerald-50 p-4 dark:border-emerald-500 dark:bg-emerald-950">
      <h3 id="new-token-heading" ref={heading} tabIndex={-1} className="text-sm font-semibold">
        Token “{created.token.name}” created. Copy it now: it will not be shown again.
      </h3>
      <label htmlFor="new-token-secret" className="field-label">
        Your new token
      </label>
      <div className="flex flex-wrap gap-2">
        <input id="new-token-secret" readOnly value={created.secret} className="field-input min-w-0 flex-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn-secondary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="btn-primary" onClick={onDone}>
          Done
        </button>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm">
        {copied}
      </p>
    </section>
  );
}

function TokenTable({ tokens, showOwner, projectName, onRevoked }: { tokens: ApiToken[]; showOwner: boolean; projectName: (id: string) => string; onRevoked: (t: ApiToken) => void }) {
  const revoke = useRevokeApiToken();
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <div className="overflow-x-auto">
      {revoke.error && (
        <p role="alert" className="field-error mb-2">
          {errorMessage(revoke.error)}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">API tokens: what each may do, when it was last used, and whether it still works</caption>
        <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3">Name</th>
            {showOwner && <th scope="col" className="py-2 pr-3">Owner</th>}
            <th scope="col" className="py-2 pr-3">May</th>
            <th scope="col" className="py-2 pr-3">Created</th>
            <th scope="col" className="py-2 pr-3">Expires</th>
            <th scope="col" className="py-2 pr-3">Last used</th>
            <th scope="col" className="py-2 pr-3">Status</th>
            <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-slate-200 align-top dark:border-slate-700">
              <th scope="row" className="py-2 pr-3 font-medium">
                {t.name}
                <div className="font-mono text-xs font-normal text-slate-600 dark:text-slate-400">{t.prefix}…</div>
              </th>
              {showOwner && (
                <td className="py-2 pr-3">
                  {t.ownerName}
                  {t.kind === 'service' && <div className="text-xs text-slate-600 dark:text-slate-400">Service token</div>}
                </td>
              )}
              <td className="py-2 pr-3">
                {t.role}, {t.readOnly ? 'read-only' : 'read and change'}
                <div className="text-xs text-slate-600 dark:text-slate-400">{t.projectIds === null ? 'Every project' : t.projectIds.map(projectName).join(', ')}</div>
              </td>
              <td className="py-2 pr-3">{formatDateTime(t.createdAt)}</td>
              <td className="py-2 pr-3">{formatDateTime(t.expiresAt)}</td>
              <td className="py-2 pr-3">
                {t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}
                {t.lastUsedAddress && <div className="text-xs text-slate-600 dark:text-slate-400">from {t.lastUsedAddress}</div>}
              </td>
              <td className="py-2 pr-3">{STATUS_LABEL[t.status]}</td>
              <td className="py-2 text-right">
                {t.status === 'revoked' ? null : confirming === t.id ? (
                  <span className="inline-flex gap-2">
                    <button
                      type="button"
                      className="btn-danger"
                      disabled={revoke.isPending}
                      onClick={() =>
                        revoke.mutate(t.id, {
                          onSuccess: () => {
                            setConfirming(null);
                            onRevoked(t);
                          },
                        })
                      }
                    >
                      Revoke “{t.name}”
                    </button>
                    <button type="button" className="btn-secondary" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" className="btn-secondary" onClick={() => setConfirming(t.id)} aria-label={`Revoke ${t.name}…`}>
                    Revoke…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
