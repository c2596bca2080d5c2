/**
 * What the shell shows of notifications, in one chunk loaded after the first page is on screen
 * (app-layout.tsx): the notification centre where the shell puts it, and the budget banner as the
 * header's last row, full width, on every page.
 */
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { BudgetBanner } from './components/budget-banner';
import { NotificationCentre } from './components/notification-centre';

export default function HeaderNotifications() {
  // A stable ref callback (the state's setter): the header is found once the span is in it.
  const [span, setSpan] = useState<HTMLElement | null>(null);
  const header = span?.closest('header');
  return (
    <>
      <span ref={setSpan} hidden />
      <NotificationCentre />
      {header && createPortal(<BudgetBanner className="order-last -mx-4 -mb-3 basis-full" />, header)}
    </>
  );
}
