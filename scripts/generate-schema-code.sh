#!/usr/bin/env bash
# Regenerates the FlatBuffers Java accessors of metadata-schema from its .fbs files.
#
#   scripts/generate-schema-code.sh          rewrite the checked-in accessors
#   scripts/generate-schema-code.sh --check  exit 1 if the checked-in accessors differ from flatc's output
#
# Needs flatc 2.0.8 (Debian: apt-get install flatbuffers-compiler), the version whose Java output compiles
# against the flatbuffers-java runtime pinned in pom.xml.
set -euo pipefail

FLATC_VERSION=2.0.8
root=$(cd "$(dirname "$0")/.." && pwd)
fbs_dir="$root/metadata-schema/src/main/fbs"
java_dir="$root/metadata-schema/src/main/java"
packages=(dev/jlite/schema/model dev/jlite/schema/metadata)

command -v flatc >/dev/null || { echo "flatc not found; install flatbuffers-compiler $FLATC_VERSION" >&2; exit 2; }
found=$(flatc --version | awk '{print $3}')
[ "$found" = "$FLATC_VERSION" ] || { echo "flatc $FLATC_VERSION required, found $found" >&2; exit 2; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Only the sentencePiece_model field name warns (it is the official name); keep flatc quiet about it.
flatc --java -o "$out" "$fbs_dir/tflite_schema.fbs" "$fbs_dir/metadata_schema.fbs" 2> >(grep -v 'sentencePiece_model\|^warning:$' >&2)

if [ "${1-}" = "--check" ]; then
  status=0
  for p in "${packages[@]}"; do
    diff -r -q "$out/$p" "$java_dir/$p" || status=1
  done
  if [ $status -ne 0 ]; then
    echo "Generated FlatBuffers accessors are stale: run scripts/generate-schema-code.sh and commit." >&2
  fi
  exit $status
fi

for p in "${packages[@]}"; do
  rm -rf "${java_dir:?}/$p"
  mkdir -p "$java_dir/$p"
  cp "$out/$p"/*.java "$java_dir/$p/"
done
echo "Regenerated ${packages[*]} under $java_dir"
