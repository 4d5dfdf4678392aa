#!/usr/bin/env bash
# Checks the helm the kind scripts build (scripts/lib/cluster-tools.sh): it reports the pinned
# helm and Kubernetes versions, and renders the chart without --kube-version, the chart's
# kubeVersion (>= 1.30) being met by the Kubernetes version it was built for, with the optional
# monitoring objects off (the defaults) and on. Builds helm at most
# once: the binary is the cached one that `make e2e` installs the chart with.
# Prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/go-build.sh
source scripts/lib/go-build.sh
# shellcheck source=scripts/lib/cluster-tools.sh
source scripts/lib/cluster-tools.sh
# shellcheck source=scripts/lib/checks.sh
source scripts/lib/checks.sh

helm=$(pinned_helm)
kube_minor=${K8S_VERSION%.*}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

reports_pinned_versions() {
  local version
  version=$("$helm" version --template '{{.Version}}')
  [[ $version == "v$HELM_VERSION+k8s$kube_minor" ]] ||
    { echo "helm version: $version, expected v$HELM_VERSION+k8s$kube_minor" >&2; return 1; }
}

renders_the_chart_without_kube_version() {
  "$helm" template taskoverflow-operator ./helm/taskoverflow-operator \
    --namespace taskoverflow-system >"$work/chart.yaml" &&
    grep -q '^kind: Deployment$' "$work/chart.yaml"
}

lints_the_chart_without_kube_version() {
  "$helm" lint --strict ./helm/taskoverflow-operator >"$work/lint.txt" ||
    { cat "$work/lint.txt" >&2; return 1; }
}

# The optional monitoring objects (off by default) lint and render too; scripts/test-alerts.sh
# checks what they hold.
MONITORING=(--set metrics.serviceMonitor.enabled=true --set metrics.prometheusRule.enabled=true
  --set metrics.grafanaDashboard.enabled=true)
lints_and_renders_with_monitoring_on() {
  "$helm" lint --strict ./helm/taskoverflow-operator "${MONITORING[@]}" >"$work/lint-monitoring.txt" ||
    { cat "$work/lint-monitoring.txt" >&2; return 1; }
  "$helm" template taskoverflow-operator ./helm/taskoverflow-operator --namespace taskoverflow-system \
    "${MONITORING[@]}" >"$work/chart-monitoring.yaml" &&
    grep -q '^kind: PrometheusRule$' "$work/chart-monitoring.yaml" &&
    grep -q '^    grafana_dashboard: "1"$' "$work/chart-monitoring.yaml" || return 1
  "$helm" template taskoverflow-operator ./helm/taskoverflow-operator >"$work/chart-default.yaml" &&
    ! grep -Eq '^kind: (PrometheusRule|ServiceMonitor)$|grafana_dashboard' "$work/chart-default.yaml"
}

# What a template sees: the Kubernetes version of the build (helm sets no patch version).
capabilities_name_the_pinned_kubernetes() {
  mkdir -p "$work/probe/templates"
  printf 'apiVersion: v2\nname: probe\nversion: 0.1.0\n' >"$work/probe/Chart.yaml"
  printf 'kubeVersion: {{ .Capabilities.KubeVersion.Version }}\n' >"$work/probe/templates/probe.yaml"
  local rendered
  rendered=$("$helm" template probe "$work/probe" | grep '^kubeVersion:')
  [[ $rendered == "kubeVersion: v$kube_minor.0" ]] ||
    { echo "rendered $rendered, expected kubeVersion: v$kube_minor.0" >&2; return 1; }
}

check "helm version reports v$HELM_VERSION+k8s$kube_minor" reports_pinned_versions
check "helm template renders the chart without --kube-version" renders_the_chart_without_kube_version
check "helm lint --strict passes without --kube-version" lints_the_chart_without_kube_version
check "helm lint --strict and template pass with the ServiceMonitor, alerts and dashboard on (off by default)" \
  lints_and_renders_with_monitoring_on
check ".Capabilities.KubeVersion is v$kube_minor.0" capabilities_name_the_pinned_kubernetes

checks_done helm
