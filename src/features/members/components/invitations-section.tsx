/**
 * Invitations (admins): invite someone by e-mail with a role and projects. No e-mail is set up, so
 * the one-time link is shown once, for the admin to copy and send; the table lists every
 * invitation with its state, and a waiting one can be revoked (its link stops working at once).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { Field } from '../../../ui/field';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { SecretOnce } from '../../../ui/secret-once';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useCreateInvitation, useInvitations, useRevokeInvitation, type Invitation, type InvitationCreated } from '../api/invitations';
import { useProjects, type Project, type Role } from '../api/members';
import { INVITATION_STATUS, ROLES } from '../words';

const MAX_DAYS = 30;

export function InvitationsSection() {
  const invitations = useInvitations();
  const projects = useProjects();
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  // After Done, focus goes to the form's first field, for the next invitation (not to the page).
  const [returned, setReturned] = useState(false);
  const result = useResultMessage();
  const all = projects.data?.items ?? [];
  return (
    <Card title="Invitations">
      {created ? (
        <InvitationLink
          created={created}
          onDone={() => {
            setCreated(null);
            setReturned(true);
          }}
        />
      ) : (
        <InviteForm projects={all} onCreated={setCreated} focusFirst={returned} />
      )}
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mt-3" />
      <h3 className="mb-2 mt-4 text-sm font-semibold">Sent invitations</h3>
      {invitations.isPending ? (
        <Skeleton className="h-24 w-full" label="Loading invitations" />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : invitations.data.items.length === 0 ? (
        <EmptyState title="No invitations yet">Invite someone above: they get a link that works once.</EmptyState>
      ) : (
        <InvitationTable invitations={invitations.data.items} projects={all} onRevoked={(i) => result.announce(`The invitation of ${i.email} was revoked: its link no longer works.`)} />
      )}
    </Card>
  );
}

function InviteForm({ projects, onCreated, focusFirst }: { projects: Project[]; onCreated: (c: InvitationCreated) => void; focusFirst: boolean }) {
  const create = useCreateInvitation();
  const id = useId();
  useEffect(() => {
    if (focusFirst) document.getElementById(`${id}-email`)?.focus();
  }, [focusFirst, id]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('engineer');
  const [chosen, setChosen] = useState<string[]>([]);
  const [days, setDays] = useState('7');
  const [submitted, setSubmitted] = useState(false);
  const n = Number(days);
  // What is missing, at once; the API's checks (not an address, already a member) land at the same fields.
  const local: Record<'email' | 'expiresInDays', string | undefined> = {
    email: email.trim() === '' ? 'Enter the e-mail address to invite.' : undefined,
    expiresInDays: !Number.isInteger(n) || n < 1 || n > MAX_DAYS ? `Choose a whole number of days from 1 to ${MAX_DAYS}.` : undefined,
  };
  const server = create.error instanceof ApiError ? create.error : null;
  const fieldError = (field: string) => (submitted ? local[field as keyof typeof local] : undefined) ?? server?.fieldError(field);
  const formError = create.error && !server?.problem.errors?.length ? errorMessage(create.error) : null;
  const edited = () => {
    if (create.isError) create.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (local.email || local.expiresInDays) {
      document.getElementById(local.email ? `${id}-email` : `${id}-days`)?.focus();
      return;
    }
    create.mutate(
      { email: email.trim(), role, projectIds: chosen, expiresInDays: n },
      {
        onSuccess: (c) => {
          setEmail('');
          setChosen([]);
          setSubmitted(false);
          onCreated(c);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-600">
      <h3 id={`${id}-heading`} className="text-sm font-semibold">
        Invite someone
      </h3>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id={`${id}-email`} label="E-mail" error={fieldError('email')}>
          {(a) => (
            <input
              {...a}
              type="email"
              className="field-input"
              autoComplete="off"
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
                edited();
              }}
            />
          )}
        </Field>
        <Field id={`${id}-role`} label="Role" error={fieldError('role')}>
          {(a) => (
            <select {...a} className="field-input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-days`} label="Link expires after (days)" error={fieldError('expiresInDays')} hint={`1 to ${MAX_DAYS} days.`}>
          {(a) => <input {...a} type="number" inputMode="numeric" min={1} max={MAX_DAYS} step={1} className="field-input" value={days} onChange={(e) => setDays(e.target.value)} />}
        </Field>
      </div>
      <fieldset aria-describedby={`${id}-projects-error`}>
        <legend className="field-label">Projects</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          {projects.map((p) => (
            <label key={p.id} className="inline-flex items-center gap-1.5">
              <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))} />
              {p.name}
            </label>
          ))}
        </div>
        <p id={`${id}-projects-error`} className="field-error">
          {fieldError('projectIds')}
        </p>
      </fieldset>
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={create.isPending}>
        {create.isPending ? 'Inviting…' : 'Invite'}
      </button>
    </form>
  );
}

/** The link, once: no e-mail was sent, so the admin copies it. Focus lands here. */
function InvitationLink({ created, onDone }: { created: InvitationCreated; onDone: () => void }) {
  const link = `${window.location.origin}${import.meta.env.BASE_URL.replace(/\/$/, '')}${created.acceptPath}`;
  return (
    <SecretOnce
      heading={`${created.invitation.email} is invited as ${created.invitation.role}. Copy the link now: it will not be shown again.`}
      label="Invitation link"
      value={link}
      what="the link"
      onDone={onDone}
    >
      <p className="text-sm">
        No e-mail was sent: send this link to {created.invitation.email} yourself. It works once, until {formatDateTime(created.invitation.expiresAt)}.
      </p>
    </SecretOnce>
  );
}

