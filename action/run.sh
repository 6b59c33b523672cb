#!/usr/bin/env bash
# run.sh: the last step of the promotion action. Runs one promotion command through the launcher
# (promotion-cli/bin/promotion: short-process JVM settings and the start-up archive in
# PROMOTION_CDS), with --output json on stdout and --summary appending the Markdown rendering to
# $GITHUB_STEP_SUMMARY, then writes the outputs to $GITHUB_OUTPUT from the JSON.
#
#   PROMOTION_COMMAND  publish-dev, promote, release, hotfix, bump, rollback, status or history
#   PROMOTION_ARGS     its arguments: separated by blanks on one line, or one argument per line when
#                      an argument holds blanks (--override-gates=the reason); no shell expansion
#   PROMOTION_CONFIG   the configuration file (default promotion.yaml)
#   PROMOTION_JAR      the jar (the action's fetch step sets it)
#
# Outputs: exit-code, result (done, already done, blocked, planned ..., failed), command, app,
# version, previous, environment, revision (the GitOps commit this run wrote, empty when it wrote
# none), commit, tag, digest, branch and json (a file with the whole JSON output). The step ends
# with the command's exit code: 0 done or already done, 1 failure, 2 usage or configuration error,
# 3 blocked by a gate, 4 concurrent modification.
set -euo pipefail

fail() {
  echo "::error title=promotion action::$1"
  echo "promotion action: $1" >&2
  exit 2
}

: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set: not on a runner}"
: "${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY is not set: not on a runner}"
here=$(cd "$(dirname "$0")" && pwd)
launcher=${GITHUB_ACTION_PATH:-$here/..}/promotion-cli/bin/promotion
command=${PROMOTION_COMMAND:-}
case $command in
  publish-dev | promote | release | hotfix | bump | rollback | status | history) ;;
  '') fail "the input 'command' is empty: name one of publish-dev, promote, release, hotfix, bump, rollback, status, history" ;;
  *) fail "unknown command '$command': use publish-dev, promote, release, hotfix, bump, rollback, status or history" ;;
esac

args=()
if [[ ${PROMOTION_ARGS:-} == *$'\n'* ]]; then
  while IFS= read -r line; do
    line=${line%$'\r'}
    [ -n "$line" ] && args+=("$line")
  done <<< "$PROMOTION_ARGS"
else
  read -r -a args <<< "${PROMOTION_ARGS:-}"
fi
for arg in "${args[@]}"; do
  case $arg in
    --output | --output=* | --summary | --summary=* | --config | --config=*)
      fail "'$arg' is the action's to set: use the inputs config and the outputs instead" ;;
  esac
done

out=${RUNNER_TEMP:-$(mktemp -d)}
json=$(mktemp "$out/promotion-$command-XXXXXX.json")
errors=$(mktemp "$out/promotion-$command-XXXXXX.err")
set +e
sh "$launcher" --config "${PROMOTION_CONFIG:-promotion.yaml}" --output json \
  --summary "$GITHUB_STEP_SUMMARY" "$command" "${args[@]}" > "$json" 2> "$errors"
status=$?
set -e
cat "$errors" >&2
cat "$json"

field() { jq -r "$1 // empty | tostring" "$json" 2> /dev/null | tr -d '\r\n' || true; }
if jq -e 'type == "object"' "$json" > /dev/null 2>&1; then
  result=$(field '.result')
  app=$(field '.app')
  version=$(field 'if (.command == "rollback" or .command == "bump") then .value.to else .value.version end')
  previous=$(field 'if (.command == "rollback" or .command == "bump") then .value.from else .value.previous end')
  environment=$(field 'if .command == "promote" then .value.to else .value.environment end')
  revision=$(field '[.steps[]? | select(.name | startswith("deploy ")) | .detail | capture("\\(revision (?<r>[0-9a-f]{7,64})\\)") | .r][0]')
  commit=$(field '.value.commit')
  tag=$(field '.value.tag')
  digest=$(field '.value.digest')
  branch=$(field '.value.branch')
else
  result= app= version= previous= environment= revision= commit= tag= digest= branch=
fi
if [ "$status" -ne 0 ] && [ -z "$result" ]; then
  result=failed
  {
    echo "### promotion $command: failed (exit code $status)"
    echo
    echo '```'
    cat "$errors"
    echo '```'
    echo
  } >> "$GITHUB_STEP_SUMMARY"
fi
{
  echo "exit-code=$status"
  echo "result=$result"
  echo "command=$command"
  echo "app=$app"
  echo "version=$version"
  echo "previous=$previous"
  echo "environment=$environment"
  echo "revision=$revision"
  echo "commit=$commit"
  echo "tag=$tag"
  echo "digest=$digest"
  echo "branch=$branch"
  echo "json=$json"
} >> "$GITHUB_OUTPUT"
rm -f "$errors"
exit "$status"
