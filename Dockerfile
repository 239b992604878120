# ecosystem-bot — the GitHub Action's container: `python -m bot run`.
#
# The image is Debian's slim image, pinned by digest (a multi-arch index of debian:bookworm-slim), with
# Debian's own Python 3.11 (its security updates come with each build) and the bot's venv. Only this
# first FROM names an image: the later stages start `FROM debian`, so `buildah build --from <image>`
# (which replaces the first FROM only) swaps the whole build onto a local stand-in made the way the
# official image is made (.ci/base-image) where Docker Hub is out of reach; the Python installed on
# it, and so everything the container test runs, is the very one the image ships. (The base until
# now, python:3.11-slim-bookworm, builds its own Python into /usr/local and weighs 130 MB before the
# bot; docs/container.md compares the two.)
FROM docker.io/library/debian:bookworm-slim@sha256:abd67ffcfa541b485a3dff59865ab629aa048a6c613e639d36e7456b0b229241 AS debian

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONSAFEPATH=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin


# The runtime's root: Python, without recommends. It depends on `debian` only, so a builder that runs
# independent stages at once (BuildKit, as `docker build` on GitHub's runners; `buildah --jobs`) makes
# it while the build stage installs the dependencies. Debian byte-compiles the whole standard library
# as it installs it; that goes again (python:*-slim ships none either): the build stage compiles the
# modules a run imports, and only those. No system CA certificates: every connection the bot makes
# verifies against certifi's bundle (requests, bot/facts/links.py) or REQUESTS_CA_BUNDLE.
FROM debian AS python
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends python3 >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/log/apt/* /var/log/dpkg.log /var/cache/debconf/*-old \
 && find /usr/lib/python3* -depth -name __pycache__ -type d -exec rm -rf {} +


# Build stage: a virtual environment with the hash-locked dependencies, wheels only (no compiler),
# and the bot, compiled to byte-code here as far as a run imports them. The image runs with
# PYTHONDONTWRITEBYTECODE (nothing is ever written into it), so what is not compiled at build time is
# compiled again on every run that imports it. `unchecked-hash` .pyc files carry no timestamps: the
# same sources give the same files.
# requirements.lock holds only the distributions the bot reaches (requirements.not-in-image says
# which pinned ones are left out and why), hence --no-deps. The packages' own test suites (`tests/`
# folders, which no module imports: python:*-slim drops the standard library's the same way) and
# type stubs (*.pyi, read by type checkers only) are left out.
# Python here is the same Debian package as the runtime's (installed minutes apart at most); should a
# Debian update land in between, the standard library's byte-code, compiled here, is checked against
# the runtime's sources at import (see .ci/compile-bytecode.py).
FROM debian AS build
# Python with what the build needs and the image does not: the pip wheel (Debian's, the one `venv`
# bootstraps from), the CA certificates that pip verifies PyPI with, and strip. Without Debian's
# byte-code of the standard library, as in the runtime.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends python3 python3-pip-whl ca-certificates binutils >/dev/null \
 && find /usr/lib/python3* -depth -name __pycache__ -type d -exec rm -rf {} +
COPY requirements.lock /tmp/requirements.lock
# pip runs from its wheel inside the venv's interpreter, as ensurepip runs it: nothing of pip or
# setuptools is installed into the venv only to be uninstalled again (ensurepip alone took 3.5 s).
RUN python3 -m venv --without-pip /opt/venv \
 && PYTHONPATH="$(echo /usr/share/python-wheels/pip-*.whl)" /opt/venv/bin/python -m pip install \
        --no-cache-dir --require-hashes --only-binary=:all: --no-deps --no-compile -r /tmp/requirements.lock \
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
RUN find /opt/venv -name '*.so' -type f -exec strip --strip-unneeded {} +
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


# Runtime stage: Debian's Python, the venv, the bot's own package and its schemas, compiled; nothing
# else (no pip or its wheel, no CA certificates, no build tools).
FROM python
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
