/** E-mail and password; on success the console reloads at the page that asked for a session. */
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { useSignIn } from '../api/sign-in';

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = { email: email.trim() === '' ? 'Enter your e-mail address.' : undefined, password: password === '' ? 'Enter your password.' : undefined };
  const refused = signIn.error instanceof ApiError && signIn.error.status === 401;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (missing.email || missing.password) return;
    signIn.mutate({ email: email.trim(), password }, { onSuccess: onSignedIn });
  };
  const fieldError = (field: 'email' | 'password') => (touched ? missing[field] : undefined);
  return (
    <form onSubmit={submit} noValidate aria-labelledby="sign-in-heading" className="space-y-4">
      <div>
        <label htmlFor="sign-in-email" className="field-label">E-mail</label>
        <input id="sign-in-email" type="email" className="field-input" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!fieldError('email')} aria-describedby="sign-in-email-error" />
        <p id="sign-in-email-error" className="field-error">{fieldError('email')}</p>
      </div>
      <div>
        <label htmlFor="sign-in-password" className="field-label">Password</label>
        <input id="sign-in-password" type="password" className="field-input" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!fieldError('password')} aria-describedby="sign-in-password-error" />
        <p id="sign-in-password-error" className="field-error">{fieldError('password')}</p>
      </div>
      <div role="alert" className="min-h-5 text-sm text-red-800 dark:text-red-300">
        {signIn.isError && (refused ? 'That e-mail and password do not match an account. Check them and try again.' : errorMessage(signIn.error))}
      </div>
      <button type="submit" className="btn-primary w-full justify-center" disabled={signIn.isPending || signIn.isSuccess}>
        {signIn.isPending || signIn.isSuccess ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
