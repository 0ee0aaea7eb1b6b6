// A table that renders only the rows in view (fixed row height), so a search
// of millions of events scrolls as smoothly as one of ten. Scrolling near the
// end asks for the next page. Cells are text.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  readonly title: string;
  /** CSS grid track (e.g. '11em', 'minmax(8em, 1fr)'). */
  readonly width: string;
  readonly cell: (row: T) => ComponentChildren;
}

interface Props<T> {
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string | number;
  readonly onOpen: (row: T) => void;
  readonly onNearEnd: () => void;
  readonly rowClass?: (row: T) => string;
  readonly height?: number;
}

export const ROW_HEIGHT = 28;
const OVERSCAN = 8;

export function VirtualTable<T>({ rows, columns, rowKey, onOpen, onNearEnd, rowClass, height = 480 }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const template = columns.map((c) => c.width).join(' ');
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (last >= rows.length - OVERSCAN) onNearEnd();
  }, [last, rows.length]);

  return (
    <div class="vtable" role="table" aria-rowcount={rows.length}>
      <div class="vrow vhead" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => <div role="columnheader" key={c.title}>{c.title}</div>)}
      </div>
      <div class="vbody" ref={scroller} style={{ height: `${height}px` }} onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}>
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.slice(first, last).map((row, i) => (
            <div
              key={rowKey(row)}
              role="row"
              tabIndex={0}
              class={`vrow ${rowClass?.(row) ?? ''}`}
              style={{ gridTemplateColumns: template, top: `${(first + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
              onClick={() => onOpen(row)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onOpen(row);
              }}
            >
              {columns.map((c) => <div role="cell" key={c.title}>{c.cell(row)}</div>)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
