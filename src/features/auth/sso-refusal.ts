/**
 * Why single sign-on did not let someone in: a real server sends the browser back to
 * /sign-in?sso=<reason> (server/sso.ts), and the page says it in words.
 */
const WORDS: Record<string, string> = {
  domain: "Your e-mail's domain isn't set up for single sign-on with any organization here. Sign in with your password, or ask your admin to add the domain or to invite you.",
  'other-organization': 'Your e-mail address already belongs to another organization on this cloud; one address belongs to one organization. Sign in there, or use another address.',
  email: 'Your identity provider did not give a verified e-mail address, so nobody could tell who you are. Ask your admin to check the provider’s settings.',
  state: 'The sign-in could not be matched to this browser (it was started in another tab or browser, or cookies are blocked). Start single sign-on again from here.',
  expired: 'The single sign-on took too long and expired. Start it again.',
  denied: 'Your identity provider did not let you in, or you cancelled. Start again, or ask your admin whether you may use the console.',
  failed: 'Single sign-on failed: the identity provider could not be reached, or its answer did not check out. Try again in a moment; if it keeps failing, tell your admin.',
  'not-configured': 'No organization here signs in your e-mail with single sign-on. Sign in with your password instead.',
};

/** The words for ?sso=<reason>; null when there is none. An unknown reason still says something. */
export function ssoRefusalWords(reason: string | null): string | null {
  if (!reason) return null;
  return (Object.hasOwn(WORDS, reason) ? WORDS[reason] : undefined) ?? WORDS.failed!;
}
