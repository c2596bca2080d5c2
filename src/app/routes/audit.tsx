/** Audit log: who changed what in the organization, from where, before and after, and what it does to the bill. */
import { PageHeader } from '../../ui/card';
import { AuditLogPage } from '../../features/audit/components/audit-log-page';

export function Component() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, who made it (a person, a person’s API token or a policy), from where, what it was before and after, and what it does to the monthly bill. Admins and finance see the organization’s entries; engineers see their own, and what policies did to their pods."
      />
      <AuditLogPage />
    </>
  );
}
