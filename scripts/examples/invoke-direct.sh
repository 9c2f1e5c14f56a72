#!/usr/bin/env bash
# Invokes the function directly (synchronously) with an event file and prints its answer,
# e.g. {"messageId":"..."} for events/direct.json.
# usage: scripts/examples/invoke-direct.sh [EVENT.json]   (default: events/direct.json)
set -euo pipefail
source "$(dirname "$0")/stack-outputs.sh"

event=${1:-"$(dirname "$0")/../../events/direct.json"}
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT

# fileb:// passes the file's bytes as they are, with AWS CLI v1 and v2 alike.
aws lambda invoke --function-name "$(stack_output FunctionName)" \
    --payload "fileb://$event" "$answer" >/dev/null
cat "$answer"
echo
