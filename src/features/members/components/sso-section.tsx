/**
 * Single sign-on (admins): the organization's OpenID Connect provider, the e-mail domains that sign
 * in through it, and which of its groups make admins and finance. The client secret is never shown
 * again: left empty, the one set is kept. The redirect URI is what the admin registers at the provider.
 */
import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { ConfirmAction } from '../../../ui/confirm-action';
import { Field } from '../../../ui/field';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useProjects, type Project } from '../api/members';
import { ssoRedirectUri, useRemoveSso, useSaveSso, useSso, type SsoConnection, type SsoConnectionInput } from '../api/sso';
import { listOf } from '../words';

export function SsoSection() {
  const sso = useSso();
  const projects = useProjects();
  const result = useResultMessage();
  return (
    <Card title="Single sign-on">
      <p className="mb-4 max-w-3xl text-sm text-slate-600 dark:text-slate-300">
        Let people of your e-mail domains sign in with your identity provider (OpenID Connect). Someone new from an allowed domain joins on first sign-in with the role their groups give, or the
        default role. Password sign-in stays for everyone else.
      </p>
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mb-2" />
      {sso.isPending ? (
        <Skeleton className="h-64 w-full" label="Loading single sign-on" />
      ) : sso.isError ? (
        <ErrorState error={sso.error} onRetry={() => void sso.refetch()} />
      ) : (
        <>
          <RedirectUri callbackPath={sso.data.callbackPath} />
          <SsoForm
            // A new form when the connection comes or goes, so its fields start from what is saved.
            key={sso.data.connection ? 'set' : 'none'}
            connection={sso.data.connection}
            projects={projects.data?.items ?? []}
            onSaved={(c) => result.say(`Single sign-on saved${c.enabled ? '' : ' (turned off)'}: people of ${c.allowedDomains.join(', ')} ${c.enabled ? 'sign in' : 'will sign in'} with ${c.issuer}.`)}
          />
          {sso.data.connection && <RemoveSso onRemoved={() => result.announce('Single sign-on was removed: members sign in with their passwords.')} />}
        </>
      )}
    </Card>
  );
}

function RedirectUri({ callbackPath }: { callbackPath: string }) {
  const uri = ssoRedirectUri(callbackPath);
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(uri);
      setCopied('Copied.');
    } catch {
      setCopied('The browser did not allow copying: select the address and copy it yourself.');
    }
  };
  return (
    <div className="mb-4">
      <label htmlFor="sso-redirect-uri" className="field-label">
        Redirect URI to register at your provider
      </label>
      <div className="flex flex-wrap gap-2">
        <input id="sso-redirect-uri" readOnly value={uri} className="field-input min-w-0 flex-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn-secondary" onClick={() => void copy()} aria-label="Copy the redirect URI">
          Copy
        </button>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm">
        {copied}
      </p>
    </div>
  );
}

type SsoField = 'issuer' | 'clientId' | 'clientSecret' | 'scopes' | 'allowedDomains' | 'roleClaim' | 'adminGroups' | 'financeGroups' | 'defaultRole' | 'defaultProjectIds';

