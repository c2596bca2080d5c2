/**
 * What the last action did, said where the user is: when the control they used goes away (a
 * recommendation applied or dismissed, a scenario loaded, the demo reset), focus moves to this
 * message instead of falling to the page, and screen readers hear it.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export function useResultMessage(): {
  message: string;
  /** Says it and moves focus to it (the control used is gone). */
  announce: (text: string) => void;
  /** Says it and leaves focus where it is (the control used is still there). */
  say: (text: string) => void;
  messageRef: RefObject<HTMLParagraphElement | null>;
} {
  const [state, setState] = useState({ message: '', n: 0, focus: false });
  const messageRef = useRef<HTMLParagraphElement>(null);
  const announce = useCallback((text: string) => setState((s) => ({ message: text, n: s.n + 1, focus: true })), []);
  const say = useCallback((text: string) => setState((s) => ({ message: text, n: s.n + 1, focus: false })), []);
  useEffect(() => {
    if (state.n > 0 && state.focus) messageRef.current?.focus();
  }, [state.n, state.focus]);
  return { message: state.message, announce, say, messageRef };
}

export function ResultMessage({ message, messageRef, className = '' }: { message: string; messageRef: RefObject<HTMLParagraphElement | null>; className?: string }) {
  return (
    <p ref={messageRef} tabIndex={-1} aria-live="polite" className={`min-h-5 text-sm text-slate-700 dark:text-slate-300 ${className}`}>
      {message}
    </p>
  );
}
