#!/usr/bin/env bash
# Checks the chart's Grafana dashboard and alerts with Prometheus' own code, as the chart ships
# them: renders the chart with both on (helm template, release taskoverflow-operator in
# taskoverflow-system), takes the rule groups out of the PrometheusRule and the dashboard out of
# its ConfigMap, then
# - promtool check rules: the groups are valid Prometheus rules (expressions, templates);
# - promtool test rules scripts/test-alerts/rules-test.yaml: each alert fires on series shaped
#   like the real ones and stays silent when all is well;
# - metrics-check: every PromQL expression of the dashboard parses, and every metric an alert
#   reads is on the dashboard too;
# - the rules render and pass promtool with other values (job, thresholds, durations);
# - metrics-check keeps the contract below (the end-to-end test relies on it).
# Builds promtool and metrics-check first when needed (scripts/test-metrics-check.sh), and helm
# as scripts/test-helm.sh does. Prints "N passed, N failed".
#
# metrics-check, for checks against metrics a real cluster exposes:
#   metrics-check [--scraped FILE] FILE...
# FILE: a Grafana dashboard (JSON; the Grafana API's {"dashboard": ...} too) or a rule file
# (YAML groups, or a PrometheusRule object). Every panel target's expr and every query
# variable's label_values(SELECTOR, label) / query_result(EXPR) is parsed, after the dashboard's
# constant variables and Grafana's $__rate_interval, $__interval, $__range are substituted.
# stdout: the metric names the expressions use, sorted, one a line (a name given by regular
# expression as {__name__=~"..."}).
# --scraped FILE: the metric names the cluster's Prometheus scrapes, one a line; blank lines and
# lines starting with # are skipped and only a line's leading name counts, so the text of
# /metrics pages can be concatenated as they are. Names are compared exactly as PromQL writes
# them (http_server_requests_seconds_bucket, ..._total). The series Prometheus adds to every
# target (up, scrape_*), ALERTS, ALERTS_FOR_STATE and the names the given rules record count as
# scraped.
# Exit status: 0 all parsed (and all names scraped); 1 some expression names a metric FILE lacks,
# one stderr line each: "MISSING <name>: <file>: <panel or rule>: <expression>"; 2 bad usage, an
# unreadable file, or an expression that does not parse.
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

scripts/test-metrics-check.sh
BIN_DIR=$(test_bin_dir)
promtool=$BIN_DIR/promtool
metrics_check=$BIN_DIR/metrics-check
helm=$(pinned_helm)
CHART=helm/taskoverflow-operator
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# render DIR [--set ...]: the PrometheusRule's groups as DIR/rules.yaml, the dashboard ConfigMap's
# JSON as DIR/dashboard.json.
render() {
  local dir=$1
  shift
  mkdir -p "$dir"
  # The spec is the PrometheusRule's last key: everything under it, one indent less.
  "$helm" template taskoverflow-operator "$CHART" --namespace taskoverflow-system \
    --set metrics.prometheusRule.enabled=true "$@" --show-only templates/prometheusrule.yaml |
    awk 'spec { sub(/^  /, ""); print } /^spec:$/ { spec = 1 }' >"$dir/rules.yaml"
  "$helm" template taskoverflow-operator "$CHART" --namespace taskoverflow-system \
    --set metrics.grafanaDashboard.enabled=true "$@" --show-only templates/grafana-dashboard.yaml |
    awk 'json && !/^    / { exit } json { sub(/^    /, ""); print } /^  taskoverflow\.json: / { json = 1 }' \
      >"$dir/dashboard.json"
  [[ -s $dir/rules.yaml && -s $dir/dashboard.json ]]
}

rules_are_valid() {
  "$promtool" check rules "$work/default/rules.yaml" >"$work/check.txt" 2>&1 ||
    { cat "$work/check.txt" >&2; return 1; }
  grep -q 'SUCCESS: 7 rules found' "$work/check.txt" ||
    { cat "$work/check.txt" >&2; echo "expected 7 rules" >&2; return 1; }
}

alerts_pass_their_unit_tests() {
  cp scripts/test-alerts/rules-test.yaml "$work/default/"
  "$promtool" test rules "$work/default/rules-test.yaml" >"$work/test.txt" 2>&1 ||
    { cat "$work/test.txt" >&2; return 1; }
  cat "$work/test.txt"
}

