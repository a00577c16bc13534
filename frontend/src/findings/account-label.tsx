/** An account as "name (id)" where its name is known, else its id; the id stays in the DOM for search and tests. */
export function AccountLabel({ id, names }: { id: string; names: ReadonlyMap<string, string> }) {
  const name = names.get(id);
  return name ? (
    <span title={id}>
      {name}{' '}
      <span className="muted">
        (<code>{id}</code>)
      </span>
    </span>
  ) : (
    <code>{id}</code>
  );
}
