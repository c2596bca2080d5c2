/** An invitation link (/join#…), outside the shell: whoever opens it has no session yet. */
import { OutsideShell } from '../layout/outside-shell';
import { JoinPage } from '../../features/members/components/join-page';

export function Component() {
  return (
    <OutsideShell title="Join your team">
      {/* The demo has no sign-in page (nor an identity provider): its way on is the console itself. */}
      <JoinPage signIn={__USE_MOCK__ ? { to: '/', label: 'Open the console' } : { to: '/sign-in', label: 'Go to sign in' }} ssoWorks={!__USE_MOCK__} />
    </OutsideShell>
  );
}
