# Sourced by the producer examples: reads outputs of the deployed notifier stack.
# The stack is $STACK_NAME (default notifier-dev, samconfig.toml's dev stack); the region and
# credentials are the AWS CLI's own (AWS_PROFILE, AWS_REGION, ~/.aws/config).

stack_name=${STACK_NAME:-notifier-dev}

# stack_output KEY: prints the value of output KEY, or fails naming the stack.
stack_output() {
    local value
    value=$(aws cloudformation describe-stacks --stack-name "$stack_name" \
        --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text)
    if [[ -z $value || $value == None ]]; then
        echo "stack $stack_name has no output $1; is it deployed in this region?" >&2
        return 1
    fi
    printf '%s\n' "$value"
}

# notification TO SUBJECT TEXT: prints a notification as JSON (see events/notification.schema.json).
notification() {
    python3 -c 'import json, sys; print(json.dumps({"to": sys.argv[1], "subject": sys.argv[2], "text": sys.argv[3]}))' "$@"
}
