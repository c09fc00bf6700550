#!/usr/bin/env bash
# Media benchmark through the gateway, on this machine:
#   1. uploads/s and MB/s of multipart POST /v1/media with ~1 MB JPEGs (PARALLEL clients, curl);
#   2. processing jobs/s: N upload URLs get their bytes first, then all are completed at once, and the time until
#      media-service has processed them all is measured (its herald_media_processed_total counter).
#   benchmarks/media.sh [uploads=200] [parallel=4]
# Uses the stack in .herald/env when HERALD_URL is already up; otherwise starts one with ./herald up -d on
# HERALD_PORT (default 18480; media-service is HERALD_PORT+2) and stops it at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
UPLOADS="${1:-200}"
PARALLEL="${2:-4}"
WORK="$(mktemp -d)"
STARTED_HERE=""
cleanup() {
  rm -rf "$WORK"
  if [[ -n "$STARTED_HERE" ]]; then ./herald down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v t0="$2" -v t1="$3" 'BEGIN { printf "%.1f", n / (t1 - t0) }'; }

if [[ -f .herald/env ]] && curl -fsS "$(sed -n 's/^HERALD_URL=//p' .herald/env)/q/health/ready" >/dev/null 2>&1; then
  echo "Using the running stack (.herald/env)"
else
  export HERALD_PORT="${HERALD_PORT:-18480}" HERALD_KAFKA_PORT="${HERALD_KAFKA_PORT:-19492}"
  export HERALD_POSTGRES_PORT="${HERALD_POSTGRES_PORT:-15832}" HERALD_RATE_LIMIT=1000000
  echo "Starting the stack on port $HERALD_PORT ..."
  ./herald up -d >/dev/null
  STARTED_HERE=1
fi
# shellcheck disable=SC1091
source .herald/env
MEDIA_URL="http://127.0.0.1:$(( ${HERALD_URL##*:} + 2 ))"
AUTH="Authorization: Bearer $HERALD_API_KEY"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo); gateway $HERALD_URL"

# Distinct ~1 MB JPEGs (noise does not compress), so no two uploads share bytes (no dedupe shortcut).
FILES=$(( UPLOADS < 50 ? UPLOADS : 50 ))
cat > "$WORK/MakeJpegs.java" <<'JAVA'
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;

public class MakeJpegs {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            Random random = new Random(i);
            int side = 560;
            File file = new File(args[0], "img" + i + ".jpg");
            do {
                BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        image.setRGB(x, y, random.nextInt(0x1000000));
                    }
                }
                ImageIO.write(image, "jpeg", file);
                side += 20;
            } while (file.length() < 1_000_000);
        }
    }
}
JAVA
java "$WORK/MakeJpegs.java" "$WORK" "$FILES"
BYTES=$(stat -c %s "$WORK/img0.jpg")
echo "Files: $FILES distinct JPEGs of ~$(( BYTES / 1000 )) kB"

processed() {
  curl -fsS "$MEDIA_URL/q/metrics" | awk '/^herald_media_processed_total/ { sum += $2 } END { printf "%d", sum }'
}
await_processed() {
  local target="$1"
  while (( $(processed) < target )); do sleep 0.1; done
}

# 1. Multipart uploads.
BEFORE=$(processed)
T0=$(now)
seq 0 $(( UPLOADS - 1 )) | xargs -P "$PARALLEL" -I{} sh -c \
  'curl -s -o /dev/null -w "%{http_code} %{size_upload}\n" -H "$1" -F "file=@$2/img$(( $3 % $4 )).jpg;type=image/jpeg" "$5/v1/media"' \
  _ "$AUTH" "$WORK" {} "$FILES" "$HERALD_URL" > "$WORK/uploads.txt"
T1=$(now)
OK=$(grep -c '^201 ' "$WORK/uploads.txt" || true)
SENT=$(awk '$1 == 201 { sum += $2 } END { printf "%d", sum }' "$WORK/uploads.txt")
echo "Multipart: $OK / $UPLOADS uploads answered 201 in $(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", b - a }') s:" \
  "$(rate "$OK" "$T0" "$T1") uploads/s, $(awk -v n="$SENT" -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", n / 1048576 / (b - a) }') MB/s"
await_processed $(( BEFORE + OK ))
T2=$(now)
echo "  processed meanwhile; all $OK done $(awk -v a="$T1" -v b="$T2" 'BEGIN { printf "%.1f", b - a }') s after the last upload"

# 2. Processing alone: bytes first (upload URLs), then every item completed at once.
: > "$WORK/ids.txt"
for i in $(seq 0 $(( UPLOADS - 1 ))); do
  FILE="$WORK/img$(( i % FILES )).jpg"
  SIZE=$(stat -c %s "$FILE")
  TICKET=$(curl -fsS -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"filename\":\"b$i.jpg\",\"content_type\":\"image/jpeg\",\"size\":$SIZE}" "$HERALD_URL/v1/media/uploads")
  ID=$(sed -n 's/.*"media_id":"\([^"]*\)".*/\1/p' <<<"$TICKET")
  URL=$(sed -n 's/.*"upload_url":"\([^"]*\)".*/\1/p' <<<"$TICKET")
  URL="$HERALD_URL/v1/media/uploads/${URL##*/uploads/}"
  curl -fsS -X PUT --data-binary "@$FILE" -H 'Content-Type: image/jpeg' "$URL" >/dev/null
  echo "$ID" >> "$WORK/ids.txt"
done
BEFORE=$(processed)
T3=$(now)
xargs -P "$PARALLEL" -I{} curl -fsS -o /dev/null -X POST -H "$AUTH" "$HERALD_URL/v1/media/{}/complete" < "$WORK/ids.txt"
T4=$(now)
await_processed $(( BEFORE + UPLOADS ))
T5=$(now)
echo "Processing: $UPLOADS jobs queued in $(awk -v a="$T3" -v b="$T4" 'BEGIN { printf "%.1f", b - a }') s, all processed" \
  "$(awk -v a="$T3" -v b="$T5" 'BEGIN { printf "%.1f", b - a }') s after the first: $(rate "$UPLOADS" "$T3" "$T5") jobs/s"
