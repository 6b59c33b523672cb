#!/usr/bin/env bash
# fetch.sh: the first step of the promotion action. Puts the command line's jar
# (dev.promotion:promotion-cli:VERSION, classifier "all": the shaded, executable jar) where the
# launcher finds it, after checking it against the checksum the Maven repository publishes.
#
#   PROMOTION_VERSION     a release (0.2.0), or "latest": the <release> of the repository's
#                         maven-metadata.xml (pin a version in workflows that must not move)
#   PROMOTION_REPOSITORY  the Maven repository: https://repo.maven.apache.org/maven2 (default), a
#                         mirror, a file:// URL or a directory in the Maven layout
#   PROMOTION_SHA256      optional: the jar's SHA-256 as the workflow pins it; checked in addition
#   PROMOTION_HOME        where jars are kept (default: $RUNNER_TOOL_CACHE/promotion, else
#                         $RUNNER_TEMP/promotion): the same path on every runner of an image, so the
#                         start-up archive made by one job stays valid for the next
#
# Writes to $GITHUB_OUTPUT: version, jar (its path), sha256 (the jar's), cache-key (the first 16
# characters of sha256) and, to $GITHUB_ENV, PROMOTION_JAR and PROMOTION_CDS (unless set).
# Idempotent: a jar already in place whose checksum still matches is not downloaded again.
# Exit codes: 0 done, 2 bad input, 3 not found in the repository, 4 checksum mismatch.
set -euo pipefail

fail() {
  local code=$1
  shift
  echo "::error title=promotion action::$*"
  echo "promotion action: $*" >&2
  exit "$code"
}

repository=${PROMOTION_REPOSITORY:-https://repo.maven.apache.org/maven2}
repository=${repository%/}
case $repository in
  http://* | https://* | file://*) ;;
  /*) repository=file://$repository ;;
  *) fail 2 "repository must be an http(s):// or file:// URL or an absolute directory, not '$repository'" ;;
esac
version=${PROMOTION_VERSION:-latest}
group_path=dev/promotion
artifact=promotion-cli
base=$repository/$group_path/$artifact

# curl for every scheme: -f fails on HTTP errors, file:// reads local files. Never print a URL with
# credentials in it: the repository URL may carry a token (https://user:token@host/...).
shown() { printf '%s' "$1" | sed -E 's#//[^/@]*@#//***@#'; }
get() { curl -fsSL --retry 3 --retry-delay 2 -o "$2" "$1" 2> /dev/null; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$version" = latest ]; then
  get "$base/maven-metadata.xml" "$work/metadata.xml" ||
    fail 3 "no maven-metadata.xml for dev.promotion:$artifact in $(shown "$repository")"
  version=$(sed -n 's:.*<release>\(.*\)</release>.*:\1:p' "$work/metadata.xml" | head -n 1)
  [ -n "$version" ] || fail 3 "the maven-metadata.xml of dev.promotion:$artifact names no release"
fi
# A version goes into a path and a file name: only what Maven versions are made of.
[[ $version =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] && [[ $version != *..* ]] ||
  fail 2 "'$version' is not a version (for example 0.2.0)"
case $version in
  *-SNAPSHOT) [[ $repository == file://* ]] ||
    fail 2 "$version is a snapshot: remote repositories name snapshot files by timestamp; use a release" ;;
esac

if [ -n "${PROMOTION_SHA256:-}" ]; then
  pinned=$(printf '%s' "$PROMOTION_SHA256" | tr 'A-F' 'a-f')
  [[ $pinned =~ ^[0-9a-f]{64}$ ]] || fail 2 "sha256 must be 64 hexadecimal digits"
fi

home=${PROMOTION_HOME:-${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:?RUNNER_TEMP is not set: not on a runner}}/promotion}
dir=$home/$version
jar=$dir/promotion.jar
file=$artifact-$version-all.jar
url=$base/$version/$file

# The strongest checksum the repository publishes: Central has .sha1 for every file and .sha256 and
# .sha512 for most recent ones.
expected=
algorithm=
for candidate in sha512 sha256 sha1; do
  if get "$url.$candidate" "$work/sum"; then
    expected=$(tr -d '\r' < "$work/sum" | awk 'NR == 1 {print tolower($1)}')
    algorithm=$candidate
    break
  fi
done
[ -n "$algorithm" ] ||
  fail 3 "dev.promotion:$artifact:$version (classifier all) is not in $(shown "$repository"): no $file.sha1 there"
case $algorithm in
  sha512) length=128 ;;
  sha256) length=64 ;;
  sha1) length=40 ;;
esac
[[ $expected =~ ^[0-9a-f]{$length}$ ]] || fail 4 "$file.$algorithm in the repository is not a $algorithm checksum"
# sha1sum and friends on Linux runners; shasum -a on macOS runners.
digest() {
  if command -v "${1}sum" > /dev/null 2>&1; then
    "${1}sum" "$2" | cut -d ' ' -f 1
  else
    shasum -a "${1#sha}" "$2" | cut -d ' ' -f 1
  fi
}

verified() {
  [ -f "$1" ] && [ "$(digest "$algorithm" "$1")" = "$expected" ] &&
    { [ -z "${pinned:-}" ] || [ "$(digest sha256 "$1")" = "$pinned" ]; }
}

if verified "$jar"; then
  echo "promotion $version: $jar (already in place, $algorithm checked)"
else
  get "$url" "$work/$file" || fail 3 "could not download $file from $(shown "$repository")"
  actual=$(digest "$algorithm" "$work/$file")
  [ "$actual" = "$expected" ] ||
    fail 4 "$file: $algorithm $actual does not match the repository's $expected; nothing installed"
  if [ -n "${pinned:-}" ]; then
    actual=$(digest sha256 "$work/$file")
    [ "$actual" = "$pinned" ] ||
      fail 4 "$file: sha256 $actual does not match the pinned $pinned; nothing installed"
  fi
  mkdir -p "$dir"
  # The launcher's start-up archive is valid for the jar's path, size and modification time: a
  # fixed time makes every download of the same jar the same jar for the JVM.
  touch -t 200001010000 "$work/$file"
  mv -f "$work/$file" "$jar.tmp.$$"
  mv -f "$jar.tmp.$$" "$jar"
  echo "promotion $version: $jar ($algorithm checked${pinned:+, pinned sha256 checked})"
fi
touch -t 200001010000 "$jar"

sha256=$(digest sha256 "$jar")
{
  echo "version=$version"
  echo "jar=$jar"
  echo "sha256=$sha256"
  echo "cache-key=${sha256:0:16}"
} >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set: not on a runner}"
{
  echo "PROMOTION_JAR=$jar"
  [ -n "${PROMOTION_CDS:-}" ] || echo "PROMOTION_CDS=${HOME:?}/.cache/promotion-cds"
} >> "${GITHUB_ENV:?GITHUB_ENV is not set: not on a runner}"
