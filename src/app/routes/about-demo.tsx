/** About the demo: what is simulated, the presenter's controls, and how to use a real API or a static host. */
import { AboutDemoPage } from '../../features/demo/components/about-demo-page';

export function Component() {
  return <AboutDemoPage />;
}
