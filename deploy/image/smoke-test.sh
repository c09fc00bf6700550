#!/usr/bin/env bash
# Runs the six images the way docker-compose.yml does, without Docker (none here): each image's layers unpacked into a
# root filesystem, mounted read-only, and started with chroot as uid 10001, with the environment of its compose
# service (deploy/validate/compose-env.mjs) and the secrets of deploy/compose/init-secrets.sh, against test-support's
# Kafka and PostgreSQL. Then deploy/compose/bootstrap.sh makes the demo workspace, a post is published through the
# sandbox and an image is uploaded and processed. Needs root (chroot, /proc mounts), the images
# (<service>/target/jib-image.tar) and the built test-support module. About 1.5 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
services=(api-gateway post-service media-service publisher-service webhook-service analytics-service)
work=$(mktemp -d /tmp/herald-image-smoke.XXXXXX)
pids=()
infra_pid=""

in_roots() { # the pids of every process whose root directory is in $work: the services, whatever started them
  local link
  for link in /proc/[0-9]*/root; do
    if [[ $(readlink "$link" 2>/dev/null) == "$work/"* ]]; then
      link=${link#/proc/}
      echo "${link%/root}"
    fi
  done
}

stop_services() { # <signal> <seconds>: signals the services, then waits until none runs; fails if one still does
  local pid deadline=$((SECONDS + $2))
  for pid in "${pids[@]}"; do kill "-$1" -- "-$pid" 2>/dev/null; done
  for pid in $(in_roots); do kill "-$1" "$pid" 2>/dev/null; done
  while [[ $SECONDS -lt $deadline ]]; do
    [[ -z $(in_roots) ]] && return 0
    sleep 0.2
  done
  return 1
}

# Whatever happened, no service, mount or file is left behind, and the exit status is the script's own. The services
# stop before Kafka and PostgreSQL do (a Kafka client closing against a broker that is going away can outlast any
# wait); a service that outlives SIGTERM by 30 s is killed; a mount something still holds is detached lazily; and the
# removal never crosses into a mount. CI once failed here: post-service's read-only root was still mounted when
# rm -rf reached it.
cleanup() {
  local status=$?
  set +e
  local stopping=$SECONDS
  if stop_services TERM 30; then
    echo "image smoke: the services stopped on SIGTERM in $((SECONDS - stopping)) s"
  else
    echo "image smoke: $(in_roots | wc -l) process(es) outlived SIGTERM by 30 s; killing them" >&2
    stop_services KILL 10
  fi
  touch "$work/stop"
  if [[ -n $infra_pid ]]; then
    for _ in $(seq 150); do kill -0 "$infra_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$infra_pid" 2>/dev/null
  fi
  for service in "${services[@]}"; do
    local root="$work/$service/rootfs"
    mountpoint -q "$root" || continue
    umount -R "$root" 2>/dev/null || umount -R -l "$root" \
      || echo "image smoke: $root could not be unmounted" >&2
  done
  if [[ $status -ne 0 ]]; then
    for service in "${services[@]}"; do
      echo "--- $service (last lines)" >&2
      tail -n 15 "$work/$service.log" >&2 2>/dev/null
    done
  fi
  rm -rf --one-file-system "$work" 2>/dev/null || echo "image smoke: $work could not be removed entirely" >&2
  exit "$status"
}
trap cleanup EXIT

free_port() { # the first port from $1 up that nothing listens on
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# Kafka and PostgreSQL (test-support), in the background until $work/stop exists.
classpath="test-support/target/herald-test-support-0.1.0-SNAPSHOT.jar"
./mvnw -B -q -o -pl test-support dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null
setsid java -cp "$classpath:$(cat "$work/classpath.txt")" deploy/image/SmokeInfra.java "$work/infra.env" "$work/stop" \
  > "$work/infra.log" 2>&1 &
infra_pid=$!
for _ in $(seq 120); do [[ -s $work/infra.env ]] && break; sleep 0.5; done
[[ -s $work/infra.env ]] || { cat "$work/infra.log" >&2; exit 1; }
. "$work/infra.env"

# The secrets, as compose's one-shot step makes them.
mkdir -p "$work/secrets"
sed "s#/run/herald#$work/secrets#g; s#/var/lib/herald/media#$work/no-media#g" deploy/compose/init-secrets.sh \
  | sh >/dev/null

port=39180
port_list=""
declare -A ports
for service in "${services[@]}"; do
  port=$(free_port "$port")
  ports[$service]=$port
  port_list+="${port_list:+,}$service=$port"
  port=$((port + 1))
done

for service in "${services[@]}"; do
  root="$work/$service/rootfs"
  mkdir -p "$root" "$work/$service/image"
  tar -xf "$service/target/jib-image.tar" -C "$work/$service/image"
  for layer in $(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[0].Layers.join(" "))' \
      "$work/$service/image/manifest.json"); do
    tar -xzf "$work/$service/image/$layer" -C "$root" 2>/dev/null
  done
  # What a container runtime provides, as compose and the k8s pods have it: name resolution, the secrets, a read-only
  # root filesystem with /proc, a tmpfs on /tmp and the media volume (writable) mounted on it.
  mkdir -p "$root/proc" "$root/run/herald" "$root/var/lib/herald/media" "$work/$service/media"
  cp /etc/hosts /etc/resolv.conf "$root/etc/"
  cp -p "$work/secrets/"*.properties "$root/run/herald/"
  chown 10001:10001 "$work/$service/media"
  mount --bind "$root" "$root"
  mount -o remount,bind,ro "$root"
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
  mount --bind "$work/$service/media" "$root/var/lib/herald/media"
  mapfile -t environment < <(
    node deploy/validate/compose-env.mjs "$service" "$port_list" "$KAFKA" "$DB_HOST" "$DB_PORT")
  environment+=(
    "HERALD_DB_USER=$DB_USER" "HERALD_DB_PASSWORD=$DB_PASSWORD"
    "JAVA_TOOL_OPTIONS=-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError")
  setsid env -i "${environment[@]}" /usr/sbin/chroot --userspec=10001:10001 "$root" \
    /opt/java/bin/java -jar /deployments/quarkus-run.jar > "$work/$service.log" 2>&1 &
  pids+=($!)
done

# Ready: every service's /q/health/ready answers 200 (Flyway migrated, Kafka consumers connected), within 4 minutes.
deadline=$((SECONDS + 240))
for service in "${services[@]}"; do
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$service]}/q/health/ready") == 200 ]]; do
    if [[ $SECONDS -ge $deadline ]]; then echo "image smoke: $service is not ready" >&2; exit 1; fi
    sleep 1
  done