function InvitationTable({ invitations, projects, onRevoked }: { invitations: Invitation[]; projects: Project[]; onRevoked: (i: Invitation) => void }) {
  const revoke = useRevokeInvitation();
  const [confirming, setConfirming] = useState<string | null>(null);
  const name = (id: string) => projects.find((p) => p.id === id)?.name ?? id;
  return (
    <div className="overflow-x-auto">
      {revoke.error && (
        <p role="alert" className="field-error mb-2">
          {errorMessage(revoke.error)}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Invitations: who was invited, as what, by whom, and whether the link still works</caption>
        <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3">E-mail</th>
            <th scope="col" className="py-2 pr-3">Role and projects</th>
            <th scope="col" className="py-2 pr-3">Status</th>
            <th scope="col" className="py-2 pr-3">Expires</th>
            <th scope="col" className="py-2 pr-3">Invited by</th>
            <th scope="col" className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((i) => (
            <tr key={i.id} className="border-t border-slate-200 align-top dark:border-slate-700">
              <th scope="row" className="break-all py-2 pr-3 font-medium">
                {i.email}
              </th>
              <td className="py-2 pr-3">
                {i.role}
                <div className="text-xs text-slate-600 dark:text-slate-400">{i.projectIds.length === 0 ? 'No projects' : i.projectIds.map(name).join(', ')}</div>
              </td>
              <td className="py-2 pr-3">{INVITATION_STATUS[i.status]}</td>
              <td className="py-2 pr-3">{formatDateTime(i.expiresAt)}</td>
              <td className="py-2 pr-3">{i.invitedByName}</td>
              <td className="py-2 text-right">
                {i.status !== 'pending' ? null : confirming === i.id ? (
                  <span className="inline-flex gap-2">
                    <button
                      type="button"
                      className="btn-danger"
                      disabled={revoke.isPending}
                      onClick={() =>
                        revoke.mutate(i.id, {
                          onSuccess: () => {
                            setConfirming(null);
                            onRevoked(i);
                          },
                        })
                      }
                    >
                      Revoke the invitation of {i.email}
                    </button>
                    <button type="button" className="btn-secondary" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" className="btn-secondary" onClick={() => setConfirming(i.id)} aria-label={`Revoke the invitation of ${i.email}…`}>
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
