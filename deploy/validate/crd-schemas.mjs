// JSON Schemas of the custom resources Herald's manifests use whose CRD schemas no registry reachable here publishes
// (Strimzi, CloudNativePG; KEDA's ScaledObject is checked with @kubernetes-models/keda as well). Written from the
// operators' API references (strimzi.io/docs "Custom resource API reference" 0.45+, cloudnative-pg.io/documentation
// "API Reference" 1.25+) for the fields Herald sets: a field not listed is refused (additionalProperties: false), so
// a typo or a field of another version fails CI instead of being ignored by the operator.

const str = { type: "string" };
const int = { type: "integer" };
const bool = { type: "boolean" };
const quantity = { anyOf: [{ type: "string", pattern: "^[0-9.]+([KMGTPE]i?|m)?$" }, { type: "integer" }] };
const closed = (properties, required = []) => ({ type: "object", additionalProperties: false, properties, required });
const map = (values) => ({ type: "object", additionalProperties: values });
const metadata = closed(
  { name: str, namespace: str, labels: map(str), annotations: map(str) },
  ["name"],
);
const resources = closed({ requests: map(quantity), limits: map(quantity) });
const secretKeySelector = closed({ name: str, key: str }, ["name", "key"]);
const labelSelector = closed({ matchLabels: map(str), matchExpressions: { type: "array" } });
const networkPolicyPeer = closed({ podSelector: labelSelector, namespaceSelector: labelSelector });
const kafkaConfig = map({ anyOf: [str, int, bool, { type: "number" }] });

const resource = (apiVersion, kind, spec) =>
  closed(
    { apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec },
    ["apiVersion", "kind", "metadata", "spec"],
  );

const kafka = resource(
  "kafka.strimzi.io/v1beta2",
  "Kafka",
  closed(
    {
      kafka: closed(
        {
          version: { type: "string", pattern: "^[0-9]+\\.[0-9]+\\.[0-9]+$" },
          metadataVersion: str,
          listeners: {
            type: "array",
            minItems: 1,
            items: closed(
              {
                name: { type: "string", pattern: "^[a-z0-9]{1,11}$" },
                port: { type: "integer", minimum: 9092 },
                type: { enum: ["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"] },
                tls: bool,
                networkPolicyPeers: { type: "array", items: networkPolicyPeer },
              },
              ["name", "port", "type", "tls"],
            ),
          },
          config: kafkaConfig,
          resources,
          metricsConfig: closed(
            {
              type: { enum: ["jmxPrometheusExporter"] },
              valueFrom: closed({ configMapKeyRef: closed({ name: str, key: str }, ["name", "key"]) }),
            },
            ["type", "valueFrom"],
          ),
        },
        ["listeners"],
      ),
      entityOperator: closed({ topicOperator: closed({ resources }), userOperator: closed({ resources }) }),
      kafkaExporter: closed({ topicRegex: str, groupRegex: str, resources }),
    },
    ["kafka"],
  ),
);

const kafkaNodePool = resource(
  "kafka.strimzi.io/v1beta2",
  "KafkaNodePool",
  closed(
    {
      replicas: { type: "integer", minimum: 1 },
      roles: { type: "array", minItems: 1, items: { enum: ["controller", "broker"] } },
      resources,
      storage: closed(
        {
          type: { enum: ["jbod", "persistent-claim", "ephemeral"] },
          volumes: {
            type: "array",
            items: closed(
              {
                id: int,
                type: { enum: ["persistent-claim", "ephemeral"] },
                size: quantity,
                class: str,
                deleteClaim: bool,
                kraftMetadata: { enum: ["shared"] },
              },
              ["type"],
            ),
          },
        },
        ["type"],
      ),
    },
    ["replicas", "roles", "storage"],
  ),
);

const kafkaTopic = resource(
  "kafka.strimzi.io/v1beta2",
  "KafkaTopic",
  closed(
    {
      topicName: str,
      partitions: { type: "integer", minimum: 1 },
      replicas: { type: "integer", minimum: 1, maximum: 32767 },
      config: kafkaConfig,
    },
    ["partitions", "replicas"],
  ),
);

