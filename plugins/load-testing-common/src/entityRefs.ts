import { parseEntityRef } from '@backstage/catalog-model';

/**
 * An entity ref as the catalog compares them: `kind:namespace/name`, lower case, the
 * default namespace filled in. Undefined when `ref` is not an entity ref.
 * @public
 */
export function normalizeEntityRef(ref: unknown): string | undefined {
  if (
    typeof ref !== 'string' ||
    ref.length > 255 ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f]/.test(ref)
  )
    return undefined;
  try {
    const { kind, namespace, name } = parseEntityRef(ref.trim());
    if (!kind || !namespace || !name) return undefined;
    return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
