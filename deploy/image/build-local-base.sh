#!/usr/bin/env bash
# Builds a JRE base image as a `docker save` tarball from this machine's JDK, for building Herald's images where no
# registry is reachable (CI, our build machines). Production images use a real JRE image from a registry
# (eclipse-temurin:17-jre by default, property herald.image.base of the root POM's "images" profile).
#   deploy/image/build-local-base.sh [output.tar]      (default: target/images/herald-local-jre.tar)
# The image: a jlink'ed Java 17 runtime with the modules Herald's services use, the shared libraries it links
# against (copied from this machine, glibc included), /etc/passwd with the user herald (10001) and a /tmp.
# It has no shell: it runs the services, not the compose health check (which needs bash; the real base has it).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-target/images/herald-local-jre.tar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/opt" "$root/etc" "$root/tmp" "$(dirname "$out")"
chmod 1777 "$root/tmp"

java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
# Modules of Herald's services and their libraries (Quarkus, Kafka, PostgreSQL, ImageIO for media, JMX metrics).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
modules=$modules,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml
modules=$modules,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$root/opt/java"

# Every shared library the runtime loads, with the dynamic loader, at the paths it was linked with.
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' \
  | sort -u \
  | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
printf 'root:x:0:0:root:/root:/sbin/nologin\nherald:x:10001:10001:herald:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nherald:x:10001:\n' > "$root/etc/group"

# The docker save layout (manifest.json, config, one layer), which Jib reads as a tar:// base image.
tar --numeric-owner --owner=0 --group=0 --sort=name --mtime='2000-01-01' -C "$root" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["herald/local-jre:17"],"Layers":["layer.tar"]}]' > "$work/manifest.json"
tar -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "local JRE base image: $out ($(du -h "$out" | cut -f1))"
