/**
 * An invitation link (/join#<secret>): the secret is read from the fragment, which browsers never
 * send to a server, and the address loses it at once (replaced, so history keeps no copy); it
 * travels only in the body of the preview and the accept calls. The page says who invited whom to
 * what, then takes a name and a password; joining signs the new member in and opens the Overview.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../../api/problem';
import { ssoStartUrl } from '../../../api/sso-start';
import { formatDateTime } from '../../../lib/format';
import { Field } from '../../../ui/field';
import { Skeleton } from '../../../ui/states';
import { useAcceptInvitation, useInvitationPreview, type InvitationPreview } from '../api/join';

function secretOf(hash: string): string {
  const raw = hash.replace(/^#/, '').trim();
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function JoinPage({ signIn, ssoWorks, go = (url) => window.location.assign(url) }: { signIn: { to: string; label: string }; ssoWorks: boolean; go?: (url: string) => void }) {
  const { hash } = useLocation();
  const navigate = useNavigate();
  // Read once; the address then drops it (history.replaceState through the router).
  const [token] = useState(() => secretOf(hash));
  useEffect(() => {
    if (hash) void navigate('/join', { replace: true });
  }, [hash, navigate]);
  const preview = useInvitationPreview(token);

  if (token === '') return <Unusable message="This link is incomplete: it has no invitation in it. Open the whole link you were sent, or ask an admin of the organization for a new one." signIn={signIn} />;
  if (preview.isPending) return <Skeleton className="h-48 w-full" label="Reading the invitation…" />;
  if (preview.isError) return <Unusable message={errorMessage(preview.error)} signIn={signIn} />;
  const p = preview.data;
  return (
    <div className="space-y-4">
      <Offer preview={p} />
      <JoinForm token={token} preview={p} onJoined={() => void navigate('/', { replace: true })} />
      {p.ssoAvailable &&
        (ssoWorks ? (
          <JoinWithSso email={p.email} organizationName={p.organizationName} go={go} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">{p.organizationName} also signs this e-mail in with single sign-on; the demo has no identity provider, so choose a password here.</p>
        ))}
    </div>
  );
}

function Unusable({ message, signIn }: { message: string; signIn: { to: string; label: string } }) {
  return (
    <div className="space-y-4">
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        <p className="font-medium">This invitation cannot be used.</p>
        <p>{message}</p>
      </div>
      <Link to={signIn.to} className="btn-secondary">
        {signIn.label}
      </Link>
    </div>
  );
}

function Offer({ preview: p }: { preview: InvitationPreview }) {
  return (
    <div className="space-y-1 text-sm text-slate-700 dark:text-slate-300">
      <p className="text-base text-slate-900 dark:text-slate-50">
        {p.invitedByName} invited you to {p.organizationName} as {p.role}.
      </p>
      <p>Projects: {p.projectNames.length === 0 ? 'none yet' : p.projectNames.join(', ')}.</p>
      <p>
        You will sign in as <span className="font-medium">{p.email}</span>. The invitation expires {formatDateTime(p.expiresAt)}.
      </p>
    </div>
  );
}

function JoinForm({ token, preview, onJoined }: { token: string; preview: InvitationPreview; onJoined: () => void }) {
  const accept = useAcceptInvitation();
  const id = useId();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  // A name is asked for at once; the API checks the rest (the password's length among them) and
  // says so at the same fields.
  const local = { name: name.trim() === '' ? 'Enter your name, as your colleagues will see it.' : undefined };
  const server = accept.error instanceof ApiError ? accept.error : null;
  const fieldError = (field: 'name' | 'password') => (submitted && field === 'name' ? local.name : undefined) ?? server?.fieldError(field);
  const formError = accept.error && !server?.problem.errors?.length ? errorMessage(accept.error) : null;
  const edited = () => {
    if (accept.isError) accept.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (local.name) {
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    accept.mutate(
      { token, name: name.trim(), password },
      {
        onSuccess: onJoined,
        // The field the API found wrong takes the focus, what was typed kept.
        onError: (e) => {
          const field = e instanceof ApiError ? e.problem.errors?.[0]?.field : undefined;
          if (field === 'name' || field === 'password') document.getElementById(`${id}-${field}`)?.focus();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Join ${preview.organizationName}`} className="space-y-4">
      <Field id={`${id}-name`} label="Your name" error={fieldError('name')} hint="As your colleagues will see it.">
        {(a) => (
          <input
            {...a}
            className="field-input"
            autoComplete="name"
            maxLength={200}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              edited();
            }}
          />
        )}
      </Field>
      <Field id={`${id}-password`} label="Password" error={fieldError('password')} hint="At least 12 characters: a passphrase of a few words is easy to remember.">
        {(a) => (
          <input
            {...a}
            type="password"
            className="field-input"
            autoComplete="new-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              edited();
            }}
          />
        )}
      </Field>
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <button type="submit" className="btn-primary w-full justify-center" disabled={accept.isPending || accept.isSuccess}>
        {accept.isPending || accept.isSuccess ? 'Joining…' : `Join ${preview.organizationName}`}
      </button>
    </form>
  );
}

/** Joins through the organization's identity provider instead: the server's SSO start, for the invited e-mail. */
export function JoinWithSso({ email, organizationName, go }: { email: string; organizationName: string; go: (url: string) => void }) {
  return (
    <div className="border-t border-slate-200 pt-4 dark:border-slate-700">
      <p className="mb-2 text-sm text-slate-700 dark:text-slate-300">Or skip the password: {organizationName} signs {email} in with single sign-on.</p>
      <button type="button" className="btn-secondary w-full justify-center" onClick={() => go(ssoStartUrl(email, import.meta.env.BASE_URL))}>
        Join with single sign-on
      </button>
    </div>
  );
}
