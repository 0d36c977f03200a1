#!/usr/bin/env bash
# Writes deploy/kafka/jars.txt again from pom.xml: every runtime jar Maven resolves for it, with its
# SHA-256. The one step that needs Maven; running the broker (kafka.sh) does not.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$TMP/libs"
mvn -q -B -f "$HERE/pom.xml" dependency:list -DincludeScope=runtime -DoutputFile="$TMP/list.txt"
{
  echo "# The local broker's runtime jars, as deploy/kafka/pom.xml resolves them (kafka_2.13 and the log4j"
  echo "# binding, with everything they need), each pinned by SHA-256. kafka.sh fetches them with"
  echo "# deploy/maven_fetch.py --list: running the broker needs Java, not Maven. After changing pom.xml,"
  echo "# deploy/kafka/pin_jars.sh (which needs Maven) writes this file again."
  grep ':jar:' "$TMP/list.txt" | awk '{print $1}' | sort | while IFS=: read -r group artifact _ version _; do
    echo "$group:$artifact:$version $(sha256sum "$TMP/libs/$artifact-$version.jar" | cut -d' ' -f1)"
  done
} >"$TMP/jars.txt"
mv "$TMP/jars.txt" "$HERE/jars.txt"
