// kube-router's NetworkPolicy firewall alone, for the kind clusters whose node image is built here
// (images/README.md). kube-router's own main starts every controller its flags ask for and so
// links them all: the BGP router (GoBGP and its gRPC admin server), the IPVS service proxy (with
// Docker's client) and the load-balancer allocator. The security advisories against v2.1.0
// (GO-2026-5653, GO-2026-4724) and those of GoBGP and Docker are in that code. This main is
// pkg/cmd's Run reduced to the firewall, so none of it is in the binary.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/cloudnativelabs/kube-router/v2/pkg/controllers/netpol"
	"github.com/cloudnativelabs/kube-router/v2/pkg/healthcheck"
	"github.com/cloudnativelabs/kube-router/v2/pkg/options"
	"github.com/cloudnativelabs/kube-router/v2/pkg/version"
	"github.com/spf13/pflag"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	klog.InitFlags(nil)
	config := options.NewKubeRouterConfig()
	config.AddFlags(pflag.CommandLine)
	pflag.Parse()
	// klog's flags live on the standard flag set, which pflag does not parse.
	if err := flag.CommandLine.Parse(nil); err != nil {
		return err
	}
	if err := flag.Set("logtostderr", "true"); err != nil {
		return err
	}
	if err := flag.Set("v", config.VLevel); err != nil {
		return err
	}
	switch {
	case config.HelpRequested:
		pflag.Usage()
		return nil
	case config.Version:
		version.PrintVersion(false)
		return nil
	case !config.RunFirewall || config.RunRouter || config.RunServiceProxy || config.RunLoadBalancer:
		return errors.New("this build runs the firewall only: pass --run-firewall=true --run-router=false --run-service-proxy=false")
	case config.MetricsPort != 0 || config.EnablePprof:
		return errors.New("this build serves no metrics nor profiles")
	case os.Geteuid() != 0:
		return errors.New("kube-router runs iptables and ipset: it must run as root")
	case config.CleanupConfig:
		(&netpol.NetworkPolicyController{}).Cleanup()
		return nil
	}
	version.PrintVersion(true)

	client, err := newClient(config)
	if err != nil {
		return err
	}
	return runFirewall(config, client)
}

// newClient: the kubeconfig or API server given by flags, else the pod's service account.
func newClient(config *options.KubeRouterConfig) (kubernetes.Interface, error) {
	var restConfig *rest.Config
	var err error
	if config.Master != "" || config.Kubeconfig != "" {
		restConfig, err = clientcmd.BuildConfigFromFlags(config.Master, config.Kubeconfig)
	} else {
		restConfig, err = rest.InClusterConfig()
	}
	if err != nil {
		return nil, fmt.Errorf("no Kubernetes client configuration: %w", err)
	}
	return kubernetes.NewForConfig(restConfig)
}

// runFirewall is the firewall part of pkg/cmd's KubeRouter.Run, until SIGINT or SIGTERM.
func runFirewall(config *options.KubeRouterConfig, client kubernetes.Interface) error {
	var wg sync.WaitGroup
	var ipsetMutex sync.Mutex
	healthChan := make(chan *healthcheck.ControllerHeartbeat, 10)
	stopCh := make(chan struct{})

	health, err := healthcheck.NewHealthController(config)
	if err != nil {
		return fmt.Errorf("failed to create health controller: %w", err)
	}
	wg.Add(1)
	go health.RunServer(stopCh, &wg)

	factory := informers.NewSharedInformerFactory(client, 0)
	pods := factory.Core().V1().Pods().Informer()
	namespaces := factory.Core().V1().Namespaces().Informer()
	policies := factory.Networking().V1().NetworkPolicies().Informer()
	factory.Start(stopCh)
	if err := waitForCaches(factory, stopCh, config.CacheSyncTimeout); err != nil {
		return err
	}
	health.SetAlive()
	wg.Add(1)
	go health.RunCheck(healthChan, stopCh, &wg)

	iptables, ipsets, err := netpol.NewIPTablesHandlers(config)
	if err != nil {
		return fmt.Errorf("failed to create iptables handlers: %w", err)
	}
	npc, err := netpol.NewNetworkPolicyController(client, config, pods, policies, namespaces,
		&ipsetMutex, iptables, ipsets)
	if err != nil {
		return fmt.Errorf("failed to create network policy controller: %w", err)
	}
	if _, err := pods.AddEventHandler(npc.PodEventHandler); err != nil {
		return err
	}
	if _, err := namespaces.AddEventHandler(npc.NamespaceEventHandler); err != nil {
		return err
	}
	if _, err := policies.AddEventHandler(npc.NetworkPolicyEventHandler); err != nil {
		return err
	}
	wg.Add(1)
	go npc.Run(healthChan, stopCh, &wg)

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	<-signals
	klog.Info("Shutting down the network policy controller")
	close(stopCh)
	wg.Wait()
	return nil
}

func waitForCaches(factory informers.SharedInformerFactory, stopCh <-chan struct{}, timeout time.Duration) error {
	synced := make(chan struct{})
	go func() {
		factory.WaitForCacheSync(stopCh)
		close(synced)
	}()
	select {
	case <-time.After(timeout):
		return fmt.Errorf("informer caches not synced within %s", timeout)
	case <-synced:
		return nil
	}
}
