#!/usr/bin/env bash
# POSTs one notification to the stack's REST API with its API key, and prints the response
# body and HTTP status.
# usage: scripts/examples/post-api.sh RECIPIENT [SUBJECT]
set -euo pipefail
source "$(dirname "$0")/stack-outputs.sh"

recipient=${1:?usage: post-api.sh RECIPIENT [SUBJECT]}
subject=${2:-Hello from notifier (API)}
api_key=$(aws apigateway get-api-key --api-key "$(stack_output ApiKeyId)" --include-value \
    --query value --output text)

curl --silent --show-error --write-out '\nHTTP %{http_code}\n' \
    --request POST "$(stack_output ApiUrl)" \
    --header "x-api-key: $api_key" \
    --header 'content-type: application/json' \
    --data "$(notification "$recipient" "$subject" "Sent with curl to POST /notify.")"
