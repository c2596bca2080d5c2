/**
 * The organization's members: everyone sees who belongs, their role, projects, how they sign in and
 * how many API tokens they hold. Admins change a member's role and projects, and remove members
 * (their sessions end and their tokens are revoked at once). The organization keeps an admin: the
 * API refuses the last one's demotion or removal, and its words show by the control used.
 */
import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { useSession } from '../../../api/queries';
import { Card } from '../../../ui/card';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useMembers, useProjects, useRemoveMember, useUpdateMember, type Member, type Project, type Role } from '../api/members';
import { ROLES, SIGNS_IN_WITH, tokenCount } from '../words';

export function MembersSection() {
  const members = useMembers();
  const projects = useProjects();
  const session = useSession();
  const result = useResultMessage();
  const me = session.data?.user;
  const admin = me?.role === 'admin';
  const all = projects.data?.items ?? [];
  return (
    <Card title="Members">
      <p className="mb-4 max-w-3xl text-sm text-slate-600 dark:text-slate-300">
        Everyone in the organization, their role and the projects they work in.{' '}
        {admin ? 'As an admin you change roles and projects, and remove people: their sessions end and their API tokens stop working at once.' : 'Admins change roles and projects.'}
      </p>
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mb-2" />
      {/* Who you are decides the controls, and the projects' names fill the table: wait for both. */}
      {members.isPending || session.isPending || projects.isPending ? (
        <Skeleton className="h-48 w-full" label="Loading members" />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.items.length === 0 ? (
        <EmptyState title="No members yet" />
      ) : (
        <MemberTable members={members.data.items} projects={all} meId={me?.id} admin={admin} onDone={result.announce} />
      )}
    </Card>
  );
}

const namesOf = (ids: readonly string[], projects: readonly Project[]) => (ids.length === 0 ? 'None' : ids.map((id) => projects.find((p) => p.id === id)?.name ?? id).join(', '));

function MemberTable({ members, projects, meId, admin, onDone }: { members: Member[]; projects: Project[]; meId: string | undefined; admin: boolean; onDone: (text: string) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  const close = (id: string) => {
    setEditing(null);
    // Back to the button that opened the form (after React has put it back).
    requestAnimationFrame(() => editButtons.current.get(id)?.focus());
  };
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Members: their role, projects, how they sign in and their active API tokens</caption>
        <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3">Name</th>
            <th scope="col" className="py-2 pr-3">E-mail</th>
            <th scope="col" className="py-2 pr-3">Role</th>
            <th scope="col" className="py-2 pr-3">Projects</th>
            <th scope="col" className="py-2 pr-3">Signs in with</th>
            <th scope="col" className="py-2 pr-3">Active API tokens</th>
            {admin && (
              <th scope="col" className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <Fragment key={m.id}>
              <tr className="border-t border-slate-200 align-top dark:border-slate-700">
                <th scope="row" className="py-2 pr-3 font-medium">
                  {m.name}
                  {m.id === meId && (
                    <>
                      {' '}
                      <span className="font-normal text-slate-600 dark:text-slate-400">(you)</span>
                    </>
                  )}
                </th>
                <td className="break-all py-2 pr-3">{m.email}</td>
                <td className="py-2 pr-3">{m.role}</td>
                <td className="py-2 pr-3">{namesOf(m.projectIds, projects)}</td>
                <td className="py-2 pr-3">{SIGNS_IN_WITH[m.signsInWith]}</td>
                <td className="py-2 pr-3 tabular-nums">{m.activeTokenCount}</td>
                {admin && (
                  <td className="py-2 text-right">
                    <button
                      ref={(el) => {
                        if (el) editButtons.current.set(m.id, el);
                        else editButtons.current.delete(m.id);
                      }}
                      type="button"
                      className="btn-secondary"
                      aria-expanded={editing === m.id}
                      aria-label={`Edit ${m.name}…`}
                      onClick={() => (editing === m.id ? close(m.id) : setEditing(m.id))}
                    >
                      Edit…
                    </button>
                  </td>
                )}
              </tr>
              {admin && editing === m.id && (
                <tr>
                  <td colSpan={7} className="pb-4">
                    <MemberEditor
                      member={m}
                      projects={projects}
                      you={m.id === meId}
                      onCancel={() => close(m.id)}
                      onSaved={(saved) => {
                        setEditing(null);
                        onDone(`Saved ${saved.name}: ${saved.role}, projects: ${namesOf(saved.projectIds, projects)}.`);
                      }}
                      onRemoved={() => {
                        setEditing(null);
                        onDone(`${m.name} was removed: their sessions ended${m.activeTokenCount > 0 ? ` and ${tokenCount(m.activeTokenCount)} ${m.activeTokenCount === 1 ? 'was' : 'were'} revoked` : ''}.`);
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberEditor({ member, projects, you, onCancel, onSaved, onRemoved }: { member: Member; projects: Project[]; you: boolean; onCancel: () => void; onSaved: (m: Member) => void; onRemoved: () => void }) {
  const update = useUpdateMember();
  const id = useId();
  const [role, setRole] = useState<Role>(member.role);
  const [chosen, setChosen] = useState<string[]>(member.projectIds);
  const roleRef = useRef<HTMLSelectElement>(null);
  useEffect(() => roleRef.current?.focus(), []);
  const server = update.error instanceof ApiError ? update.error : null;
  // The last admin's refusal has no field of its own: it belongs to the role.
  const roleError = server?.fieldError('role') ?? (server?.problem.type.endsWith('/last-admin') ? server.message : undefined);
  const projectsError = server?.fieldError('projectIds');
  const formError = update.error && !roleError && !projectsError ? errorMessage(update.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ userId: member.id, body: { role, projectIds: chosen } }, { onSuccess: onSaved });
  };
  const edited = () => {
    if (update.isError) update.reset();
  };
  return (
    <div className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-600">
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="space-y-4">
        <h3 id={`${id}-heading`} className="text-sm font-semibold">
          Edit {member.name}
        </h3>
        <div className="sm:max-w-xs">
          <label htmlFor={`${id}-role`} className="field-label">
            Role
          </label>
          <select
            ref={roleRef}
            id={`${id}-role`}
            className="field-input"
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role);
              edited();
            }}
            aria-invalid={!!roleError}
            aria-describedby={`${id}-role-error`}
          >
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          <p id={`${id}-role-error`} className="field-error">
            {roleError}
          </p>
        </div>
        <fieldset aria-describedby={`${id}-projects-error`}>
          <legend className="field-label">Projects</legend>
          <div className="mt-1 flex flex-wrap gap-4 text-sm">
            {projects.map((p) => (
              <label key={p.id} className="inline-flex items-center gap-1.5">
                <input
                  type="checkbox"
                  checked={chosen.includes(p.id)}
                  onChange={(e) => {
                    setChosen((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)));
                    edited();
                  }}
                />
                {p.name}
              </label>
            ))}
          </div>
          <p id={`${id}-projects-error`} className="field-error">
            {projectsError}
          </p>
        </fieldset>
        {formError && (
          <p role="alert" className="field-error">
            {formError}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <button type="submit" className="btn-primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="btn-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
      <RemoveMember member={member} you={you} onRemoved={onRemoved} />
    </div>
  );
}

/** "Remove from the organization…", then a confirmation that says what ends: focus goes to Cancel (Enter pressed twice removes nobody). */
function RemoveMember({ member, you, onRemoved }: { member: Member; you: boolean; onRemoved: () => void }) {
  const remove = useRemoveMember();
  const [confirming, setConfirming] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const open = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    (confirming ? cancel : open).current?.focus();
  }, [confirming]);
  const toggle = (next: boolean) => {
    moved.current = true;
    remove.reset();
    setConfirming(next);
  };
  const tokens = member.activeTokenCount;
  return (
    <div className="border-t border-slate-200 pt-3 dark:border-slate-700">
      {!confirming ? (
        <button ref={open} type="button" className="btn-secondary" onClick={() => toggle(true)}>
          {you ? 'Leave the organization…' : 'Remove from the organization…'}
        </button>
      ) : (
        <div className="space-y-2">
          <p className="text-sm">
            {you ? 'Leave the organization?' : `Remove ${member.name}?`} {you ? 'Your' : 'Their'} sessions end at once
            {tokens > 0 ? ` and ${you ? 'your' : 'their'} ${tokenCount(tokens)} ${tokens === 1 ? 'is' : 'are'} revoked` : ''}; {you ? 'your' : 'their'} saved SSH keys go. {you ? 'Your' : 'Their'} name stays on what{' '}
            {you ? 'you' : 'they'} did.
          </p>
          <span className="inline-flex flex-wrap gap-2">
            <button type="button" className="btn-danger" disabled={remove.isPending} onClick={() => remove.mutate(member.id, { onSuccess: onRemoved })}>
              {remove.isPending ? 'Removing…' : `Remove ${member.name}`}
            </button>
            <button ref={cancel} type="button" className="btn-secondary" onClick={() => toggle(false)}>
              Cancel
            </button>
          </span>
        </div>
      )}
      {remove.error && (
        <p role="alert" className="field-error mt-2">
          {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}
