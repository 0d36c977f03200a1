#!/bin/sh
# Removes the debug information that some wheels leave in their compiled extensions (spaCy, thinc,
# blis: about 130 MB), from the files that have it and no other. Libraries auditwheel vendored
# (*.libs/) are left alone: patchelf rewrote them, and strip breaks them ("ELF load command
# address/offset not page-aligned"). Used by deploy/Dockerfile's build stage: strip-debug.sh DIR
set -eu
find "$1" -name '*.so' -type f ! -path '*.libs/*' | while read -r f; do
  if readelf -S "$f" | grep -q '\.debug_info'; then strip --strip-debug "$f"; fi
done
