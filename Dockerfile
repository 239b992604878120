# ecosystem-bot — the GitHub Action's container: `python -m bot run`.
#
# The base is pinned by digest (a multi-arch index of python:3.11-slim-bookworm), so a rebuild
# starts from the same bytes. Only this first FROM names an image: the later stages start
# `FROM base`, so `buildah build --from <image>` (which replaces the first FROM only) swaps the
# whole build onto a local Debian bookworm image where Docker Hub is out of reach (.ci/base-image).
FROM docker.io/library/python:3.11-slim-bookworm@sha256:2e32f7d302adc1c37428355c1e646897c0c53f4fd60b6a551245fb90ee129f91 AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONSAFEPATH=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin


# Build stage: a virtual environment with the hash-locked dependencies, wheels only (no compiler),
# and the bot, compiled to byte-code here as far as a run imports them. The image runs with
# PYTHONDONTWRITEBYTECODE (nothing is ever written into it), so what is not compiled at build time is
# compiled again on every run that imports it. `unchecked-hash` .pyc files carry no timestamps: the
# same sources give the same files.
# requirements.lock holds only the distributions the bot reaches (requirements.not-in-image says
# which pinned ones are left out and why), hence --no-deps. The packages' own test suites (`tests/`
# folders, which no module imports: the python image drops the standard library's the same way) and
# type stubs (*.pyi, read by type checkers only) are left out.
FROM base AS build
COPY requirements.lock /tmp/requirements.lock
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/python -m pip install --no-cache-dir --require-hashes --only-binary=:all: \
        --no-deps --no-compile -r /tmp/requirements.lock \
 && /opt/venv/bin/python -m pip uninstall --yes --quiet pip setuptools \
 && find /opt/venv -depth -name __pycache__ -type d -exec rm -rf {} + \
 && rm -f /opt/venv/bin/activate* /opt/venv/bin/Activate.ps1 \
 && find /opt/venv/lib/python3.11/site-packages -mindepth 2 -depth -type d \( -name tests -o -name test \) \
        -exec rm -rf {} + \
 && find /opt/venv/lib/python3.11/site-packages -name '*.pyi' -type f -delete
# Some wheels ship their extension modules with DWARF debug sections (PyYAML's _yaml: 2.7 MB, 0.4 MB
# without; PyNaCl's _sodium: 3.7 MB, 0.7 MB without) and all with a static symbol table (askalono's:
# 0.6 MB). `strip --strip-unneeded` removes both and keeps the dynamic symbols, the only ones the
# loader and Python's import use (as Debian's dh_strip does for its packaged modules; 8.3 -> 7.1 MB):
# a crash in native code shows addresses instead of function names. binutils is in this stage only;
# the build imports every extension module afterwards (.ci/compile-bytecode.py).
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends binutils >/dev/null \
 && find /opt/venv -name '*.so' -type f -exec strip --strip-unneeded {} +
# The bot without its GitHub simulator and the demo built on it (.dockerignore): tests only.
COPY pyproject.toml requirements.in /opt/ecosystem-bot/
COPY bot /opt/ecosystem-bot/bot
# bot/schemas.py reads the JSON Schemas from the folder next to the package.
COPY schemas /opt/ecosystem-bot/schemas
# What no run can reach (site-packages.not-in-image, each with its reason: docutils' writers and other
# languages, spdx-tools' SBOM parsers, the cffi package...) goes, and the console scripts with it (the
# image runs `python -m bot` only), before byte-code is compiled.
COPY site-packages.not-in-image .ci/prune-site-packages.py .ci/compile-bytecode.py /tmp/
RUN /opt/venv/bin/python /tmp/prune-site-packages.py /opt/venv/lib/python3.11/site-packages \
        /tmp/site-packages.not-in-image \
 && find /opt/venv/bin -mindepth 1 ! -name 'python*' -delete
# Byte-code for the bot, and for the modules of the venv and the standard library a run imports
# (the latter into /opt/stdlib-bytecode); the rest keeps its source only. Fails if an import fails.
RUN PYTHONPATH=/opt/ecosystem-bot /opt/venv/bin/python /tmp/compile-bytecode.py /opt/stdlib-bytecode \
        /opt/ecosystem-bot/bot /opt/venv/lib


# Runtime stage: the venv, the bot's own package and its schemas, compiled; nothing else (no pip in the
# venv, no build tools). What the base itself ships that no run uses (its pip, setuptools, ensurepip's
# wheels, idlelib, ...) stays: removing it would take a flattened final stage (FROM scratch + COPY of
# the whole root), which docs/container.md weighs and leaves out.
FROM base
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/ecosystem-bot /opt/ecosystem-bot
COPY --from=build /opt/stdlib-bytecode/ /
# PYTHONPATH names the bot's code; PYTHONSAFEPATH keeps the working directory (the catalog
# checkout at /github/workspace, PR-controlled data) off sys.path, so a `bot/` folder in a
# catalog can never shadow the bot.
ENV PYTHONPATH=/opt/ecosystem-bot
LABEL org.opencontainers.image.title="ecosystem-bot" \
      org.opencontainers.image.description="Reviews pull requests to an ecosystem catalog against the catalog's admission criteria."
ENTRYPOINT ["python", "-m", "bot", "run"]
