import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: string;
  /** Focus the control that opened it again on closing (off when that control goes away). */
  returnFocus?: boolean;
  children: ReactNode;
}

/**
 * Mantine's Modal, composed so its header is a plain div: a <header> there would be a second
 * "banner" landmark beside the page's own. Full screen on a phone.
 */
export function Dialog({ opened, onClose, title, size = 'md', returnFocus = true, children }: Props) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal.Root opened={opened} onClose={onClose} size={size} fullScreen={phone} returnFocus={returnFocus}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header component="div">
          <Modal.Title fw={600}>{title}</Modal.Title>
          <Modal.CloseButton aria-label="Close" />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
