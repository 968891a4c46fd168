/**
 * The part of the CloudNativePG `postgresql.cnpg.io/v1` API that Collabo's manifests use, written from
 * the CloudNativePG API reference (operator 1.25+: the Database resource), because no npm package
 * models CloudNativePG. The schema test walks the Cluster and Database objects against these types:
 * an unknown or misspelt field, a wrong type or a missing required field fails it. Using a new field
 * means checking it in the API reference and adding it here.
 */
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

interface LocalObjectReference {
  name: string;
}

/** ClusterSpec.managed.roles[] (RoleConfiguration). */
interface RoleConfiguration {
  name: string;
  comment?: string;
  ensure?: 'present' | 'absent';
  passwordSecret?: LocalObjectReference;
  disablePassword?: boolean;
  connectionLimit?: number;
  validUntil?: string;
  inRoles?: string[];
  inherit?: boolean;
  login?: boolean;
  superuser?: boolean;
  createdb?: boolean;
  createrole?: boolean;
  replication?: boolean;
  bypassrls?: boolean;
}

/** ClusterSpec.bootstrap.initdb (BootstrapInitDB), the fields used. */
interface BootstrapInitDB {
  database?: string;
  owner?: string;
  secret?: LocalObjectReference;
  encoding?: string;
  localeCollate?: string;
  localeCType?: string;
  dataChecksums?: boolean;
  postInitSQL?: string[];
  postInitApplicationSQL?: string[];
  postInitTemplateSQL?: string[];
}

interface ClusterSpec {
  instances: number;
  imageName?: string;
  imagePullPolicy?: 'Always' | 'Never' | 'IfNotPresent';
  primaryUpdateStrategy?: 'unsupervised' | 'supervised';
  primaryUpdateMethod?: 'switchover' | 'restart';
  enableSuperuserAccess?: boolean;
  description?: string;
  postgresql?: {
    parameters?: { [name: string]: string };
    pg_hba?: string[];
  };
  bootstrap?: {
    initdb?: BootstrapInitDB;
  };
  managed?: {
    roles?: RoleConfiguration[];
  };
  storage?: {
    size?: string;
    storageClass?: string;
    resizeInUseVolumes?: boolean;
  };
  walStorage?: {
    size?: string;
    storageClass?: string;
  };
  resources?: IResourceRequirements;
  affinity?: {
    enablePodAntiAffinity?: boolean;
    topologyKey?: string;
    podAntiAffinityType?: 'preferred' | 'required';
    nodeSelector?: { [key: string]: string };
  };
  inheritedMetadata?: {
    labels?: { [key: string]: string };
    annotations?: { [key: string]: string };
  };
}

export interface CnpgCluster {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'Cluster';
  metadata: IObjectMeta;
  spec: ClusterSpec;
}

/** The Database resource (declarative database management). */
interface DatabaseSpec {
  cluster: LocalObjectReference;
  name: string;
  owner: string;
  ensure?: 'present' | 'absent';
  databaseReclaimPolicy?: 'retain' | 'delete';
  allowConnections?: boolean;
  connectionLimit?: number;
  encoding?: string;
}

export interface CnpgDatabase {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'Database';
  metadata: IObjectMeta;
  spec: DatabaseSpec;
}
