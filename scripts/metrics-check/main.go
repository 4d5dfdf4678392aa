// metrics-check reads Grafana dashboards (JSON) and Prometheus rule files (YAML: a rule file, or
// a PrometheusRule object), parses every PromQL expression in them with Prometheus' own parser
// (github.com/prometheus/prometheus/promql/parser) and prints the metric names they use, sorted,
// one a line. A selector that names its metric by regular expression is printed as written,
// {__name__=~"..."}.
//
// Usage: metrics-check [--scraped FILE] DASHBOARD.json|RULES.yaml...
//
// With --scraped FILE, FILE lists the metric names a Prometheus scrapes, one a line: the name is
// the leading metric-name token of a line, and blank lines and lines starting with # are skipped,
// so the text of a /metrics endpoint can be given as it is. Names are compared as written: a
// histogram's _bucket, _count and _sum, a counter's _total are the names as scraped, and PromQL
// uses those same names. Always present, whatever FILE says: the series Prometheus itself adds to
// every scrape target (up, scrape_*), which never appear on a /metrics page, the alerts'
// ALERTS and ALERTS_FOR_STATE, and the names that the rule files given record.
//
// Exit status: 0 when every expression parses (and, with --scraped, names only scraped metrics);
// 1 when some expression names a metric FILE lacks (each such expression is printed to stderr as
// "MISSING <name>: <file>: <where>: <expression>"); 2 when an input cannot be read or an
// expression does not parse (printed to stderr).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"sort"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	"go.yaml.in/yaml/v3"
)

// Series that exist without any target exposing them: Prometheus writes the first five for each
// scrape target (so `up` is how an alert notices a target that does not answer at all), and the
// last two for its alerting rules.
var generated = []string{
	"up", "scrape_duration_seconds", "scrape_samples_scraped",
	"scrape_samples_post_metric_relabeling", "scrape_series_added",
	"ALERTS", "ALERTS_FOR_STATE",
}

// expression is one PromQL expression and where it was found.
type expression struct {
	file, where, text string
	names             []string // literal metric names
	patterns          []*labels.Matcher
}

var promql = parser.NewParser(parser.Options{})

func main() {
	scraped := flag.String("scraped", "", "file of scraped metric names, one a line; expressions naming others fail")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: metrics-check [--scraped FILE] DASHBOARD.json|RULES.yaml...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}

	var all []expression
	recorded := map[string]bool{}
	broken := false
	for _, file := range flag.Args() {
		found, records, errs := read(file)
		for _, err := range errs {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			broken = true
		}
		all = append(all, found...)
		for _, name := range records {
			recorded[name] = true
		}
	}

	used := map[string]bool{}
	for _, e := range all {
		for _, name := range e.names {
			used[name] = true
		}
		for _, m := range e.patterns {
			used[fmt.Sprintf("{%s}", m)] = true
		}
	}
	names := make([]string, 0, len(used))
	for name := range used {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Println(name)
	}
	if broken {
		os.Exit(2)
	}

	if *scraped == "" {
		return
	}
	present, err := readScraped(*scraped)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%v\n", err)
		os.Exit(2)
	}
	for _, name := range generated {
		present[name] = true
	}
	for name := range recorded {
		present[name] = true
	}
	missing := false
	for _, e := range all {
		for _, name := range e.names {
			if !present[name] {
				missing = true
				fmt.Fprintf(os.Stderr, "MISSING %s: %s: %s: %s\n", name, e.file, e.where, e.text)
			}
		}
		for _, m := range e.patterns {
			if !matchesAny(m, present) {
				missing = true
				fmt.Fprintf(os.Stderr, "MISSING {%s}: %s: %s: %s\n", m, e.file, e.where, e.text)
			}
		}
	}
	if missing {
		os.Exit(1)
	}
}

// read returns the expressions of a dashboard or rule file, the names its rules record, and what
// could not be read or parsed.
func read(file string) ([]expression, []string, []error) {
	content, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, []error{err}
	}
	var dashboard map[string]any
	if json.Unmarshal(content, &dashboard) == nil {
		if inner, ok := dashboard["dashboard"].(map[string]any); ok {
			dashboard = inner // the shape of Grafana's HTTP API
		}
		if _, ok := dashboard["panels"]; ok {
			found, errs := dashboardExpressions(file, dashboard)
			return found, nil, errs
		}
	}
	return ruleExpressions(file, content)
}

// ruleExpressions reads a rule file as Prometheus does (rulefmt, which also checks the templates
// of labels and annotations), or the spec of a PrometheusRule.
func ruleExpressions(file string, content []byte) ([]expression, []string, []error) {
	var object struct {
		Kind string    `yaml:"kind"`
		Spec yaml.Node `yaml:"spec"`
	}
	if err := yaml.Unmarshal(content, &object); err != nil {
		return nil, nil, []error{fmt.Errorf("neither a Grafana dashboard nor a rule file: %w", err)}
	}
	if object.Kind == "PrometheusRule" {
		spec, err := yaml.Marshal(&object.Spec)
		if err != nil {
			return nil, nil, []error{err}
		}
		content = spec
	}
	groups, errs := rulefmt.Parse(content, false, model.UTF8Validation, promql, slog.New(slog.DiscardHandler))
	if len(errs) > 0 {
		return nil, nil, errs
	}
	if len(groups.Groups) == 0 {
		return nil, nil, []error{fmt.Errorf("no rule groups")}
	}
	var found []expression
	var records []string
	for _, group := range groups.Groups {
		for _, rule := range group.Rules {
			where := fmt.Sprintf("group %s, alert %s", group.Name, rule.Alert)
			if rule.Record != "" {
				where = fmt.Sprintf("group %s, record %s", group.Name, rule.Record)
				records = append(records, rule.Record)
			}
			e, err := parse(file, where, rule.Expr)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			found = append(found, e)
		}
	}
	return found, records, errs
}

