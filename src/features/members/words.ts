/** The words the members pages use for roles, sign-in methods and lists typed by hand. */
import type { components } from '../../api/schema';

type Role = components['schemas']['Role'];

export const ROLES: ReadonlyArray<{ value: Role; label: string }> = [
  { value: 'engineer', label: 'engineer' },
  { value: 'finance', label: 'finance' },
  { value: 'admin', label: 'admin' },
];

export const SIGNS_IN_WITH: Record<components['schemas']['Member']['signsInWith'], string> = {
  password: 'Password',
  sso: 'Single sign-on',
  none: 'Not yet',
};

export const INVITATION_STATUS: Record<components['schemas']['InvitationStatus'], string> = {
  pending: 'Waiting',
  accepted: 'Accepted',
  expired: 'Expired',
  revoked: 'Revoked',
};

export const tokenCount = (n: number): string => `${n} API token${n === 1 ? '' : 's'}`;

/** A list typed one a line or separated by commas (domains, groups), without blanks or repeats. */
export function listOf(text: string): string[] {
  return [...new Set(text.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean))];
}
