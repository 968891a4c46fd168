import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Target = Parameters<Lookup>[0];

interface Storage {
  getTargetValidationMetadatas: Lookup;
  addValidationMetadata(metadata: ValidationMetadata): void;
  [CACHED]?: true;
}

const CACHED = Symbol.for('collabo.validationMetadataCache');
const FLAG_KEYS = ['0', '1', '2', '3'];

/**
 * Makes class-validator's per-validation metadata lookup a map hit.
 *
 * `MetadataStorage.getTargetValidationMetadatas` runs on every `validate()` call and walks every class that has
 * validation decorators (an `instanceof` check each, to collect inherited rules), then filters and concatenates
 * the results: a few microseconds and a few hundred bytes of garbage per validated payload, one of the two largest
 * allocation sites of the registry's RPC path in a sampling profile (with AsyncLocalStorage's promise hooks). Its answer only changes when a decorator
 * registers more metadata, so the answer is kept per (class, schema, options) and the whole cache is dropped
 * whenever metadata is added (a class loaded later). The arrays are shared: class-validator only reads them.
 * Idempotent; the storage is the process-wide one every copy of class-validator uses.
 */
export function cacheValidationMetadataLookups(): void {
  const storage = getMetadataStorage() as unknown as Storage;
  if (storage[CACHED]) return;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let cache = new Map<Target, Map<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    const flags = (always ? 1 : 0) + (strictGroups ? 2 : 0);
    const options =
      !targetSchema && !groups?.length ? FLAG_KEYS[flags]! : `${flags}\u0000${targetSchema ?? ''}\u0000${JSON.stringify(groups ?? [])}`;
    let forTarget = cache.get(targetConstructor);
    if (!forTarget) cache.set(targetConstructor, (forTarget = new Map()));
    let found = forTarget.get(options);
    if (!found) forTarget.set(options, (found = lookup(targetConstructor, targetSchema, always, strictGroups, groups)));
    return found;
  };
  storage.addValidationMetadata = (metadata) => {
    cache = new Map();
    add(metadata);
  };
  storage[CACHED] = true;
}