// Grafana's interval variables, replaced by a duration as Grafana would before sending a query.
var intervals = map[string]string{
	"__rate_interval": "5m", "__interval": "1m", "__range": "1h",
	"__rate_interval_ms": "300000", "__interval_ms": "60000", "__range_ms": "3600000", "__range_s": "3600",
}

// $name, ${name}, ${name:format} and [[name]], Grafana's ways of naming a variable in a query.
var variable = regexp.MustCompile(`\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)\]\]`)

// dashboardExpressions finds the PromQL of a dashboard: every panel target's expr (rows' nested
// panels too) and the query variables' label_values(selector, label) and query_result(expr). The
// dashboard's constant variables and Grafana's interval variables are substituted first, as
// Grafana does; other variables are left as written, so they parse only inside quoted label
// values.
func dashboardExpressions(file string, dashboard map[string]any) ([]expression, []error) {
	values := map[string]string{}
	for name, value := range intervals {
		values[name] = value
	}
	var queries []map[string]any
	if templating, ok := dashboard["templating"].(map[string]any); ok {
		list, _ := templating["list"].([]any)
		for _, item := range list {
			v, _ := item.(map[string]any)
			name, _ := v["name"].(string)
			switch v["type"] {
			case "constant":
				values[name], _ = v["query"].(string)
			case "query":
				queries = append(queries, v)
			}
		}
	}
	interpolate := func(text string) string {
		return variable.ReplaceAllStringFunc(text, func(ref string) string {
			m := variable.FindStringSubmatch(ref)
			if value, ok := values[m[1]+m[2]+m[3]]; ok {
				return value
			}
			return ref
		})
	}

	var found []expression
	var errs []error
	add := func(where, text string) {
		e, err := parse(file, where, interpolate(text))
		if err != nil {
			errs = append(errs, err)
			return
		}
		e.text = text
		found = append(found, e)
	}
	var walk func(panels []any)
	walk = func(panels []any) {
		for _, item := range panels {
			panel, _ := item.(map[string]any)
			title, _ := panel["title"].(string)
			targets, _ := panel["targets"].([]any)
			for _, t := range targets {
				target, _ := t.(map[string]any)
				if !prometheus(target["datasource"], panel["datasource"]) {
					continue
				}
				if expr, ok := target["expr"].(string); ok {
					refID, _ := target["refId"].(string)
					add(fmt.Sprintf("panel %q, target %s", title, refID), expr)
				}
			}
			nested, _ := panel["panels"].([]any)
			walk(nested)
		}
	}
	panels, _ := dashboard["panels"].([]any)
	walk(panels)

	for _, v := range queries {
		name, _ := v["name"].(string)
		query, _ := v["query"].(string)
		if object, ok := v["query"].(map[string]any); ok {
			query, _ = object["query"].(string)
		}
		if !prometheus(v["datasource"], nil) {
			continue
		}
		if expr, ok := variableQueryExpression(query); ok {
			add(fmt.Sprintf("variable %s", name), expr)
		}
	}
	return found, errs
}

var (
	labelValues = regexp.MustCompile(`^\s*label_values\(\s*(.+)\s*,\s*[\w.]+\s*\)\s*$`)
	queryResult = regexp.MustCompile(`^\s*query_result\(\s*(.+)\s*\)\s*$`)
)

// variableQueryExpression returns the PromQL inside a Prometheus query variable of Grafana, when
// it has one (label_values(label) and label_names() name no metric).
func variableQueryExpression(query string) (string, bool) {
	if m := labelValues.FindStringSubmatch(query); m != nil {
		return m[1], true
	}
	if m := queryResult.FindStringSubmatch(query); m != nil {
		return m[1], true
	}
	return "", false
}

// prometheus tells whether a target's (else its panel's) data source is a Prometheus one; a
// variable such as ${datasource} counts as one, the dashboard's data sources being Prometheus'.
func prometheus(datasources ...any) bool {
	for _, ds := range datasources {
		switch d := ds.(type) {
		case map[string]any:
			if kind, ok := d["type"].(string); ok {
				return kind == "prometheus"
			}
		case string:
			return true
		}
	}
	return true
}

func parse(file, where, text string) (expression, error) {
	expr, err := promql.ParseExpr(text)
	if err != nil {
		return expression{}, fmt.Errorf("%s: %w\n  %s", where, err, text)
	}
	e := expression{file: file, where: where, text: text}
	parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
		selector, ok := node.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		if selector.Name != "" {
			e.names = append(e.names, selector.Name)
			return nil
		}
		for _, m := range selector.LabelMatchers {
			if m.Name != model.MetricNameLabel {
				continue
			}
			if m.Type == labels.MatchEqual {
				e.names = append(e.names, m.Value)
			} else {
				e.patterns = append(e.patterns, m)
			}
		}
		return nil
	})
	return e, nil
}

var leadingName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*`)

func readScraped(file string) (map[string]bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return scrapedNames(f)
}

func scrapedNames(r io.Reader) (map[string]bool, error) {
	names := map[string]bool{}
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for scanner.Scan() {
		line := bytes.TrimSpace(scanner.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if name := leadingName.Find(line); name != nil {
			names[string(name)] = true
		}
	}
	return names, scanner.Err()
}

// matchesAny tells whether a matcher on the metric name (a regular expression) selects at least
// one of the names.
func matchesAny(m *labels.Matcher, names map[string]bool) bool {
	for name := range names {
		if m.Matches(name) {
			return true
		}
	}
	return false
}
