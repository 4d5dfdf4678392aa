// CoreDNS for a node image built where registry.k8s.io/coredns cannot be pulled: the release's
// server with only the plugins that kubeadm's Corefile uses (each registers itself in init), so
// that the build takes seconds rather than the minutes of the whole plugin set; and rewrite, with
// which the end-to-end test sends the RDS endpoint names of its AWS emulator to the PostgreSQL
// servers that stand behind them.
package main

import (
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/metrics"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
	_ "github.com/coredns/coredns/plugin/rewrite"
)

func main() { coremain.Run() }
