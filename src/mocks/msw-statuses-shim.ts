/** Default export shape of msw/lib/shims/statuses.mjs; see msw-shims.ts. */
import { statuses } from './msw-shims';

export default statuses;
