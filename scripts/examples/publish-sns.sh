#!/usr/bin/env bash
# Publishes one notification on the stack's SNS topic. The message has no subject of its own:
# the function uses the SNS Subject instead.
# usage: scripts/examples/publish-sns.sh RECIPIENT [SUBJECT]
set -euo pipefail
source "$(dirname "$0")/stack-outputs.sh"

recipient=${1:?usage: publish-sns.sh RECIPIENT [SUBJECT]}
subject=${2:-Hello from notifier (SNS)}
message=$(python3 -c 'import json, sys; print(json.dumps({"to": sys.argv[1], "text": "Sent with aws sns publish."}))' "$recipient")

aws sns publish \
    --topic-arn "$(stack_output TopicArn)" \
    --subject "$subject" \
    --message "$message"
