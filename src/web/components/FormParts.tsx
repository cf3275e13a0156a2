import {
  Button,
  Group,
  Radio,
  type RadioGroupProps,
  Textarea,
  type TextareaProps,
  TextInput,
  type TextInputProps,
} from '@mantine/core';
import type { ReactNode } from 'react';

/** One choice of a few, as radio buttons in a row, from a record of labels in the order shown. */
export function LabelledRadios<T extends string>({
  labels,
  onChange,
  mt = 4,
  ...group
}: Omit<RadioGroupProps, 'children' | 'onChange'> & {
  labels: Readonly<Record<T, string>>;
  onChange: (value: NoInfer<T>) => void;
  /** Space between the label and the buttons. */
  mt?: number;
}) {
  return (
    <Radio.Group {...group} onChange={(value) => onChange(value as T)}>
      <Group gap="md" mt={mt}>
        {(Object.keys(labels) as T[]).map((value) => (
          <Radio key={value} value={value} label={labels[value]} />
        ))}
      </Group>
    </Radio.Group>
  );
}

/** A secondary action on its own row of a form, e.g. adding or removing a row of a list. */
export function RowButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Group>
      <Button variant="default" size="sm" onClick={onClick}>
        {children}
      </Button>
    </Group>
  );
}

/** A number typed as text (read with `num`), with the decimal keypad on a phone. */
export function DecimalInput(props: TextInputProps) {
  return <TextInput inputMode="decimal" {...props} />;
}

/**
 * A form's submit button on its own row, with Cancel when the form can be left; `children` stand
 * beside them (e.g. why saving is refused).
 */
export function SaveButton({
  label,
  saving,
  disabled,
  describedBy,
  color,
  gap,
  onCancel,
  cancelLabel = 'Cancel',
  children,
}: {
  label: string;
  saving: boolean;
  disabled?: boolean;
  describedBy?: string | undefined;
  color?: string | undefined;
  gap?: 'sm';
  onCancel?: (() => void) | undefined;
  /** The word for leaving without saving, where "Cancel" would read as the action (a list cancelled). */
  cancelLabel?: string;
  children?: ReactNode;
}) {
  return (
    <Group gap={gap}>
      <Button type="submit" color={color} loading={saving} disabled={disabled} aria-describedby={describedBy}>
        {label}
      </Button>
      {onCancel && (
        <Button variant="default" onClick={onCancel}>
          {cancelLabel}
        </Button>
      )}
      {children}
    </Group>
  );
}

/** Free text that must be written for the record (a reason, a decision's why), growing as it is typed. */
export function RecordNote(props: TextareaProps) {
  return <Textarea required autosize minRows={2} {...props} />;
}
