import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ssoRefusalWords } from '../sso-refusal';
import { SsoSignIn } from './sso-sign-in';

describe('SsoSignIn', () => {
  it('opens on request, asks for an e-mail, then goes to the server’s start address with the page to come back to', async () => {
    const go = vi.fn();
    const user = userEvent.setup();
    render(<SsoSignIn next="/pods?status=running" go={go} />);
    expect(screen.queryByLabelText('Work e-mail')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use single sign-on' }));
    const email = screen.getByLabelText('Work e-mail');
    expect(email).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Continue with single sign-on' }));
    expect(email).toHaveAccessibleDescription(/Enter your work e-mail address\./);
    await user.type(email, 'nina at lumen');
    await user.click(screen.getByRole('button', { name: 'Continue with single sign-on' }));
    expect(email).toHaveAccessibleDescription(/such as name@example\.com/);
    expect(go).not.toHaveBeenCalled();
    await user.clear(email);
    await user.type(email, ' nina@lumen.example {Enter}');
    expect(go).toHaveBeenCalledWith(`${location.origin}/api/v1/auth/sso/start?email=nina%40lumen.example&next=%2Fpods%3Fstatus%3Drunning`);
  });

  it('starts open when single sign-on has just sent the person back', () => {
    render(<SsoSignIn next="/" open go={vi.fn()} />);
    expect(screen.getByLabelText('Work e-mail')).not.toHaveFocus();
    expect(screen.getByRole('form', { name: 'Single sign-on' })).toBeInTheDocument();
  });

  it('says each reason single sign-on gives back in words, and something for one it does not know', () => {
    expect(ssoRefusalWords(null)).toBeNull();
    expect(ssoRefusalWords('domain')).toMatch(/^Your e-mail's domain isn't set up for single sign-on with any organization here/);
    for (const reason of ['other-organization', 'email', 'state', 'expired', 'denied', 'failed', 'not-configured']) expect(ssoRefusalWords(reason)).toBeTruthy();
    expect(ssoRefusalWords('<script>')).toBe(ssoRefusalWords('failed'));
    expect(ssoRefusalWords('constructor')).toBe(ssoRefusalWords('failed'));
  });
});
