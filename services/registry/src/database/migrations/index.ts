import { RegistrySchema1732800000000 } from './1732800000000-registry-schema.js';
import { ReferenceData1732800000001 } from './1732800000001-reference-data.js';

export const REGISTRY_MIGRATIONS = [RegistrySchema1732800000000, ReferenceData1732800000001];
