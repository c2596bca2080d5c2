/** Members: who belongs to the organization; admins also invite people, set up single sign-on and the organization's webhooks. */
import { lazy, Suspense } from 'react';
import { useSession } from '../../api/queries';
import { PageHeader } from '../../ui/card';
import { Skeleton } from '../../ui/states';
import { InvitationsSection } from '../../features/members/components/invitations-section';
import { MembersSection } from '../../features/members/components/members-section';
import { SsoSection } from '../../features/members/components/sso-section';

// Admins only, at the page's end: its own chunk, loaded when an admin opens the page.
const WebhooksSection = lazy(() =>
  import('../../features/webhooks/components/webhooks-section').then((m) => ({ default: m.WebhooksSection })),
);

export function Component() {
  const session = useSession();
  const admin = session.data?.user.role === 'admin';
  return (
    <>
      <PageHeader
        title="Members"
        description={
          admin
            ? 'Who belongs to the organization, with their roles and projects. Invite people with a link that works once, let your identity provider sign people in, and send the organization’s notifications to webhooks.'
            : 'Who belongs to the organization, with their roles and projects.'
        }
      />
      <div className="space-y-6">
        <MembersSection />
        {admin && (
          <>
            <InvitationsSection />
            <SsoSection />
            <Suspense fallback={<Skeleton className="h-96 w-full" label="Loading webhooks" />}>
              <WebhooksSection />
            </Suspense>
          </>
        )}
      </div>
    </>
  );
}