function SsoForm({ connection, projects, onSaved }: { connection: SsoConnection | null; projects: Project[]; onSaved: (c: SsoConnection) => void }) {
  const save = useSaveSso();
  const id = useId();
  const [issuer, setIssuer] = useState(connection?.issuer ?? '');
  const [clientId, setClientId] = useState(connection?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [scopes, setScopes] = useState(connection?.scopes ?? 'openid email profile');
  const [domains, setDomains] = useState(connection?.allowedDomains.join('\n') ?? '');
  const [roleClaim, setRoleClaim] = useState(connection?.roleClaim ?? 'groups');
  const [adminGroups, setAdminGroups] = useState(connection?.adminGroups.join('\n') ?? '');
  const [financeGroups, setFinanceGroups] = useState(connection?.financeGroups.join('\n') ?? '');
  const [defaultRole, setDefaultRole] = useState<SsoConnectionInput['defaultRole']>(connection?.defaultRole ?? 'engineer');
  const [defaultProjects, setDefaultProjects] = useState<string[]>(connection?.defaultProjectIds ?? []);
  const [enabled, setEnabled] = useState(connection?.enabled ?? true);
  const [submitted, setSubmitted] = useState(false);
  const secretSet = connection?.clientSecretSet ?? false;
  const local: Partial<Record<SsoField, string>> = {
    issuer: issuer.trim() === '' ? "Enter the provider's issuer URL, starting with https://." : undefined,
    clientId: clientId.trim() === '' ? 'Enter the client ID the provider gave this console.' : undefined,
    allowedDomains: listOf(domains).length === 0 ? 'Name at least one e-mail domain whose people may sign in (example.com).' : undefined,
  };
  const server = save.error instanceof ApiError ? save.error : null;
  const fieldError = (field: SsoField) => (submitted ? local[field] : undefined) ?? server?.fieldError(field);
  const formError = save.error && !server?.problem.errors?.length ? errorMessage(save.error) : null;
  // Changing a field clears the API's last answer, so a fixed field stops showing its old error.
  const on =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      if (save.isError) save.reset();
    };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const first = (['issuer', 'clientId', 'allowedDomains'] as const).find((f) => local[f]);
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    const body: SsoConnectionInput = {
      issuer: issuer.trim(),
      clientId: clientId.trim(),
      // Empty: keep the secret that is set (or none, for a public client).
      ...(clientSecret === '' ? {} : { clientSecret }),
      scopes: scopes.trim(),
      allowedDomains: listOf(domains),
      roleClaim: roleClaim.trim(),
      adminGroups: listOf(adminGroups),
      financeGroups: listOf(financeGroups),
      defaultRole,
      defaultProjectIds: defaultProjects,
      enabled,
    };
    save.mutate(body, {
      onSuccess: (settings) => {
        setClientSecret('');
        setSubmitted(false);
        if (settings.connection) onSaved(settings.connection);
      },
    });
  };
  const text = (field: SsoField, label: string, value: string, set: (v: string) => void, hint?: string, extra: Record<string, unknown> = {}) => (
    <Field id={`${id}-${field}`} label={label} error={fieldError(field)} hint={hint}>
      {(a) => <input {...a} {...extra} className="field-input" autoComplete="off" spellCheck={false} value={value} onChange={(e) => on(set)(e.target.value)} />}
    </Field>
  );
  const list = (field: SsoField, label: string, value: string, set: (v: string) => void, hint: string) => (
    <Field id={`${id}-${field}`} label={label} error={fieldError(field)} hint={hint}>
      {(a) => <textarea {...a} rows={3} className="field-input font-mono text-xs" spellCheck={false} value={value} onChange={(e) => on(set)(e.target.value)} />}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-600">
      <h3 id={`${id}-heading`} className="text-sm font-semibold">
        {connection ? 'Connection' : 'Set up single sign-on'}
      </h3>
      {connection && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Last changed by {connection.updatedByName}, {formatDateTime(connection.updatedAt)}.
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {text('issuer', 'Issuer URL', issuer, setIssuer, 'As the provider’s /.well-known/openid-configuration names it, such as https://login.example.com.', { type: 'url', inputMode: 'url' })}
        {text('clientId', 'Client ID', clientId, setClientId)}
        {text(
          'clientSecret',
          'Client secret',
          clientSecret,
          setClientSecret,
          secretSet ? 'A secret is set — leave empty to keep it.' : 'Leave empty for a public client (PKCE only).',
          { type: 'password', autoComplete: 'new-password' },
        )}
        {text('scopes', 'Scopes', scopes, setScopes, 'Separated by spaces; openid is needed.')}
        {list('allowedDomains', 'Allowed e-mail domains', domains, setDomains, 'One a line, or separated by commas: example.com.')}
        {text('roleClaim', 'Group claim', roleClaim, setRoleClaim, 'The ID token claim that lists the person’s groups, such as groups or roles.')}
        {list('adminGroups', 'Groups that make admins', adminGroups, setAdminGroups, 'One a line, or separated by commas.')}
        {list('financeGroups', 'Groups that make finance', financeGroups, setFinanceGroups, 'One a line, or separated by commas.')}
        <Field id={`${id}-defaultRole`} label="Role for everyone else" error={fieldError('defaultRole')}>
          {(a) => (
            <select {...a} className="field-input" value={defaultRole} onChange={(e) => on(setDefaultRole)(e.target.value as SsoConnectionInput['defaultRole'])}>
              <option value="engineer">engineer</option>
              <option value="finance">finance</option>
            </select>
          )}
        </Field>
      </div>
      <fieldset aria-describedby={`${id}-defaultProjectIds-error`}>
        <legend className="field-label">Projects a new member joins</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          {projects.map((p) => (
            <label key={p.id} className="inline-flex items-center gap-1.5">
              <input type="checkbox" checked={defaultProjects.includes(p.id)} onChange={(e) => on(setDefaultProjects)(e.target.checked ? [...defaultProjects, p.id] : defaultProjects.filter((x) => x !== p.id))} />
              {p.name}
            </label>
          ))}
        </div>
        <p id={`${id}-defaultProjectIds-error`} className="field-error">
          {fieldError('defaultProjectIds')}
        </p>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={enabled} onChange={(e) => on(setEnabled)(e.target.checked)} />
        On: people of these domains may sign in with single sign-on
      </label>
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save single sign-on'}
      </button>
    </form>
  );
}

/** "Remove single sign-on…", then a confirmation: focus goes to Cancel, and back after it. */
function RemoveSso({ onRemoved }: { onRemoved: () => void }) {
  const remove = useRemoveSso();
  return (
    <div className="mt-4 border-t border-slate-200 pt-3 dark:border-slate-700">
      <ConfirmAction
        trigger="Remove single sign-on…"
        question="Remove single sign-on? Members then sign in with their passwords; those who only ever used single sign-on have none, and need a new invitation."
        confirm="Remove single sign-on"
        busy={remove.isPending}
        busyText="Removing…"
        onConfirm={() => remove.mutate(undefined, { onSuccess: onRemoved })}
      />
      {remove.error && (
        <p role="alert" className="field-error mt-2">
          {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}