done
echo "image smoke: the six services run from their images as uid 10001 on a read-only root and are ready"

gateway="http://127.0.0.1:${ports[api-gateway]}"
mkdir -p "$work/bootstrap"
cp -p "$work/secrets/gateway.properties" "$work/bootstrap/"
sed "s#/run/herald#$work/bootstrap#g" deploy/compose/bootstrap.sh \
  | HERALD_GATEWAY="$gateway" HERALD_PUBLIC_URL="$gateway" sh > "$work/bootstrap.log"
. "$work/bootstrap/demo.env"
grep -q "Test API key:     $HERALD_API_KEY" "$work/bootstrap.log"
echo "image smoke: bootstrap.sh made the demo workspace and printed its key"

auth="Authorization: Bearer $HERALD_API_KEY"
await_status() { # <url> <status>: polls the resource for a minute at most
  local deadline=$((SECONDS + 60))
  until curl -s "$1" -H "$auth" | grep -q "\"status\":\"$2\""; do
    if [[ $SECONDS -ge $deadline ]]; then echo "image smoke: $1 never became $2" >&2; exit 1; fi
    sleep 1
  done
}
post=$(curl -sf -X POST "$gateway/v1/posts" -H "$auth" -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: smoke-post' \
  -d "{\"caption\":\"Hello from the images\",\"account_ids\":[\"$HERALD_SANDBOX_ACCOUNT_ID\"]}")
post_id=$(echo "$post" | grep -o '"id":"post_[^"]*"' | head -1 | cut -d'"' -f4)
await_status "$gateway/v1/posts/$post_id" published
curl -s "$gateway/v1/sandbox/publications" -H "$auth" | grep -q "\"post_id\":\"$post_id\""
echo "image smoke: post $post_id published on the sandbox"

# A 1x1 PNG: stored on the media volume by uid 10001, sniffed and thumbnailed (ImageIO in the image's runtime).
base64 -d > "$work/pixel.png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC'
media=$(curl -sf -X POST "$gateway/v1/media" -H "$auth" -H 'Idempotency-Key: smoke-media' \
  -F "file=@$work/pixel.png;type=image/png")
media_id=$(echo "$media" | grep -o '"id":"med_[^"]*"' | head -1 | cut -d'"' -f4)
await_status "$gateway/v1/media/$media_id" ready
echo "image smoke: media $media_id uploaded and processed"
