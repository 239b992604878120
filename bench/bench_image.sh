#!/usr/bin/env bash
# Image benchmark: size of the Action's image, and start-up time of `python -m bot --version` in it.
#
#   bash bench/bench_image.sh [RUNS]        (default 15 runs; as root, with buildah)
#
# Builds the image first (.ci/build-image; IMAGE and BASE_IMAGE as there) unless SKIP_BUILD=1.
# Start-up is the median wall time of `buildah run CONTAINER -- python -m bot --version` (what a
# container start costs here, buildah's own overhead included), and the median measured inside the
# container (python start-up + the bot's imports alone), next to `true` and `python -c pass` as
# baselines. Runs are sequential, after one warm-up run each.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-15}"
IMAGE="${IMAGE:-localhost/ecosystem-bot:ci}"
export BUILDAH_ISOLATION="${BUILDAH_ISOLATION:-chroot}" IMAGE

[[ ${SKIP_BUILD:-0} == 1 ]] || bash .ci/build-image >&2

container=$(buildah from --quiet --pull=never "$IMAGE")
trap 'buildah rm "$container" >/dev/null 2>&1 || true' EXIT

# median_seconds COMMAND... → the median wall time of RUNS runs, in seconds.
median_seconds() {
    "$@" >/dev/null
    python3 - "$RUNS" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - started)
print(f"{statistics.median(times):.3f} (min {min(times):.3f}, max {max(times):.3f})")
PY
}

size=$(buildah images --noheading --filter "reference=$IMAGE" --format '{{.Size}}')
layers=$(buildah inspect --type image --format '{{len .OCIv1.RootFS.DiffIDs}}' "$IMAGE")
base=$(buildah inspect --type image --format '{{index .ImageAnnotations "org.opencontainers.image.base.name"}}' "$IMAGE" 2>/dev/null || true)
venv=$(buildah run "$container" -- du -sh /opt/venv | cut -f1)
code=$(buildah run "$container" -- du -sh /opt/ecosystem-bot | cut -f1)
version=$(buildah run "$container" -- python -m bot --version)

echo "image            $IMAGE ($version)"
echo "size             $size uncompressed, $layers layers${base:+, base $base}"
echo "  /opt/venv      $venv (dependencies)"
echo "  /opt/ecosystem-bot $code (the bot)"
inside() {
    buildah run "$container" -- python -c '
import statistics, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
times = []
for _ in range(runs):
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - started)
print(f"{statistics.median(times):.3f} (min {min(times):.3f}, max {max(times):.3f})")
' "$RUNS" "$@"
}

echo "start-up, whole container run (buildah run CONTAINER -- …), median of $RUNS runs, seconds:"
echo "  python -m bot --version  $(median_seconds buildah run "$container" -- python -m bot --version)"
echo "  true (buildah overhead)  $(median_seconds buildah run "$container" -- true)"
echo "start-up inside the container, median of $RUNS runs, seconds:"
echo "  python -m bot --version  $(inside python -m bot --version)"
echo "  python -c pass           $(inside python -c pass)"
