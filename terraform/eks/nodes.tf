resource "aws_launch_template" "node" {
  #checkov:skip=CKV_AWS_341:hop limit 2 is required for pods to reach IMDSv2 (the operator's RDS credentials come from the node role in Learner Lab); IMDSv2 tokens stay required
  name_prefix            = "${local.name}-node-"
  description            = "Nodes of EKS cluster ${local.name}"
  update_default_version = true

  # IMDSv2 only. Hop limit 2 because a pod's packets cross one extra hop (the pod network
  # namespace) to reach the metadata service: the operator pod gets its AWS credentials
  # (RDS API calls) from the node role this way. With the default of 1 it would get none.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
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
  subnet_ids      = local.subnet_ids

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
      error_message = format(local.missing_role_message, "EKS nodes", "node_role_arn", "ec2.amazonaws.com", "AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly and RDS permissions for the operator")
    }
  }
}
