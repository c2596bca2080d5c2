/**
 * The pods on screen, for the table and the cards alike: only the rows (or cards) in view are
 * rendered, and only the pages of 100 they fall in are asked for, so 10,000 pods stay a short DOM.
 */
import type { RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { POD_PAGE_SIZE, usePodPages } from '../../api/list-pods';
import type { Pod, PodFilters } from '../../api/types';

export function usePodWindow(filters: PodFilters, total: number, itemPx: number, scroller: RefObject<HTMLElement | null>) {
  // TanStack Virtual returns functions React Compiler must not memoize; this hook uses it plainly.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => itemPx, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const pageNumbers = [...new Set(items.map((r) => Math.floor(r.index / POD_PAGE_SIZE)))];
  const pages = usePodPages(filters, pageNumbers);
  const podAt = (index: number): Pod | undefined => {
    const i = pageNumbers.indexOf(Math.floor(index / POD_PAGE_SIZE));
    return pages[i]?.data?.items[index % POD_PAGE_SIZE];
  };
  return { items, totalPx: virtualizer.getTotalSize(), podAt, failed: pages.find((p) => p.isError) };
}
