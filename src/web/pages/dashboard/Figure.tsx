/**
 * One figure of the dashboard: an Observable Plot drawing (SVG, made by `draw` into a container
 * React leaves alone), its data as a real table with a caption (what a screen reader reads), and
 * downloads of the drawing as SVG and PNG and of the table, exactly as shown, as CSV.
 */

import { Box, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { ScrollRegion } from '../../components/Page';
import { type TableModel, toCsv } from './tables';

interface FigureProps {
  id: string;
  title: string;
  /** what the drawing shows, in a sentence (its accessible name) */
  description: string;
  /** builds the drawing for a width in pixels; absent for a table-only section */
  draw?: (width: number) => SVGSVGElement | HTMLElement;
  tables: TableModel[];
  children?: ReactNode;
  note?: string;
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  return new XMLSerializer().serializeToString(copy);
}

/** The SVG drawn on a canvas (twice the size, on white) and saved as PNG. */
async function savePng(svg: SVGSVGElement, name: string) {
  const width = svg.width.baseVal.value || svg.clientWidth;
  const height = svg.height.baseVal.value || svg.clientHeight;
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.width = width;
    image.height = height;
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The drawing could not be turned into a picture.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d')!;
    context.scale(2, 2);
    context.fillStyle = 'white';
    context.fillRect(0, 0, width, height);
    context.drawImage(image, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) save(blob, name);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function DataTable({ table, id }: { table: TableModel; id: string }) {
  return (
    // tabIndex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <ScrollRegion minWidth={360} label={`Table: ${table.caption}`}>
      <Table striped withTableBorder verticalSpacing={4} fz="sm" data-testid={`${id}-table`}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>{table.caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {table.columns.map((c) => (
              <Table.Th key={c} scope="col">
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows have no identity beyond their order
            <Table.Tr key={i}>
              {row.map((value, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <Table.Td key={j}>{value}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

export function Figure({ id, title, description, draw, tables, children, note }: FigureProps) {
  const holder = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const box = holder.current;
    if (!box || !draw) return;
    const render = () => {
      const width = Math.max(300, Math.min(box.clientWidth || 640, 900));
      const drawing = draw(width);
      const svg = drawing instanceof SVGSVGElement ? drawing : drawing.querySelector('svg');
      // The table below carries the numbers: inside the picture, Plot's own labels of its marks
      // (aria-label on <g>, which ARIA does not allow there) would only be noise.
      for (const el of drawing.querySelectorAll('[aria-label], [aria-description]')) {
        el.removeAttribute('aria-label');
        el.removeAttribute('aria-description');
      }
      svg?.setAttribute('role', 'img');
      svg?.setAttribute('aria-label', `${title}. ${description} The numbers are in the table below.`);
      box.replaceChildren(drawing);
    };
    render();
    let last = box.clientWidth;
    const observer = new ResizeObserver(() => {
      if (Math.abs(box.clientWidth - last) < 20) return;
      last = box.clientWidth;
      render();
    });
    observer.observe(box);
    return () => {
      observer.disconnect();
      box.replaceChildren();
    };
  }, [draw, title, description]);

  const svg = () => holder.current?.querySelector('svg') ?? null;
  const csv = tables.map((t) => toCsv(t)).join('\r\n');
  return (
    <Stack component="section" gap="sm" aria-labelledby={`${id}-title`} id={id}>
      <Title order={2} size="h3" id={`${id}-title`}>
        {title}
      </Title>
      {children}
      {draw && <Box ref={holder} data-testid={`${id}-plot`} style={{ width: '100%', overflowX: 'auto' }} />}
      {tables.map((t, i) => (
        <DataTable key={t.caption} table={t} id={`${id}-${i}`} />
      ))}
      {note && (
        <Text size="sm" c="gray.7">
          {note}
        </Text>
      )}
      <Group gap="xs">
        {draw && (
          <>
            <Button
              variant="default"
              size="xs"
              aria-label={`Download SVG: ${title}`}
              onClick={() => {
                const s = svg();
                if (s) save(new Blob([svgText(s)], { type: 'image/svg+xml' }), `${id}.svg`);
              }}
            >
              Download SVG
            </Button>
            <Button
              variant="default"
              size="xs"
              aria-label={`Download PNG: ${title}`}
              onClick={() => {
                const s = svg();
                if (s) void savePng(s, `${id}.png`);
              }}
            >
              Download PNG
            </Button>
          </>
        )}
        <Button
          variant="default"
          size="xs"
          data-testid={`${id}-csv`}
          aria-label={`Download CSV: ${title}`}
          onClick={() => save(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${id}.csv`)}
        >
          Download CSV
        </Button>
      </Group>
    </Stack>
  );
}
