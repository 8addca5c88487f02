/**
 * The console's list tables: a header row of column names, then the caller's rows. `actions` adds a
 * last column for row buttons, headed by a screen-reader-only "Actions" (`hidden`) or left empty (`blank`).
 */
import type { ComponentChildren } from 'preact';

export interface ListTableProps {
  columns: string[];
  label?: string;
  caption?: string;
  actions?: 'hidden' | 'blank';
  children: ComponentChildren;
}

export function ListTable(props: ListTableProps) {
  return (
    <table aria-label={props.label}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
          {props.actions === 'hidden' && (
            <th>
              <span class="sr-only">Actions</span>
            </th>
          )}
          {props.actions === 'blank' && <th />}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
