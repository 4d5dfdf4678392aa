# The two commands of the README, and the pieces they are made of.
.PHONY: run test test-prepare bench

# Runs TaskOverflow locally against a throw-away PostgreSQL that it starts for you.
run:
	scripts/run-local.sh

# Every test: Java unit + integration tests (real PostgreSQL, kube-apiserver, moto), Terraform checks.
test: test-prepare
	mvn -B verify
	scripts/test-terraform.sh

# Test binaries built offline and cached: Kubernetes from the Go module proxy, moto from PyPI.
test-prepare:
	scripts/test-binaries.sh
	scripts/test-moto.sh

bench:
	scripts/bench-todo.sh
