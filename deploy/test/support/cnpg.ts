/**
 * The part of the CloudNativePG `postgresql.cnpg.io/v1` API that Collabo's manifests use, written from
 * the CloudNativePG API reference (operator 1.25+: the Database resource), because no npm package
 * models CloudNativePG. The schema test walks the Cluster, Database, Pooler and ScheduledBackup objects against these types:
 * an unknown or misspelt field, a wrong type or a missing required field fails it. Using a new field
 * means checking it in the API reference and adding it here.
 */
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';

interface LocalObjectReference {
  name: string;
}

/** SecretKeySelector / ConfigMapKeySelector of the CloudNativePG API. */
interface SecretOrConfigMapKeySelector {
  name: string;
  key: string;
}

/** BarmanObjectStoreConfiguration (S3-compatible store), the fields used. */
interface BarmanObjectStoreConfiguration {
  destinationPath: string;
  endpointURL?: string;
  endpointCA?: SecretOrConfigMapKeySelector;
  serverName?: string;
  s3Credentials?: {
    accessKeyId?: SecretOrConfigMapKeySelector;
    secretAccessKey?: SecretOrConfigMapKeySelector;
    region?: SecretOrConfigMapKeySelector;
    sessionToken?: SecretOrConfigMapKeySelector;
    inheritFromIAMRole?: boolean;
  };
  wal?: {
    compression?: 'gzip' | 'bzip2' | 'snappy';
    encryption?: 'AES256' | 'aws:kms';
    maxParallel?: number;
  };
  data?: {
    compression?: 'gzip' | 'bzip2' | 'snappy';
    encryption?: 'AES256' | 'aws:kms';
    jobs?: number;
    immediateCheckpoint?: boolean;
  };
  tags?: { [key: string]: string };
  historyTags?: { [key: string]: string };
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
    /** BootstrapRecovery: a new cluster from the backups and WAL of another (restore). */
    recovery?: {
      source?: string;
      backup?: LocalObjectReference;
      database?: string;
      owner?: string;
      secret?: LocalObjectReference;
      recoveryTarget?: {
        targetTime?: string;
        targetLSN?: string;
        targetXID?: string;
        targetName?: string;
        targetImmediate?: boolean;
        targetTLI?: string;
        exclusive?: boolean;
        backupID?: string;
      };
    };
  };
  /** ExternalCluster: where a recovery reads from. */
  externalClusters?: {
    name: string;
    barmanObjectStore?: BarmanObjectStoreConfiguration;
    connectionParameters?: { [key: string]: string };
  }[];
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
  /** ClusterSpec.certificates (CertificatesConfiguration): extra names in the operator-made server certificate. */
  certificates?: {
    serverAltDNSNames?: string[];
    serverCASecret?: string;
    serverTLSSecret?: string;
    replicationTLSSecret?: string;
    clientCASecret?: string;
  };
  /** ClusterSpec.backup (BackupConfiguration) with the in-tree barman-cloud object store. */
  backup?: {
    barmanObjectStore?: BarmanObjectStoreConfiguration;
    retentionPolicy?: string;
    target?: 'primary' | 'prefer-standby';
  };
  /** ClusterSpec.monitoring (MonitoringConfiguration). */
  monitoring?: {
    customQueriesConfigMap?: SecretOrConfigMapKeySelector[];
    customQueriesSecret?: SecretOrConfigMapKeySelector[];
    disableDefaultQueries?: boolean;
  };
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

/** The Pooler resource (PgBouncer in front of a cluster's service). */
interface PoolerSpec {
  cluster: LocalObjectReference;
  type?: 'rw' | 'ro';
  instances?: number;
  template?: IPodTemplateSpec;
  pgbouncer: {
    poolMode?: 'session' | 'transaction';
    parameters?: { [name: string]: string };
    authQuery?: string;
    authQuerySecret?: LocalObjectReference;
    paused?: boolean;
    pg_hba?: string[];
  };
  monitoring?: { enablePodMonitor?: boolean };
  serviceTemplate?: { metadata?: { labels?: { [key: string]: string }; annotations?: { [key: string]: string } } };
}

export interface CnpgPooler {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'Pooler';
  metadata: IObjectMeta;
  spec: PoolerSpec;
}

/** The ScheduledBackup resource. `schedule` has six fields, seconds first. */
interface ScheduledBackupSpec {
  schedule: string;
  cluster: LocalObjectReference;
  suspend?: boolean;
  immediate?: boolean;
  backupOwnerReference?: 'none' | 'self' | 'cluster';
  target?: 'primary' | 'prefer-standby';
  method?: 'barmanObjectStore' | 'volumeSnapshot' | 'plugin';
  online?: boolean;
}

export interface CnpgScheduledBackup {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'ScheduledBackup';
  metadata: IObjectMeta;
  spec: ScheduledBackupSpec;
}
