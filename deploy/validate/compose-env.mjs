// The environment docker-compose.yml gives one service, for deploy/image/smoke-test.sh, with compose's addresses
// moved to this machine: the service names become 127.0.0.1 with the port the smoke test gave each, Kafka and
// PostgreSQL become test-support's. One NAME=value per line.
//   node compose-env.mjs <service> <ports as name=port,...> <kafka bootstrap> <db host> <db port>
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const [service, portList, kafka, dbHost, dbPort] = process.argv.slice(2);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const compose = YAML.parse(fs.readFileSync(path.join(repo, "docker-compose.yml"), "utf8"), { merge: true });
const ports = Object.fromEntries(portList.split(",").map((p) => p.split("=")));
const environment = compose.services[service].environment;
const moved = (value) =>
  String(value)
    .replace(/\$\{[A-Za-z_]+:-([^}]*)\}/g, "$1")
    .replace(/http:\/\/([a-z-]+):8080/g, (whole, host) => (ports[host] ? `http://127.0.0.1:${ports[host]}` : whole))
    .replace(/^kafka:9092$/, kafka)
    .replace(/^postgres$/, dbHost)
    .replace(/^5432$/, dbPort);
for (const [name, value] of Object.entries(environment)) {
  // Redis is not started: the gateway then counts rate limits per replica, as it does whenever Redis is away.
  if (String(value).startsWith("redis://")) continue;
  if (name === "QUARKUS_HTTP_PORT") console.log(`${name}=${ports[service]}`);
  else console.log(`${name}=${moved(value)}`);
}
