// kstatus-check prints what the GitOps tools make of one Kubernetes object, read as JSON or YAML
// on stdin, each computed by the tool's own code:
//
//	{"status":"InProgress","message":"..."}
//
// status and message are sigs.k8s.io/cli-utils/pkg/kstatus's (the library Flux and kpt read health
// with). With -argocd-health FILE it also runs FILE, an Argo CD resource health check in Lua, in
// gopher-lua (Argo CD's interpreter) with the object as the global obj, the way Argo CD does, and
// adds its result: "argocd":{"status":"Healthy","message":"..."}.
//
// The tests run it on the TaskOverflows they make, so that what GitOps tools see is proven with
// their code rather than a copy of their rules.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/yaml"
)

type health struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

type result struct {
	Status  string  `json:"status"`
	Message string  `json:"message"`
	ArgoCD  *health `json:"argocd,omitempty"`
}

func main() {
	argocdHealth := flag.String("argocd-health", "", "an Argo CD health check (Lua) to run on the object too")
	flag.Parse()
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	// Through JSON, so that numbers such as metadata.generation are int64 as kstatus expects.
	asJSON, err := yaml.YAMLToJSON(in)
	if err != nil {
		fail("not JSON or YAML: %v", err)
	}
	object := &unstructured.Unstructured{}
	if err := object.UnmarshalJSON(asJSON); err != nil {
		fail("not a Kubernetes object: %v", err)
	}
	computed, err := status.Compute(object)
	if err != nil {
		fail("kstatus: %v", err)
	}
	out := result{Status: computed.Status.String(), Message: computed.Message}
	if *argocdHealth != "" {
		script, err := os.ReadFile(*argocdHealth)
		if err != nil {
			fail("%v", err)
		}
		out.ArgoCD, err = runHealthLua(object.Object, string(script))
		if err != nil {
			fail("argocd health check: %v", err)
		}
	}
	printed, err := json.Marshal(out)
	if err != nil {
		fail("%v", err)
	}
	fmt.Println(string(printed))
}

// runHealthLua runs a health check as Argo CD's util/lua does: obj is the object as Lua tables, the
// script returns a table with status and message.
func runHealthLua(object map[string]interface{}, script string) (*health, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, open := range []struct {
		name string
		fn   lua.LGFunction
	}{{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable},
		{lua.StringLibName, lua.OpenString}, {lua.MathLibName, lua.OpenMath}} {
		l.Push(l.NewFunction(open.fn))
		l.Push(lua.LString(open.name))
		l.Call(1, 0)
	}
	l.SetGlobal("obj", toLua(l, object))
	if err := l.DoString(script); err != nil {
		return nil, err
	}
	returned, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return nil, fmt.Errorf("the script returned %s, not a table", l.Get(-1).Type())
	}
	return &health{
		Status:  lua.LVAsString(returned.RawGetString("status")),
		Message: lua.LVAsString(returned.RawGetString("message")),
	}, nil
}

func toLua(l *lua.LState, value interface{}) lua.LValue {
	switch v := value.(type) {
	case map[string]interface{}:
		table := l.NewTable()
		for key, item := range v {
			table.RawSetString(key, toLua(l, item))
		}
		return table
	case []interface{}:
		table := l.NewTable()
		for _, item := range v {
			table.Append(toLua(l, item))
		}
		return table
	case string:
		return lua.LString(v)
	case bool:
		return lua.LBool(v)
	case int64:
		return lua.LNumber(v)
	case float64:
		return lua.LNumber(v)
	case nil:
		return lua.LNil
	default:
		return lua.LString(fmt.Sprint(v))
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "kstatus-check: "+format+"\n", args...)
	os.Exit(1)
}
