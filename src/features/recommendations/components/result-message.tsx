/**
 * What the last action on a recommendation did, said where the user is: the card they acted on
 * goes away (applied, dismissed, snoozed), so focus moves to this message instead of falling to
 * the page, and screen readers hear it.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export function useResultMessage(): { message: string; announce: (text: string) => void; messageRef: RefObject<HTMLParagraphElement | null> } {
  const [state, setState] = useState({ message: '', n: 0 });
  const messageRef = useRef<HTMLParagraphElement>(null);
  const announce = useCallback((text: string) => setState((s) => ({ message: text, n: s.n + 1 })), []);
  useEffect(() => {
    if (state.n > 0) messageRef.current?.focus();
  }, [state.n]);
  return { message: state.message, announce, messageRef };
}

export function ResultMessage({ message, messageRef, className = '' }: { message: string; messageRef: RefObject<HTMLParagraphElement | null>; className?: string }) {
  return (
    <p ref={messageRef} tabIndex={-1} aria-live="polite" className={`min-h-5 text-sm text-slate-700 dark:text-slate-300 ${className}`}>
      {message}
    </p>
  );
}
