/**
 * Makes every object of a zod schema strict, however deeply nested: fleet files are written by hand,
 * and a misspelled key (`instanceTyp`) silently dropped would leave a fleet that quietly differs from
 * what its author meant (issue 10). The domain schemas stay as they are (stored items carry key
 * attributes they must ignore); the fleet applies this to its copy.
 */
import { z } from 'zod';

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

const defOf = (schema: AnySchema) => schema._zod.def as unknown as Def;

function cloneWith<T extends AnySchema>(schema: T, def: Def): T {
  const copy = (schema as unknown as { clone(def: unknown): T }).clone(def);
  // Descriptions and other metadata live in the registry, keyed by the instance.
  const meta = z.globalRegistry.get(schema);
  if (meta) z.globalRegistry.add(copy, meta);
  return copy;
}

/** The same schema with every object that strips unknown keys made to reject them instead. */
export function strictDeep<T extends AnySchema>(schema: T): T {
  const seen = new Map<AnySchema, AnySchema>();
  const walk = <S extends AnySchema>(s: S): S => {
    const done = seen.get(s);
    if (done) return done as S;
    const def = defOf(s);
    const child = (key: string) => walk(def[key] as AnySchema);
    let out: AnySchema;
    switch (def.type) {
      case 'object': {
        const shape = Object.fromEntries(
          Object.entries(def.shape as Record<string, AnySchema>).map(([k, v]) => [k, walk(v)]),
        );
        // A deliberate catchall (loose objects) stays; only stripping objects become strict.
        out = cloneWith(s, { ...def, shape, catchall: def.catchall ?? z.never() });
        break;
      }
      case 'array':
        out = cloneWith(s, { ...def, element: child('element') });
        break;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        out = cloneWith(s, { ...def, innerType: child('innerType') });
        break;
      case 'union':
        out = cloneWith(s, { ...def, options: (def.options as AnySchema[]).map(walk) });
        break;
      case 'intersection':
        out = cloneWith(s, { ...def, left: child('left'), right: child('right') });
        break;
      case 'record':
        out = cloneWith(s, { ...def, valueType: child('valueType') });
        break;
      case 'tuple':
        out = cloneWith(s, {
          ...def,
          items: (def.items as AnySchema[]).map(walk),
          ...(def.rest ? { rest: child('rest') } : {}),
        });
        break;
      case 'pipe':
        out = cloneWith(s, { ...def, in: child('in'), out: child('out') });
        break;
      default:
        out = s;
    }
    seen.set(s, out);
    return out as S;
  };
  return walk(schema);
}
