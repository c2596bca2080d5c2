/**
 * The heatmap itself: GPUs (rows, under their project's heading) × time (columns), drawn on one
 * canvas. Only the rows in view are drawn, as runs (one rectangle per stretch of equal activity),
 * so thousands of GPUs scroll smoothly; a pointer over a cell says what it is, a click opens the pod.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime, formatGpus } from '../../../lib/format';
import { levelAt, levelLabel, type HeatmapRow } from '../heatmap-data';

const VIEW_HEIGHT = 420;
const HEADING_HEIGHT = 20;

/** Colours by level: 0 not allocated (background), 1 idle (orange), 2-10 teal from light to dark. */
export const LEVEL_COLOURS = ['', '#f97316', '#ccfbf1', '#99f6e4', '#5eead4', '#2dd4bf', '#14b8a6', '#0d9488', '#0f766e', '#115e59', '#134e4a'];
const THEME = {
  light: { background: '#f8fafc', heading: '#e2e8f0', headingText: '#0f172a' },
  dark: { background: '#0f172a', heading: '#334155', headingText: '#f1f5f9' },
};

function useDarkTheme(): boolean {
  const [dark, setDark] = useState(() => typeof document !== 'undefined' && document.documentElement.classList.contains('dark'));
  useEffect(() => {
    const html = document.documentElement;
    const observer = new MutationObserver(() => setDark(html.classList.contains('dark')));
    observer.observe(html, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

interface Layout {
  top: Float64Array;
  height: Float64Array;
  total: number;
}

function layoutRows(rows: readonly HeatmapRow[], gpuRowHeight: number): Layout {
  const top = new Float64Array(rows.length);
  const height = new Float64Array(rows.length);
  let y = 0;
  rows.forEach((r, i) => {
    top[i] = y;
    height[i] = r.kind === 'project' ? HEADING_HEIGHT : gpuRowHeight;
    y += height[i] ?? 0;
  });
  return { top, height, total: y };
}

/** The row at a y (content coordinates), by binary search. */
function rowAt(layout: Layout, y: number): number {
  let lo = 0;
  let hi = layout.top.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((layout.top[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Hover {
  x: number;
  y: number;
  /** The canvas's width, to keep the tooltip inside it. */
  width: number;
  text: string;
}

export function HeatmapCanvas({ rows, columns, firstColumnMs, bucketMs, label }: { rows: HeatmapRow[]; columns: number; firstColumnMs: number; bucketMs: number; label: string }) {
  const gpuRows = rows.filter((r) => r.kind === 'gpu').length;
  const gpuRowHeight = Math.max(2, Math.min(12, Math.floor((VIEW_HEIGHT - HEADING_HEIGHT * (rows.length - gpuRows)) / Math.max(1, gpuRows))));
  const layout = useMemo(() => layoutRows(rows, gpuRowHeight), [rows, gpuRowHeight]);
  const viewHeight = Math.min(VIEW_HEIGHT, layout.total);
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frame = useRef(0);
  const dark = useDarkTheme();
  const navigate = useNavigate();
  const [hover, setHover] = useState<Hover | null>(null);

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const scroller = scrollRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !scroller || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(viewHeight * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(viewHeight * dpr);
    }
    const theme = dark ? THEME.dark : THEME.light;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, viewHeight);
    const scrollTop = scroller.scrollTop;
    const columnWidth = width / Math.max(1, columns);
    const gap = gpuRowHeight >= 4 ? 1 : 0;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (let i = rowAt(layout, scrollTop); i < rows.length; i++) {
      const y = (layout.top[i] ?? 0) - scrollTop;
      if (y > viewHeight) break;
      const row = rows[i];
      const h = layout.height[i] ?? 0;
      if (!row) continue;
      if (row.kind === 'project') {
        ctx.fillStyle = theme.heading;
        ctx.fillRect(0, y, width, h);
        ctx.fillStyle = theme.headingText;
        ctx.fillText(`${row.projectName} · ${row.podCount} pods · ${formatGpus(row.gpuCount)} GPUs`, 6, y + h / 2);
        continue;
      }
      for (const run of row.runs) {
        ctx.fillStyle = LEVEL_COLOURS[run.level] ?? '#000';
        ctx.fillRect(run.start * columnWidth, y, Math.max(1, run.length * columnWidth), h - gap);
      }
    }
  }, [rows, layout, columns, viewHeight, gpuRowHeight, dark]);

  const schedule = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(draw);
  }, [draw]);

  useEffect(() => {
    schedule();
    const canvas = canvasRef.current;
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(schedule);
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, [schedule]);

  const hit = (e: MouseEvent<HTMLCanvasElement>): { row: HeatmapRow | undefined; column: number; x: number; y: number; width: number } => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const row = rows[rowAt(layout, y + (scrollRef.current?.scrollTop ?? 0))];
    return { row, column: Math.floor((x / rect.width) * columns), x, y, width: rect.width };
  };

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const { row, column, x, y, width } = hit(e);
    if (!row || row.kind !== 'gpu' || column < 0 || column >= columns) return setHover(null);
    const start = firstColumnMs + column * bucketMs;
    setHover({ x, y, width, text: `${row.podName} · ${row.migProfile ? `${row.migProfile} slice` : `GPU ${row.gpuIndex}`} · ${formatDateTime(start)}: ${levelLabel(levelAt(row.runs, column))}` });
  };

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const { row } = hit(e);
    if (row?.kind === 'gpu') void navigate(`/pods/${encodeURIComponent(row.podId)}`);
  };

  return (
    <div className="relative">
      <div ref={scrollRef} onScroll={schedule} className="overflow-y-auto rounded-md border border-slate-200 dark:border-slate-700" style={{ height: viewHeight + 2 }}>
        <div style={{ height: layout.total, position: 'relative' }}>
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={label}
            className="sticky top-0 block w-full cursor-pointer"
            style={{ height: viewHeight }}
            onMouseMove={onMove}
            onMouseLeave={() => setHover(null)}
            onClick={onClick}
          />
        </div>
      </div>
      {hover && (
        <div
          role="tooltip"
          className="pointer-events-none absolute z-10 max-w-xs rounded-md bg-slate-900 px-2 py-1 text-xs text-white shadow-lg dark:bg-slate-100 dark:text-slate-900"
          style={{ left: Math.max(0, Math.min(hover.x + 12, hover.width - 240)), top: hover.y + 12 }}
        >
          {hover.text}
        </div>
      )}
    </div>
  );
}
