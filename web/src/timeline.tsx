// The timeline: events per time bucket, stacked by record type or key
// (uPlot, one canvas). Dragging across it selects a time range, which the
// page turns into a zoom (the range becomes the search's from/to). Series
// names come from the log: uPlot writes them with textContent.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistogramResult } from './api';
import { PALETTE, cssVar } from './theme';
import type { Theme } from './theme';

/** Bars filling most of each bucket (the histogram's own shape). */
const BARS = uPlot.paths.bars?.({ size: [0.9, 64], align: 1 });

interface Props {
  readonly data: HistogramResult;
  readonly theme: Theme;
  readonly onZoom: (fromMs: number, toMs: number) => void;
}

// uPlot has no stacking: each series is drawn as the running sum, largest
// first, each filled down to zero, so every band shows one series. The
// legend and cursor show the series' own counts.
function stacked(h: HistogramResult): { data: uPlot.AlignedData; order: number[] } {
  const xs = h.times.map((t) => t / 1000);
  const sums: number[][] = [];
  let running = new Array<number>(xs.length).fill(0);
  for (const s of h.series) {
    running = running.map((v, i) => v + (s.counts[i] ?? 0));
    sums.push(running);
  }
  const order = h.series.map((_, i) => i).reverse();
  return { data: [xs, ...order.map((i) => sums[i] as number[])], order };
}

export function Timeline({ data, theme, onZoom }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;

  useEffect(() => {
    const el = host.current;
    if (el === null) return undefined;
    const { data: aligned, order } = stacked(data);
    const axis = cssVar('--muted');
    const grid = cssVar('--grid');
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 220,
      cursor: { drag: { x: true, y: false, setScale: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      legend: { live: true },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 50 },
      ],
      series: [
        {},
        ...order.map((i) => {
          const s = data.series[i] as HistogramResult['series'][number];
          const colour = PALETTE[i % PALETTE.length] as string;
          return {
            label: s.name,
            stroke: colour,
            fill: `${colour}cc`,
            width: 1,
            points: { show: false },
            ...(BARS === undefined ? {} : { paths: BARS }),
            value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) => (idx === null ? '–' : String(s.counts[idx] ?? 0)),
          } satisfies uPlot.Series;
        }),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            if (to > from) zoom.current(Math.floor(from), Math.ceil(to));
          },
        ],
      },
    };
    const plot = new uPlot(opts, aligned, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(300, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, theme]);

  return <div class="timeline" ref={host} data-testid="timeline" />;
}