# Every alert of the chart has a unit test that expects it to fire.
every_alert_is_tested() {
  local alerts tested
  alerts=$(sed -n 's/^ *- alert: //p' "$work/default/rules.yaml" | sort -u)
  tested=$(sed -n 's/^ *alertname: //p' scripts/test-alerts/rules-test.yaml | sort -u)
  [[ $alerts == "$tested" ]] ||
    { printf 'alerts:\n%s\ntested:\n%s\n' "$alerts" "$tested" >&2; return 1; }
}

dashboard_ships_as_written() {
  cmp "$work/default/dashboard.json" "$CHART/files/grafana-dashboard.json"
}

dashboard_expressions_parse() {
  "$metrics_check" "$work/default/dashboard.json" >"$work/dashboard-names.txt" &&
    echo "dashboard metrics: $(tr '\n' ' ' <"$work/dashboard-names.txt")"
}

# So that an alert can be looked into on the dashboard, and a renamed metric (the JOSDK ones
# stand in both files) cannot be renamed in one file only.
alert_metrics_are_on_the_dashboard() {
  "$metrics_check" "$work/default/rules.yaml" >"$work/rule-names.txt" || return 1
  local missing
  missing=$(comm -23 "$work/rule-names.txt" "$work/dashboard-names.txt")
  [[ -z $missing ]] || { echo "read by alerts, not on the dashboard: $missing" >&2; return 1; }
}

other_values_render_valid_rules() {
  render "$work/custom" \
    --set metrics.prometheusRule.operatorJob=taskoverflow \
    --set metrics.prometheusRule.operatorDown.for=1h30m \
    --set-json metrics.prometheusRule.todoErrors.ratio=0.2 \
    --set-json metrics.prometheusRule.todoSlow.p99Seconds=2.5 || return 1
  "$promtool" check rules "$work/custom/rules.yaml" >/dev/null || return 1
  grep -q 'up{job="taskoverflow", namespace="taskoverflow-system"}' "$work/custom/rules.yaml" &&
    grep -q 'for: 1h30m' "$work/custom/rules.yaml" &&
    grep -q '> 0.2$' "$work/custom/rules.yaml" &&
    grep -q ') > 2.5$' "$work/custom/rules.yaml"
}

# The contract in this script's header, with the chart's own files.
metrics_check_keeps_its_contract() {
  local files=("$work/default/dashboard.json" "$work/default/rules.yaml") status=0
  # Everything scraped (a /metrics-like text; up is never on one): passes.
  {
    echo '# TYPE taskoverflow_resources gauge'
    grep -v '^up$' "$work/dashboard-names.txt" | sed 's/$/{mode="RDS"} 1/'
  } >"$work/scraped-all.txt"
  "$metrics_check" --scraped "$work/scraped-all.txt" "${files[@]}" >/dev/null ||
    { echo "fails although every metric is scraped" >&2; return 1; }
  # One metric missing: exit 1, and each expression naming it is listed.
  grep -v '^taskoverflow_resources_stalled{' "$work/scraped-all.txt" >"$work/scraped-some.txt"
  "$metrics_check" --scraped "$work/scraped-some.txt" "${files[@]}" >/dev/null 2>"$work/missing.txt" ||
    status=$?
  [[ $status == 1 ]] || { echo "exit status $status with a metric missing, expected 1" >&2; return 1; }
  [[ $(grep -c '^MISSING taskoverflow_resources_stalled: ' "$work/missing.txt") == 2 ]] ||
    { cat "$work/missing.txt" >&2; echo "expected the panel and the alert" >&2; return 1; }
  [[ $(wc -l <"$work/missing.txt") == 2 ]] || { cat "$work/missing.txt" >&2; return 1; }
  # An expression that does not parse: exit 2.
  printf 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(up[5m]\n' >"$work/broken.yaml"
  status=0
  "$metrics_check" "$work/broken.yaml" >/dev/null 2>&1 || status=$?
  [[ $status == 2 ]] || { echo "exit status $status on a broken expression, expected 2" >&2; return 1; }
}

check "the chart renders with the dashboard and the alerts" render "$work/default"
check "promtool check rules passes on the rendered rules" rules_are_valid
check "promtool test rules passes (scripts/test-alerts/rules-test.yaml)" alerts_pass_their_unit_tests
check "every alert has a unit test" every_alert_is_tested
check "the ConfigMap holds files/grafana-dashboard.json unchanged" dashboard_ships_as_written
check "every dashboard expression parses" dashboard_expressions_parse
check "every metric an alert reads is on the dashboard" alert_metrics_are_on_the_dashboard
check "other values render valid rules" other_values_render_valid_rules
check "metrics-check keeps its --scraped contract" metrics_check_keeps_its_contract

checks_done alerts
