/**
 * The object kinds Collabo's manifests may contain, by `apiVersion/kind`, typed by the TypeScript
 * declarations generated from the Kubernetes OpenAPI (kubernetes-models), prometheus-operator's CRDs
 * (@kubernetes-models/prometheus-operator) and, for CloudNativePG, which no package models, by
 * ./cnpg.ts. The schema test reads these types with the TypeScript compiler to refuse unknown fields;
 * a kind missing here fails the test.
 */
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { CnpgCluster, CnpgDatabase, CnpgPooler, CnpgScheduledBackup } from './cnpg.js';

export interface Kinds {
  'v1/ConfigMap': IConfigMap;
  'v1/Namespace': INamespace;
  'v1/Service': IService;
  'v1/ServiceAccount': IServiceAccount;
  'apps/v1/Deployment': IDeployment;
  'apps/v1/StatefulSet': IStatefulSet;
  'batch/v1/Job': IJob;
  'autoscaling/v2/HorizontalPodAutoscaler': IHorizontalPodAutoscaler;
  'policy/v1/PodDisruptionBudget': IPodDisruptionBudget;
  'networking.k8s.io/v1/NetworkPolicy': INetworkPolicy;
  'networking.k8s.io/v1/Ingress': IIngress;
  'monitoring.coreos.com/v1/ServiceMonitor': IServiceMonitor;
  'monitoring.coreos.com/v1/PodMonitor': IPodMonitor;
  'monitoring.coreos.com/v1/PrometheusRule': IPrometheusRule;
  'postgresql.cnpg.io/v1/Cluster': CnpgCluster;
  'postgresql.cnpg.io/v1/Database': CnpgDatabase;
  'postgresql.cnpg.io/v1/Pooler': CnpgPooler;
  'postgresql.cnpg.io/v1/ScheduledBackup': CnpgScheduledBackup;
}
