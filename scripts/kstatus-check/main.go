// kstatus-check prints what sigs.k8s.io/cli-utils/pkg/kstatus (the library Flux and kpt read a
// resource's health with) makes of one Kubernetes object, read as JSON or YAML on stdin:
//
//	{"status":"InProgress","message":"Ready: the database is being created"}
//
// The tests run it on the TaskOverflows they make, so that what GitOps tools see is proven with
// their own code rather than a copy of its rules.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: kstatus-check < resource.json (or .yaml)")
		os.Exit(2)
	}
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
	result, err := status.Compute(object)
	if err != nil {
		fail("kstatus: %v", err)
	}
	out, err := json.Marshal(map[string]string{
		"status":  result.Status.String(),
		"message": result.Message,
	})
	if err != nil {
		fail("%v", err)
	}
	fmt.Println(string(out))
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "kstatus-check: "+format+"\n", args...)
	os.Exit(1)
}
