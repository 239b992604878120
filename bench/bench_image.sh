#!/usr/bin/env bash
# Image benchmark: size of the Action's image, what it adds over its base, and start-up time of
# `python -m bot --version` in it.
#
#   bash bench/bench_image.sh [RUNS]        (default 15 runs; as root, with buildah)
#
# Builds the image first (.ci/build-image; IMAGE and BASE_IMAGE as there) unless SKIP_BUILD=1.
# Sizes: buildah's (the layers' uncompressed tar size, as `docker images` shows), the image's less
# its base's; then `du` of what the Dockerfile adds (/opt/venv and its largest packages,
# /opt/ecosystem-bot), and the byte-code of the modules the bot loads, of the standard library's
# (Debian's Python is installed without it, as python:*-slim ships none: .ci/compile-bytecode.py adds it) and
# of the venv's.
# Start-up is the median wall time of `buildah run CONTAINER -- python -m bot --version` (what a
# container start costs here, buildah's own overhead included), and the median measured inside the
# container (python start-up + the bot's imports alone), next to `true` and `python -c pass` as
# baselines. Runs are sequential, after one warm-up run each.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-15}"
IMAGE="${IMAGE:-localhost/ecosystem-bot:ci}"
source .ci/defaults
BASE_IMAGE="${BASE_IMAGE:-$DEFAULT_BASE_IMAGE}"
export BUILDAH_ISOLATION="${BUILDAH_ISOLATION:-chroot}" IMAGE BASE_IMAGE

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

if [[ $BASE_IMAGE == dockerfile ]]; then  # the Dockerfile's own FROM
    BASE_IMAGE=$(sed -n 's/^FROM \([^ ]*\).*/\1/p' Dockerfile | head -n 1)
fi
# size_mb IMAGE → buildah's size of IMAGE in MB (decimal, as buildah prints it).
size_mb() {
    buildah images --noheading --filter "reference=$1" --format '{{.Size}}' | head -n 1 | python3 -c '
import sys
number, unit = sys.stdin.read().split()
scale = {"kB": 1e-3, "MB": 1, "GB": 1e3}[unit]
print(f"{float(number) * scale:.1f}")'
}
size=$(size_mb "$IMAGE")
base_size=$(size_mb "$BASE_IMAGE")
layers=$(buildah inspect --type image --format '{{len .OCIv1.RootFS.DiffIDs}}' "$IMAGE")
base_layers=$(buildah inspect --type image --format '{{len .OCIv1.RootFS.DiffIDs}}' "$BASE_IMAGE")
version=$(buildah run "$container" -- python -m bot --version)

echo "image            $IMAGE ($version)"
echo "size             $size MB uncompressed, $layers layers"
echo "base             $BASE_IMAGE: $base_size MB, $base_layers layers"
echo "added over base  $(python3 -c "print(f'{$size - $base_size:.1f}')") MB (Debian's Python, then the venv, the bot and the byte-code)"
echo "what the Dockerfile adds (du, MB):"
buildah run "$container" -- sh -c 'du -sm /opt/venv /opt/ecosystem-bot' | sed 's/^/  /'
echo "  largest in /opt/venv/lib/python3.11/site-packages:"
buildah run "$container" -- sh -c 'du -sk /opt/venv/lib/python3.11/site-packages/* | sort -rn | head -n 8' |
    awk '{ sub(".*/site-packages/", "", $2); printf "    %5.1f %s\n", $1 / 1024, $2 }'
# The modules the bot loads (every module of the bot, the license index, PyGithub, a Markdown and a
# reST README with every directive and role: what .ci/compile-bytecode.py imports), and how many of them have byte-code in the image: of the standard
# library's and of the venv's (the venv's modules the bot never loads keep only their source).
buildah run "$container" -- python -c '
import importlib, os, sys, sysconfig
stdlib = os.path.realpath(sysconfig.get_paths()["stdlib"]) + os.sep
own = set(sys.modules)  # imported by this check itself
root = "/opt/ecosystem-bot"
for folder, _, files in sorted(os.walk(os.path.join(root, "bot"))):
    for file in sorted(files):
        if file.endswith(".py") and file != "__main__.py":
            parts = os.path.relpath(os.path.join(folder, file[:-3]), root).split(os.sep)
            importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
from bot.criteria.license_terms import licensing
from bot.criteria.readers.readme_outline import parse_readme
from bot.github import load_pygithub
from docutils.parsers.rst.languages import en
licensing(); load_pygithub()
parse_readme("# Title\n\n[a link](https://example.org)\n")
rst = ["Title", "=====", ""] + [f".. {name}:: x\n   :class: y\n\n   content\n" for name in en.directives]
parse_readme("\n".join(rst + [" ".join(f":{role}:`x`" for role in en.roles)]), "README.rst")
loaded = [m.__cached__ for name, m in list(sys.modules.items()) if name not in own and getattr(m, "__cached__", None)]
for label, where in (("standard library", lambda p: p.startswith(stdlib)), ("venv", lambda p: p.startswith("/opt/venv/"))):
    cached = sorted({path for path in loaded if where(os.path.realpath(path))})
    present = [path for path in cached if os.path.exists(path)]
    size = sum(os.path.getsize(path) for path in present) / 1e6
    print(f"  {label} modules the bot loads: {len(cached)}, {len(present)} of them with byte-code in the image ({size:.1f} MB)")
pycs = [os.path.join(d, f) for d, _, fs in os.walk("/opt/venv") for f in fs if f.endswith(".pyc")]
print(f"  byte-code files in the venv: {len(pycs)} ({sum(map(os.path.getsize, pycs)) / 1e6:.1f} MB)")'
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
