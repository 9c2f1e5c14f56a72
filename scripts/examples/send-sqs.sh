#!/usr/bin/env bash
# Queues one notification on the stack's SQS queue; the function sends it within seconds.
# usage: scripts/examples/send-sqs.sh RECIPIENT [SUBJECT]
set -euo pipefail
source "$(dirname "$0")/stack-outputs.sh"

recipient=${1:?usage: send-sqs.sh RECIPIENT [SUBJECT]}
subject=${2:-Hello from notifier (SQS)}

aws sqs send-message \
    --queue-url "$(stack_output QueueUrl)" \
    --message-body "$(notification "$recipient" "$subject" "Sent with aws sqs send-message.")"
