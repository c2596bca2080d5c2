/** Members: who belongs to the organization; admins also invite people and set up single sign-on. */
import { useSession } from '../../api/queries';
import { PageHeader } from '../../ui/card';
import { InvitationsSection } from '../../features/members/components/invitations-section';
import { MembersSection } from '../../features/members/components/members-section';
import { SsoSection } from '../../features/members/components/sso-section';

export function Component() {
  const session = useSession();
  const admin = session.data?.user.role === 'admin';
  return (
    <>
      <PageHeader
        title="Members"
        description={
          admin
            ? 'Who belongs to the organization, with their roles and projects. Invite people with a link that works once, and let your identity provider sign people in.'
            : 'Who belongs to the organization, with their roles and projects.'
        }
      />
      <div className="space-y-6">
        <MembersSection />
        {admin && (
          <>
            <InvitationsSection />
            <SsoSection />
          </>
        )}
      </div>
    </>
  );
}
