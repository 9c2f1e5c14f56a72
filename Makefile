# Every target calls a script in scripts/, which is where the work is described.

# What `sam build` runs (BuildMethod: makefile). With build_in_source (samconfig.toml) it runs here,
# with ARTIFACTS_DIR set to .aws-sam/build/NotifierFunction.
.PHONY: build-NotifierFunction
build-NotifierFunction:
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: this target is for sam build))
	scripts/build --product bootstrap --output "$(ARTIFACTS_DIR)"

# The approval links' function: the same package (template.yaml, ActionsFunction).
.PHONY: build-ActionsFunction
build-ActionsFunction:
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: this target is for sam build))
	scripts/build --product bootstrap --output "$(ARTIFACTS_DIR)"

# The self-contained package in build/package.
.PHONY: build
build:
	scripts/build

# build/notifier.zip, ready for `aws lambda update-function-code --zip-file fileb://build/notifier.zip`.
.PHONY: package
package:
	scripts/package

# The test suite.
.PHONY: test
test:
	scripts/test

# sam validate --lint and cfn-lint.
.PHONY: lint
lint:
	scripts/lint-template

# The package runs in an empty root and sends over TLS (root only).
.PHONY: test-package
test-package:
	scripts/test-package-chroot

# Runs the function on the sample events without AWS or Docker; e-mails land in outbox/.
# Chosen events: make invoke-local EVENTS="events/sqs-batch.json events/sns.json"
EVENTS ?=
.PHONY: invoke-local
invoke-local:
	scripts/run-local $(EVENTS)
