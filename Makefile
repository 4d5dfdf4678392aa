# The commands of the README, and the pieces they are made of.
.PHONY: demo demo-down e2e run test test-prepare test-shell test-checkov bench bench-operator bench-cluster

# A kind cluster with the operator and one TaskOverflow on its in-cluster PostgreSQL.
demo:
	scripts/kind-demo.sh

demo-down:
	scripts/kind-demo-down.sh

# The demo on its own cluster, then the todo API through the Service across pod restarts.
e2e:
	scripts/kind-e2e.sh

# TaskOverflow alone on this machine, against a throw-away PostgreSQL it starts for you.
run:
	scripts/run-local.sh

# Every test: shell scripts, Terraform (checks and checkov scan), Java unit + integration tests
# (real PostgreSQL, kube-apiserver + etcd + kube-controller-manager, moto, headless Chromium, the
# Helm chart), then the end-to-end test on a real kind cluster. Installs what is missing first.
test: test-prepare
	scripts/test-shell.sh
	scripts/test-terraform.sh
	scripts/test-checkov.sh
	mvn -B verify
	scripts/kind-e2e.sh

# Packages a fresh machine lacks, and test binaries built offline and cached: Kubernetes from the
# Go module proxy, moto from PyPI.
test-prepare:
	scripts/install-deps.sh
	scripts/test-binaries.sh
	scripts/test-moto.sh

test-shell:
	scripts/test-shell.sh

test-checkov:
	scripts/test-checkov.sh

bench:
	scripts/bench-todo.sh

bench-operator:
	scripts/bench-operator.sh

bench-cluster:
	scripts/bench-cluster.sh
