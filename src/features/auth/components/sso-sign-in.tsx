/**
 * Sign in with single sign-on: the e-mail says which organization's identity provider to use. The
 * browser goes to the server's start address (window.location.assign, not a form post: the
 * Content-Security-Policy's form-action allows only the console), which sends it to the provider.
 * It opens on request (or when single sign-on just sent the person back), below the password form.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ssoStartUrl } from '../../../api/sso-start';
import { isEmail } from '../../../domain/members';

export function SsoSignIn({ next, open: openAtFirst = false, go = (url) => window.location.assign(url) }: { next: string; open?: boolean; go?: (url: string) => void }) {
  const [open, setOpen] = useState(openAtFirst);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const field = useRef<HTMLInputElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (open && opened.current) field.current?.focus();
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = email.trim() === '' ? 'Enter your work e-mail address.' : !isEmail(email) ? 'Enter an e-mail address such as name@example.com.' : undefined;
    setError(problem);
    if (problem) field.current?.focus();
    else go(ssoStartUrl(email, next));
  };
  if (!open) {
    return (
      <button
        type="button"
        className="btn-secondary w-full justify-center"
        aria-expanded={false}
        onClick={() => {
          opened.current = true;
          setOpen(true);
        }}
      >
        Use single sign-on
      </button>
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="sso-sign-in-heading" className="space-y-3">
      <h2 id="sso-sign-in-heading" className="text-base font-semibold">
        Single sign-on
      </h2>
      <div>
        <label htmlFor="sso-sign-in-email" className="field-label">
          Work e-mail
        </label>
        <input
          ref={field}
          id="sso-sign-in-email"
          type="email"
          className="field-input"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={!!error}
          aria-describedby="sso-sign-in-email-hint sso-sign-in-email-error"
        />
        <p id="sso-sign-in-email-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Your organization’s identity provider asks who you are, then sends you back here.
        </p>
        <p id="sso-sign-in-email-error" className="field-error">
          {error}
        </p>
      </div>
      <button type="submit" className="btn-primary w-full justify-center">
        Continue with single sign-on
      </button>
    </form>
  );
}
