#!/bin/sh
# screenshot-urls.sh METAINFO SOURCE_ROOT: every screenshot of the metainfo
# points at a PNG committed in this repository (data/screenshots/, taken by
# build-aux/screenshots), through the raw URL of the main branch.  Fails
# on a URL elsewhere, on a file that is missing or not a PNG, and when the
# metainfo has no screenshot at all.
set -eu

metainfo=$1
root=$2
prefix=https://raw.githubusercontent.com/tongket/tongket/main/

urls=$(sed -n 's:.*<image[^>]*>\([^<]*\)</image>.*:\1:p' "$metainfo")
if [ -z "$urls" ]; then
  echo "no <image> in $metainfo" >&2
  exit 1
fi

status=0
for url in $urls; do
  case $url in
    "$prefix"*) path=${url#"$prefix"} ;;
    *) echo "not a URL of the repository's main branch: $url" >&2; status=1; continue ;;
  esac
  if [ ! -f "$root/$path" ]; then
    echo "no such file in the repository: $path ($url)" >&2
    status=1
  elif [ "$(head -c 8 "$root/$path" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
    echo "not a PNG: $path" >&2
    status=1
  else
    echo "ok $path"
  fi
done
exit $status
