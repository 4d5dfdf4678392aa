# NetworkPolicy enforcement. The operator gives every TaskOverflow NetworkPolicies that keep the
# tenants apart and the todo pods away from the instance metadata service (the only thing that
# does so with hop limit 2, node-role's default; nodes.tf); they change nothing unless the CNI
# enforces them. EKS installs the VPC CNI with every cluster, network policy off; as a managed
# add-on it runs its network policy agent.
resource "aws_eks_addon" "vpc_cni" {
  cluster_name = aws_eks_cluster.this.name
  addon_name   = "vpc-cni"

  # EKS installed the CNI with the cluster, unmanaged: take it over with this configuration, and
  # keep it so on updates.
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "OVERWRITE"

  configuration_values = jsonencode({
    enableNetworkPolicy = "true"
  })

  # Its agent runs in the aws-node DaemonSet; as the Pod Identity agent, it is applied once the
  # nodes are there (the nodes join on the CNI EKS installed).
  depends_on = [aws_eks_node_group.default]
}
