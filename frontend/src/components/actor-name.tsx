import type { Identity } from '../../../functions/domain/identity/actor';

/**
 * Who did something, as a record names them: the name it shows (a verified email, else the
 * username), with the Cognito username and sub it was recorded under on hover. A record without an
 * identity was written by a system component, or before identities were recorded.
 */
export function ActorName({
  name,
  identity,
}: {
  readonly name: string;
  readonly identity?: Identity | undefined;
}) {
  if (!identity) return <span>{name}</span>;
  return (
    <span className="actor" title={`Cognito user ${identity.username} (sub ${identity.sub})`}>
      {name}
    </span>
  );
}
