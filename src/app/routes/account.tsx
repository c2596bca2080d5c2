/** Account: what the signed-in person uses to reach the cloud outside the console (API tokens, saved SSH keys), and what reaches them (notifications). */
import { PageHeader } from '../../ui/card';
import { ApiTokensSection } from '../../features/account/components/api-tokens-section';
import { SshKeysSection } from '../../features/account/components/ssh-keys-section';
import { NotificationPreferencesSection } from '../../features/notifications/components/preferences-section';

export function Component() {
  return (
    <>
      <PageHeader title="Account" description="How you reach the cloud outside the console: API tokens for scripts, the CLI and agents, and the SSH keys your pods let in." />
      <div className="space-y-6">
        <ApiTokensSection />
        <SshKeysSection />
        <NotificationPreferencesSection />
      </div>
    </>
  );
}
