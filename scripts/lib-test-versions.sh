# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this
# The one place where the versions of the real components that the tests run are pinned.
# Sourced by the scripts that build, install or start them; the operator's
# integration tests read K8S_VERSION from here too, so that they start exactly the binaries the
# script built.
# Keep the plain KEY=value form: the Java side parses it without a shell.

# Kubernetes (kube-apiserver, kube-controller-manager, kubectl), built from the Go module proxy.
K8S_VERSION=1.34.4
# etcd 3.6 is the line Kubernetes 1.34 supports.
ETCD_VERSION=3.6.16
# KWOK fakes nodes and pods for scale tests.
KWOK_VERSION=0.7.0
# Fault injector between the todo-app and PostgreSQL in its integration tests.
TOXIPROXY_VERSION=2.12.0
# AWS API emulator, from PyPI as moto[server].
MOTO_VERSION=5.2.5
# The aws commands of docs/migrating-from-ecs.md, run against moto by the RDS end-to-end scenario;
# AWS CLI v1, from PyPI.
AWSCLI_VERSION=1.46.3
# Static security scanner of terraform/, from PyPI.
CHECKOV_VERSION=3.3.30

# The real cluster of `make demo` and `make e2e`: kind, and helm to install the chart, built from
# the Go module proxy where they are not on the PATH.
KIND_VERSION=0.32.0
HELM_VERSION=3.19.5
# Only for a node image built locally (where kindest/node cannot be pulled): the pieces kind's
# own node image carries, from the Go module proxy, at the versions Kubernetes 1.34 pairs with.
CRICTL_VERSION=1.34.0
COREDNS_VERSION=1.12.1
# The only version the Go module proxy serves.
LOCAL_PATH_PROVISIONER_VERSION=0.0.30
# The Debian release of locally built base images: it packages openjdk-21 and postgresql-17.
DEBIAN_SUITE=trixie

# The IAM policy test (scripts/test-iam-policy.sh): an offline IAM policy simulator and the
# service reference data it evaluates with, both from the npm registry, and parliament (PyPI),
# which lints the policy against its own copy of AWS's service definitions.
IAM_SIMULATE_VERSION=0.1.173
IAM_DATA_VERSION=0.21.202609261
PARLIAMENT_VERSION=1.6.4
