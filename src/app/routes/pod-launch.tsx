/** Launch a dev pod: the form with its cost estimate (prefilled from the URL when linked from elsewhere). */
import { Link } from 'react-router';
import { PageHeader } from '../../ui/card';
import { ActingBudgets } from '../../features/billing/components/acting-budgets';
import { LaunchPodForm } from '../../features/pods/components/launch/launch-pod-form';

export function Component() {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link className="link" to="/pods">
          ← Pods
        </Link>
      </p>
      <PageHeader title="Launch a dev pod" description="An interactive GPU container with JupyterLab, VS Code in the browser and SSH. Its GPUs are billed per second while it runs; its disk while it exists." />
      {/* Before the form is filled: a budget that blocks launches or stops idle pods. */}
      <ActingBudgets className="mb-4" />
      <LaunchPodForm />
    </>
  );
}
