/** An account by name where known, its id on hover (and always in the DOM for search and tests). */
export function AccountLabel({ id, names }: { id: string; names: ReadonlyMap<string, string> }) {
  const name = names.get(id);
  return name ? (
    <span title={id}>
      {name} <code className="muted">{id}</code>
    </span>
  ) : (
    <code>{id}</code>
  );
}
