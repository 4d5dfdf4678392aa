# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this
# The one place where the versions of the real components that the tests run are pinned.
# Sourced by scripts/test-binaries.sh, test-moto.sh and test-checkov.sh; the operator's
# integration tests read K8S_VERSION from here too, so that they start exactly the binaries the
# script built.
# Keep the plain KEY=value form: the Java side parses it without a shell.

# Kubernetes (kube-apiserver, kube-controller-manager, kubectl), built from the Go module proxy.
K8S_VERSION=1.34.4
# etcd 3.6 is the line Kubernetes 1.34 supports.
ETCD_VERSION=3.6.16
# KWOK fakes nodes and pods for scale tests.
KWOK_VERSION=0.7.0
# AWS API emulator, from PyPI as moto[server].
MOTO_VERSION=5.2.5
# Static security scanner of terraform/, from PyPI.
CHECKOV_VERSION=3.3.30
