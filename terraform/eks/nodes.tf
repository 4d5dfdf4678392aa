# The nodes' instance metadata service (IMDSv2) answers a token request across this many hops. A
# pod's packets cross one more hop than the node's own (its network namespace): with 1 no pod on
# the pod network reaches the node role, with 2 every pod does.
#
#   pod-identity  1: every pod that needs AWS (the operator, the EBS CSI controller) has a role of
#                 its own, so the node role stays with the nodes and host-network pods.
#   node-role     2: the node role is the only credential source there is, and the EBS CSI
#                 controller needs it from the pod network (the add-on has no host-network setting
#                 for it; ebs-csi.tf). In Learner Lab the account has a single user: a pod that
#                 reaches LabRole gains nothing that user lacks. Where several teams share the
#                 cluster, use pod-identity, the default wherever roles can be made.
#
# An explicit node_imds_hop_limit wins; 1 with node-role puts the operator on the host network
# (operator-credentials.tf) and leaves the EBS CSI controller without credentials.
locals {
  node_imds_hop_limit = coalesce(var.node_imds_hop_limit, local.pod_identity ? 1 : 2)
}

# The nodes' own security group, next to the cluster security group that EKS makes and that the
# control plane carries too. It has no rules of its own: it names the nodes, so that the RDS
# security group (rds.tf) can admit them and nothing else.
resource "aws_security_group" "node" {
  name_prefix = "${local.name}-node-"
  description = "Worker nodes of EKS cluster ${local.name}; the RDS security group admits this group only"
  vpc_id      = local.vpc_id

  tags = { Name = "${local.name}-node" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_launch_template" "node" {
  name_prefix            = "${local.name}-node-"
  description            = "Nodes of EKS cluster ${local.name}"
  update_default_version = true

  # A launch template with security groups replaces the one EKS would give the nodes, so the
  # cluster security group (node <-> control plane traffic) is listed with the nodes' own.
  vpc_security_group_ids = [aws_eks_cluster.this.vpc_config[0].cluster_security_group_id, aws_security_group.node.id]

  # IMDSv2 only, with the hop limit of local.node_imds_hop_limit (above).
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = local.node_imds_hop_limit
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.node_disk_size_gib
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Name = "${local.name}-node" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.tags, { Name = "${local.name}-node" })
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "${local.name}-default"
  node_role_arn   = local.node_role_arn
  subnet_ids      = local.node_subnet_ids

  ami_type       = var.node_ami_type
  capacity_type  = var.node_capacity_type
  instance_types = [var.node_instance_type]

  scaling_config {
    desired_size = var.node_desired_size
    min_size     = var.node_min_size
    max_size     = var.node_max_size
  }

  update_config {
    max_unavailable = 1
  }

  launch_template {
    id      = aws_launch_template.node.id
    version = aws_launch_template.node.latest_version
  }

  lifecycle {
    # A cluster autoscaler (or a person) may change the current size; do not fight it.
    ignore_changes = [scaling_config[0].desired_size]

    precondition {
      condition     = local.node_role_arn != null
      error_message = format(local.missing_role_message, "EKS nodes", "node_role_arn", "ec2.amazonaws.com", local.pod_identity ? "AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and AmazonEC2ContainerRegistryReadOnly" : "AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly, AmazonEBSCSIDriverPolicy and RDS permissions for the operator")
    }
  }
}
