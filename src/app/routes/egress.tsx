/** Egress: what moving data costs before it moves (the estimator), and what each project has sent this month (the meter). */
import { PageHeader } from '../../ui/card';
import { EgressEstimator } from '../../features/egress/components/egress-estimator';
import { EgressMeter } from '../../features/egress/components/egress-meter';

export function Component() {
  return (
    <>
      <PageHeader
        title="Egress"
        description="What moving data costs, before it moves: any volume, between this cloud, the public clouds and your premises, under each provider’s published prices. And what each project has sent out this month."
      />
      <div className="space-y-6">
        <EgressEstimator />
        <EgressMeter />
      </div>
    </>
  );
}
