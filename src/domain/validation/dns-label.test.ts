import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dnsLabelProblem, isDnsLabel } from './dns-label';

describe('DNS-1123 labels (pod names)', () => {
  it('accepts lowercase letters, digits and inner hyphens, up to 63 characters', () => {
    for (const ok of ['a', '0', 'ana-notebook', 'llama-ft-3', 'x'.repeat(63)]) expect(dnsLabelProblem(ok)).toBeNull();
  });

  it('says what to change', () => {
    expect(dnsLabelProblem('')).toMatch(/Give the pod a name/);
    expect(dnsLabelProblem('x'.repeat(64))).toMatch(/at most 63 characters \(this name has 64\)/);
    expect(dnsLabelProblem('My-Notebook')).toBe('Use lowercase letters only, e.g. “my-notebook”.');
    expect(dnsLabelProblem('my notebook')).toMatch(/not spaces/);
    expect(dnsLabelProblem('my_notebook.v2')).toMatch(/not “_”, “\.”/);
    expect(dnsLabelProblem('-notebook')).toMatch(/Start and end/);
    expect(dnsLabelProblem('notebook-')).toMatch(/Start and end/);
  });

  it('property: agrees with the RFC 1123 label grammar, lowercase', () => {
    const grammar = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', 'A', '_', '.', ' ', 'é'), maxLength: 70 }), (name) => {
        expect(isDnsLabel(name)).toBe(grammar.test(name));
        expect(dnsLabelProblem(name) === null).toBe(grammar.test(name));
      }),
    );
  });
});
