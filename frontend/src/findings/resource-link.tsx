import { resourceHref } from '../app/routes';
import { resourceTypeLabel } from '../resource-types';

/** A link to a resource's detail page, named as people know it, with its type beneath. */
export function ResourceLink({
  id,
  name,
  type,
}: {
  id: string;
  name?: string | undefined;
  type?: string | undefined;
}) {
  return (
    <span className="resource-link">
      <a href={resourceHref(id)} title={id}>
        {name || shortId(id)}
      </a>
      {type && <span className="muted resource-link-type">{resourceTypeLabel(type)}</span>}
    </span>
  );
}

/** The last part of an ARN (`i-0abc`), which is what people recognise. */
export function shortId(id: string): string {
  const tail = id.split(/[:/]/).filter(Boolean).at(-1);
  return tail ?? id;
}
