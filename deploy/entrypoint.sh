#!/bin/sh
# Container entrypoint: prometheus_client's multiprocess folder (when PROMETHEUS_MULTIPROC_DIR is set) must
# exist and hold nothing from an earlier run of this container; then run the role's command.
set -eu
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi
exec "$@"
