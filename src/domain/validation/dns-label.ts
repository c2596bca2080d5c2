/**
 * Pod names are DNS-1123 labels, as Kubernetes names most objects (RFC 1123 §2.1 host name
 * labels, lowercase only): 1-63 characters of a-z, 0-9 and "-", starting and ending with a
 * letter or digit. The name becomes part of the pod's host name, so this is not a style choice.
 */

export const DNS_LABEL_MAX_LENGTH = 63;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** null when the name is a valid label, else what to change, in plain words. */
export function dnsLabelProblem(name: string): string | null {
  if (name.length === 0) return 'Give the pod a name.';
  if (name.length > DNS_LABEL_MAX_LENGTH) return `Use at most ${DNS_LABEL_MAX_LENGTH} characters (this name has ${name.length}).`;
  if (LABEL.test(name)) return null;
  if (/[A-Z]/.test(name) && LABEL.test(name.toLowerCase())) return `Use lowercase letters only, e.g. “${name.toLowerCase()}”.`;
  if (/[^-a-zA-Z0-9]/.test(name)) {
    const bad = [...new Set(name.replace(/[-a-zA-Z0-9]/g, ''))].map((c) => (c === ' ' ? 'spaces' : `“${c}”`)).join(', ');
    return `Use only lowercase letters, digits and hyphens (not ${bad}).`;
  }
  if (/[A-Z]/.test(name)) return 'Use lowercase letters only.';
  return 'Start and end the name with a letter or digit.';
}

export function isDnsLabel(name: string): boolean {
  return dnsLabelProblem(name) === null;
}
