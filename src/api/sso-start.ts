/**
 * Where single sign-on begins (a real server's GET /v1/auth/sso/start, which redirects to the
 * organization's identity provider): a page navigates there with window.location.assign, never a
 * form post (the Content-Security-Policy's form-action allows only the console itself).
 */
import { apiBaseUrl } from './client';

export function ssoStartUrl(email: string, next: string): string {
  return `${apiBaseUrl()}/v1/auth/sso/start?${new URLSearchParams({ email: email.trim(), next })}`;
}

