import { Box } from '@mantine/core';
import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import type { Diary } from '../../api';
import { formatTick, localTicks } from '../../format';

/**
 * Pain over time (0–10) with the injection marked: a picture for sighted readers. It is hidden from
 * screen readers, which read the diary's table beside it instead.
 */
export function PainChart({
  diary,
  timeZone,
  height = 220,
}: {
  diary: Diary;
  /** The clinic's, as the diary's table beside it shows its times. */
  timeZone: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node || diary.entries.length === 0) return;
    const points = diary.entries.map((e) => ({ at: new Date(e.at), pain: e.pain, late: e.late }));
    const marks: Plot.Markish[] = [
      Plot.ruleY([0]),
      Plot.lineY(points, { x: 'at', y: 'pain', stroke: '#1864ab', strokeWidth: 2 }),
      Plot.dot(points, {
        x: 'at',
        y: 'pain',
        fill: (d: { late: boolean }) => (d.late ? 'white' : '#1864ab'),
        stroke: '#1864ab',
        r: 4,
      }),
    ];
    if (diary.baselinePain !== null) {
      marks.push(Plot.ruleY([diary.baselinePain], { stroke: '#495057', strokeDasharray: '4,3' }));
    }
    if (diary.procedureAt) {
      const at = new Date(diary.procedureAt);
      marks.push(Plot.ruleX([at], { stroke: '#c92a2a' }));
      marks.push(
        Plot.text([{ at }], {
          x: 'at',
          frameAnchor: 'top',
          text: () => 'Injection',
          dx: 4,
          textAnchor: 'start',
          fill: '#c92a2a',
        }),
      );
    }
    const width = Math.max(280, node.clientWidth);
    const times = points.map((p) => p.at.getTime());
    if (diary.procedureAt) times.push(new Date(diary.procedureAt).getTime());
    const domain = [new Date(Math.min(...times)), new Date(Math.max(...times))] as const;
    const chart = Plot.plot({
      height,
      width,
      marginLeft: 36,
      y: { domain: [0, 10], label: 'Pain (0–10)', grid: true },
      x: {
        type: 'time',
        domain,
        label: null,
        // Ticks on the clinic's clock (midnights, the 1st of a month), whatever the browser's zone.
        ticks: localTicks(domain[0], domain[1], timeZone, Math.max(2, Math.floor(width / 90))),
        tickFormat: (at: Date) => formatTick(at, timeZone),
      },
      marks,
    });
    chart.setAttribute('aria-hidden', 'true');
    node.replaceChildren(chart);
    return () => chart.remove();
  }, [diary, height, timeZone]);
  if (diary.entries.length === 0) return null;
  return <Box ref={ref} w="100%" style={{ overflowX: 'auto' }} />;
}