const barmanObjectStore = closed(
  {
    destinationPath: { type: "string", pattern: "^s3://" },
    endpointURL: str,
    s3Credentials: closed({ accessKeyId: secretKeySelector, secretAccessKey: secretKeySelector }),
    wal: closed({ compression: { enum: ["gzip", "bzip2", "snappy", "lz4", "xz", "zstd"] }, maxParallel: int }),
    data: closed({ compression: { enum: ["gzip", "bzip2", "snappy"] }, jobs: int }),
  },
  ["destinationPath"],
);

const cnpgCluster = resource(
  "postgresql.cnpg.io/v1",
  "Cluster",
  closed(
    {
      instances: { type: "integer", minimum: 1 },
      imageName: str,
      primaryUpdateStrategy: { enum: ["unsupervised", "supervised"] },
      bootstrap: closed({
        initdb: closed({ database: str, owner: str, secret: closed({ name: str }, ["name"]) }),
      }),
      postgresql: closed({ parameters: map(str) }),
      storage: closed({ size: quantity, storageClass: str }, ["size"]),
      resources,
      monitoring: closed({ enablePodMonitor: bool }),
      backup: closed({
        retentionPolicy: { type: "string", pattern: "^[1-9][0-9]*[dwm]$" },
        barmanObjectStore,
      }),
    },
    ["instances", "storage"],
  ),
);

const cnpgScheduledBackup = resource(
  "postgresql.cnpg.io/v1",
  "ScheduledBackup",
  closed(
    {
      // Six fields: seconds first (robfig/cron), unlike a Kubernetes CronJob.
      schedule: { type: "string", pattern: "^\\S+( \\S+){5}$" },
      backupOwnerReference: { enum: ["none", "self", "cluster"] },
      cluster: closed({ name: str }, ["name"]),
      immediate: bool,
    },
    ["schedule", "cluster"],
  ),
);

// KEDA: @kubernetes-models/keda checks types against KEDA's CRD; this adds the closed set of fields (the CRD's
// metadata of a trigger is a free map, so the kafka scaler's keys are listed from keda.sh/docs/scalers/apache-kafka).
const kafkaTriggerMetadata = closed(
  {
    bootstrapServers: str,
    consumerGroup: str,
    topic: str,
    lagThreshold: { type: "string", pattern: "^[0-9]+$" },
    activationLagThreshold: { type: "string", pattern: "^[0-9]+$" },
    offsetResetPolicy: { enum: ["earliest", "latest"] },
    allowIdleConsumers: { enum: ["true", "false"] },
    scaleToZeroOnInvalidOffset: { enum: ["true", "false"] },
    limitToPartitionsWithLag: { enum: ["true", "false"] },
  },
  ["bootstrapServers", "consumerGroup", "topic", "lagThreshold"],
);

const scaledObject = resource(
  "keda.sh/v1alpha1",
  "ScaledObject",
  closed(
    {
      scaleTargetRef: closed({ name: str, apiVersion: str, kind: str }, ["name"]),
      minReplicaCount: { type: "integer", minimum: 0 },
      maxReplicaCount: { type: "integer", minimum: 1 },
      pollingInterval: int,
      cooldownPeriod: int,
      triggers: {
        type: "array",
        minItems: 1,
        items: closed({ type: { const: "kafka" }, metadata: kafkaTriggerMetadata }, ["type", "metadata"]),
      },
    },
    ["scaleTargetRef", "triggers"],
  ),
);

export const crdSchemas = {
  "kafka.strimzi.io/v1beta2/Kafka": kafka,
  "kafka.strimzi.io/v1beta2/KafkaNodePool": kafkaNodePool,
  "kafka.strimzi.io/v1beta2/KafkaTopic": kafkaTopic,
  "postgresql.cnpg.io/v1/Cluster": cnpgCluster,
  "postgresql.cnpg.io/v1/ScheduledBackup": cnpgScheduledBackup,
  "keda.sh/v1alpha1/ScaledObject": scaledObject,
};
