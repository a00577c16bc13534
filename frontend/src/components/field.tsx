import { cloneElement, type ReactElement, useId } from 'react';

/**
 * A labelled control. The label points at the control with `for` instead of wrapping it, so its
 * accessible name is the label text alone (a wrapping label would also take in a select's options).
 */
export function Field({
  label,
  className = 'field',
  children,
}: {
  label: string;
  className?: string;
  children: ReactElement<{ id?: string }>;
}) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}
