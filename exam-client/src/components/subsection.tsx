import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** A titled part of a landing section (an <h3> that names the region for assistive tech). */
export function Subsection(props: { title: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <section class="subsection" aria-labelledby={id}>
      <h3 id={id}>{props.title}</h3>
      {props.children}
    </section>
  );
}
