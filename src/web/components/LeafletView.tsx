/**
 * A leaflet as its patient reads it (the server renders it for them: only the sections that apply,
 * their own dates, the clinic's numbers and locale). Staff see the same component on the episode.
 * `headingLevel` is the level of the leaflet's title; its sections follow from it.
 */
import { Alert, List, Stack, Text, Title } from '@mantine/core';
import { documentControlLine } from '../../content/control';
import type { RenderedLeaflet } from '../api';

type Block = RenderedLeaflet['intro'][number];
type Level = 1 | 2 | 3 | 4 | 5 | 6;

function Blocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((b, i) =>
        b.kind === 'paragraph' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the blocks are fixed for one rendering
          <Text key={i}>{b.text}</Text>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the blocks are fixed for one rendering
          <List key={i} spacing={4}>
            {b.items.map((item) => (
              <List.Item key={item}>{item}</List.Item>
            ))}
          </List>
        ),
      )}
    </>
  );
}

export function LeafletView({
  leaflet,
  headingLevel = 1,
}: {
  leaflet: RenderedLeaflet;
  headingLevel?: 1 | 2 | 3;
}) {
  const level = (n: number) => Math.min(6, headingLevel + n) as Level;
  // Sections under an urgent section are drawn inside its box.
  const groups: { head: RenderedLeaflet['sections'][number]; subs: RenderedLeaflet['sections'] }[] = [];
  for (const s of leaflet.sections) {
    const last = groups.at(-1);
    if (s.level === 3 && last) last.subs.push(s);
    else groups.push({ head: s, subs: [] });
  }
  return (
    <Stack gap="md" lang={leaflet.locale}>
      <Title order={level(0)} size="h2">
        {leaflet.title}
      </Title>
      <Blocks blocks={leaflet.intro} />
      {groups.map(({ head, subs }) => {
        const body = (
          <Stack gap="sm">
            <Blocks blocks={head.blocks} />
            {subs.map((s) => (
              <Stack key={s.id} gap="xs">
                <Title order={level(2)} size="h5">
                  {s.heading}
                </Title>
                <Blocks blocks={s.blocks} />
              </Stack>
            ))}
          </Stack>
        );
        const heading = (
          <Title order={level(1)} size="h4" id={`leaflet-${head.id}`}>
            {head.heading}
          </Title>
        );
        return (
          <section key={head.id} aria-labelledby={`leaflet-${head.id}`}>
            {head.tone ? (
              <Alert
                color={head.tone === 'urgent' ? 'red' : 'yellow'}
                variant="light"
                styles={{ message: { color: 'var(--mantine-color-black)' } }}
              >
                <Stack gap="sm">
                  {heading}
                  {body}
                </Stack>
              </Alert>
            ) : (
              <Stack gap="sm">
                {heading}
                {body}
              </Stack>
            )}
          </section>
        );
      })}
      <Text size="xs" c="dimmed">
        {documentControlLine(leaflet)}
      </Text>
    </Stack>
  );
}
