/** An action link from a notification e-mail (/pod-action#…), outside the shell: it needs no session. */
import { OutsideShell } from '../layout/outside-shell';
import { ActionLinkPage } from '../../features/notifications/components/action-link-page';

export function Component() {
  return (
    <OutsideShell title="An idle pod">
      <ActionLinkPage />
    </OutsideShell>
  );
}
