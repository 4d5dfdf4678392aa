# Plan-only tests against a mocked AWS provider: no credentials, no network.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Required: no world-open default.
variables {
  cluster_public_access_cidrs = ["203.0.113.7/32"]
}

# Distinct ids for the two security groups that the RDS rule tells apart.
override_resource {
  target          = aws_security_group.node
  override_during = plan
  values = {
    id = "sg-0node"
  }
}

run "learner_lab_defaults_to_node_role_with_hop_limit_2" {
  command = plan

  assert {
    condition     = output.operator_credentials == "node-role"
    error_message = "On the fallback role (Learner Lab, no IAM roles of our own) the default must be the node role."
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_tokens == "required"
    error_message = "IMDSv2 must be required on the nodes."
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_put_response_hop_limit == 2
    error_message = "With node-role the hop limit must default to 2: the node role is the only credential source, and the EBS CSI controller needs it from the pod network."
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_endpoint == "enabled"
    error_message = "The metadata endpoint must stay enabled."
  }

  assert {
    condition     = aws_eks_node_group.default.launch_template[0].id == "lt-0node" && aws_eks_node_group.default.launch_template[0].version == "3"
    error_message = "The node group must use the latest launch template version."
  }

  assert {
    condition     = aws_launch_template.node.block_device_mappings[0].ebs[0].encrypted == "true"
    error_message = "Node root volumes must be encrypted."
  }
}

run "the_vpc_cni_enforces_network_policies" {
  command = plan

  assert {
    condition     = aws_eks_addon.vpc_cni.addon_name == "vpc-cni" && aws_eks_addon.vpc_cni.cluster_name == aws_eks_cluster.this.name
    error_message = "The VPC CNI must be a managed add-on of this cluster."
  }

  assert {
    condition     = jsondecode(aws_eks_addon.vpc_cni.configuration_values).enableNetworkPolicy == "true"
    error_message = "The VPC CNI must enforce NetworkPolicy: the operator's policies isolate the tenants."
  }

  assert {
    condition     = aws_eks_addon.vpc_cni.resolve_conflicts_on_create == "OVERWRITE"
    error_message = "The add-on must take over the VPC CNI that EKS installed with the cluster."
  }
}

run "roles_default_to_labrole" {
  command = plan

  assert {
    condition     = aws_eks_cluster.this.role_arn == "arn:aws:iam::111122223333:role/LabRole"
    error_message = "The cluster role must default to the LabRole lookup."
  }

  assert {
    condition     = aws_eks_node_group.default.node_role_arn == "arn:aws:iam::111122223333:role/LabRole"
    error_message = "The node role must default to the LabRole lookup."
  }
}

run "explicit_roles_skip_the_lookup" {
  command = plan

  variables {
    cluster_role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
    node_role_arn    = "arn:aws:iam::111122223333:role/eks-node"
  }

  assert {
    condition     = length(data.aws_iam_roles.fallback) == 0
    error_message = "No role lookup when both roles are given."
  }

  assert {
    condition     = aws_eks_cluster.this.role_arn == "arn:aws:iam::111122223333:role/eks-cluster"
    error_message = "cluster_role_arn must be used."
  }

  assert {
    condition     = aws_eks_node_group.default.node_role_arn == "arn:aws:iam::111122223333:role/eks-node"
    error_message = "node_role_arn must be used."
  }
}

run "applying_identity_administers_the_cluster" {
  command = plan

  variables {
    admin_principal_arns = ["arn:aws:iam::111122223333:role/ops"]
  }

  assert {
    condition     = aws_eks_cluster.this.access_config[0].authentication_mode == "API"
    error_message = "The cluster must use access entries."
  }

  assert {
    condition     = aws_eks_cluster.this.access_config[0].bootstrap_cluster_creator_admin_permissions == false
    error_message = "Admin access must come from the explicit access entries."
  }

  assert {
    condition     = aws_eks_access_entry.admin["arn:aws:iam::111122223333:role/voclabs"].principal_arn == "arn:aws:iam::111122223333:role/voclabs"
    error_message = "The role behind the applying session needs an access entry."
  }

  assert {
    condition     = length(aws_eks_access_policy_association.admin) == 2
    error_message = "The caller and each admin_principal_arns entry get cluster-admin."
  }

  assert {
    condition = alltrue([
      for a in aws_eks_access_policy_association.admin :
      a.policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" && a.access_scope[0].type == "cluster"
    ])
    error_message = "Admins get AmazonEKSClusterAdminPolicy on the whole cluster."
  }
}

run "node_role_gets_no_admin_entry_even_when_it_applies" {
  command = plan

  override_data {
    target = data.aws_iam_session_context.current
    values = {
      issuer_arn = "arn:aws:iam::111122223333:role/LabRole"
    }
  }

  assert {
    condition     = length(aws_eks_access_entry.admin) == 0
    error_message = "The node role must keep the single access entry EKS gives the nodes."
  }
}

run "subnets_come_from_zones_with_eks_and_the_node_type" {
  command = plan

  assert {
    condition     = data.aws_availability_zones.eks.exclude_zone_ids == toset(["use1-az3", "usw1-az2", "cac1-az3"])
    error_message = "Zones without EKS must be excluded."
  }

  assert {
    condition     = contains([for f in data.aws_subnets.selected[0].filter : f.name], "default-for-az")
    error_message = "In the default VPC only default subnets are used."
  }

  assert {
    condition     = one([for f in data.aws_subnets.selected[0].filter : f.values if f.name == "availability-zone"]) == toset(["us-east-1a", "us-east-1b"])
    error_message = "Subnets must be filtered to zones offering the node instance type."
  }

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].subnet_ids == toset(["subnet-0aaa", "subnet-0bbb"])
    error_message = "The cluster must use the selected subnets."
  }
}

run "explicit_subnets_skip_the_lookup" {
  command = plan

  variables {
    vpc_id     = "vpc-0other"
    subnet_ids = ["subnet-01", "subnet-02"]
  }

  assert {
    condition     = length(data.aws_subnets.selected) == 0
    error_message = "No subnet lookup when subnet_ids are given."
  }

  assert {
    condition     = aws_eks_node_group.default.subnet_ids == toset(["subnet-01", "subnet-02"])
    error_message = "Nodes must use subnet_ids."
  }
}

run "rds_reachable_only_from_the_nodes_on_5432" {
  command = plan

  assert {
    condition     = aws_vpc_security_group_ingress_rule.rds_from_nodes.security_group_id == aws_security_group.rds.id
    error_message = "The rule must belong to the RDS security group."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.rds_from_nodes.referenced_security_group_id == "sg-0node"
    error_message = "The only source must be the node security group, not the cluster security group the control plane carries."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.rds_from_nodes.from_port == 5432 &&
      aws_vpc_security_group_ingress_rule.rds_from_nodes.to_port == 5432 &&
      aws_vpc_security_group_ingress_rule.rds_from_nodes.ip_protocol == "tcp"
    )
    error_message = "Only TCP 5432 may be open."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.rds_from_nodes.cidr_ipv4 == null &&
      aws_vpc_security_group_ingress_rule.rds_from_nodes.cidr_ipv6 == null &&
      aws_vpc_security_group_ingress_rule.rds_from_nodes.prefix_list_id == null
    )
    error_message = "No CIDR or prefix list may reach the database."
  }

  assert {
    condition     = aws_launch_template.node.vpc_security_group_ids == toset(["sg-0cluster", "sg-0node"])
    error_message = "Nodes carry the node security group besides the cluster security group."
  }

  assert {
    condition     = aws_db_subnet_group.operator.subnet_ids == toset(["subnet-0aaa", "subnet-0bbb"])
    error_message = "The DB subnet group must default to the cluster subnets."
  }
}

run "ecr_repositories_are_immutable_scan_expire_and_destroy_cleanly" {
  command = plan

  assert {
    condition     = toset([for r in aws_ecr_repository.this : r.name]) == toset(["taskoverflow-todo", "taskoverflow-operator"])
    error_message = "Repositories taskoverflow-todo and taskoverflow-operator must exist."
  }

  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.image_scanning_configuration[0].scan_on_push])
    error_message = "Every repository must scan on push."
  }

  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.image_tag_mutability == "IMMUTABLE"])
    error_message = "Every repository must keep its tags immutable: a tag names one image for good."
  }

  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.force_delete])
    error_message = "Every repository must be force-deleted so that destroy works."
  }

  assert {
    condition = alltrue([
      for p in aws_ecr_lifecycle_policy.this :
      jsondecode(p.policy).rules[0].selection.countType == "imageCountMoreThan" && jsondecode(p.policy).rules[0].selection.countNumber == 10
    ])
    error_message = "Every repository must keep only the last 10 images."
  }
}

run "outputs_feed_the_operator_chart" {
  command = plan

  assert {
    condition     = output.kubeconfig_command == "aws eks update-kubeconfig --region us-east-1 --name taskoverflow"
    error_message = "Unexpected kubeconfig command: ${output.kubeconfig_command}"
  }

  assert {
    condition = alltrue([for flag in [
      "helm upgrade --install taskoverflow-operator ./helm/taskoverflow-operator",
      "--set image.repository=111122223333.dkr.ecr.us-east-1.amazonaws.com/repo",
      "--set todoApp.image.repository=111122223333.dkr.ecr.us-east-1.amazonaws.com/repo",
      "--set aws.region=us-east-1",
      "--set aws.rds.subnetGroupName=taskoverflow-rds",
      "--set 'aws.rds.securityGroupIds={sg-0rds}'",
    ] : strcontains(output.helm_install_command, flag)])
    error_message = "The helm command lacks a value: ${output.helm_install_command}"
  }

  assert {
    condition     = !endswith(output.helm_install_command, "\n")
    error_message = "The helm command must end without a newline so that more flags can be appended."
  }

  assert {
    condition     = !strcontains(output.helm_install_command, "image.tag")
    error_message = "Without tags the command must leave them to helm_image_tag_flags of terraform/images (ECR has no latest): ${output.helm_install_command}"
  }
}

run "image_tags_when_given_go_into_the_helm_command" {
  command = plan

  variables {
    operator_image_tag = "0123456789ab"
    todo_image_tag     = "ba9876543210"
  }

  assert {
    condition = (
      strcontains(output.helm_install_command, "--set image.tag=0123456789ab") &&
      strcontains(output.helm_install_command, "--set todoApp.image.tag=ba9876543210")
    )
    error_message = "The given tags must be set: ${output.helm_install_command}"
  }
}

run "node_role_by_default_runs_the_operator_on_the_pod_network_and_says_every_pod_reaches_labrole" {
  command = plan

  assert {
    condition = (
      !strcontains(output.helm_install_command, "hostNetwork") &&
      !strcontains(output.helm_install_command, "pod-security") &&
      !strcontains(output.helm_install_command, "kubectl")
    )
    error_message = "With hop limit 2 the operator reaches the node role from the pod network, in a namespace that needs no privileged label: ${output.helm_install_command}"
  }

  assert {
    condition     = startswith(output.aws_credentials_exposure, "node-role with hop limit 2: every pod on the pod network reaches the node role, arn:aws:iam::111122223333:role/LabRole, through the instance metadata service")
    error_message = "The exposure note must say plainly that every pod reaches LabRole: ${output.aws_credentials_exposure}"
  }

  assert {
    condition = (
      strcontains(output.aws_credentials_exposure, "keep the todo and in-cluster PostgreSQL pods of each TaskOverflow from 169.254.169.254; other pods are not kept from it") &&
      strcontains(output.aws_credentials_exposure, "not for a cluster several teams share: use pod-identity there")
    )
    error_message = "The exposure note must say which pods are kept from IMDS, and what to use on a shared cluster: ${output.aws_credentials_exposure}"
  }

  assert {
    condition     = !strcontains(output.aws_credentials_exposure, "8080") && !strcontains(output.aws_credentials_exposure, "privileged")
    error_message = "Without the host network nothing is bound on the nodes and no namespace is privileged: ${output.aws_credentials_exposure}"
  }
}

run "node_role_with_hop_limit_1_runs_the_operator_on_the_host_network_in_a_privileged_namespace" {
  command = plan

  variables {
    node_imds_hop_limit = 1
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "An explicit node_imds_hop_limit must win over the mode's default."
  }

  assert {
    condition     = strcontains(output.helm_install_command, "--set hostNetwork=true")
    error_message = "With node-role and hop limit 1 the operator must run on the host network, the only place that reaches the node role: ${output.helm_install_command}"
  }

  assert {
    condition     = strcontains(output.helm_install_command, "kubectl label namespace taskoverflow-system --overwrite pod-security.kubernetes.io/enforce=privileged && \\\n")
    error_message = "The command must first let the operator's namespace admit host-network pods: ${output.helm_install_command}"
  }

  assert {
    condition     = !endswith(output.helm_install_command, "\n")
    error_message = "The helm command must end without a newline so that more flags can be appended."
  }

  assert {
    condition = (
      startswith(output.aws_credentials_exposure, "node-role with hop limit 1: the operator runs on the nodes' network") &&
      strcontains(output.aws_credentials_exposure, "every other host-network pod") &&
      strcontains(output.aws_credentials_exposure, "8080")
    )
    error_message = "The exposure note must say what stays exposed: ${output.aws_credentials_exposure}"
  }
}

# The precondition messages themselves are checked by tests/messages/, which
# scripts/test-terraform.sh runs and expects to fail with the guidance text.
run "cluster_role_missing_stops_the_plan" {
  command = plan

  override_data {
    target = data.aws_iam_roles.fallback[0]
    values = {
      arns = []
    }
  }

  expect_failures = [aws_eks_cluster.this]
}

run "node_role_missing_stops_the_plan" {
  command = plan

  variables {
    cluster_role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  }

  override_data {
    target = data.aws_iam_roles.fallback[0]
    values = {
      arns = []
    }
  }

  expect_failures = [aws_eks_node_group.default]
}

run "pod_identity_is_the_default_where_roles_are_named_and_gives_the_operator_its_own_role" {
  command = plan

  variables {
    node_role_arn = "arn:aws:iam::111122223333:role/eks-node"
  }

  assert {
    condition     = output.operator_credentials == "pod-identity"
    error_message = "With a node role of its own (an account that makes roles) the default must be Pod Identity."
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "With pod-identity the hop limit must default to 1 so that no pod reaches the node role."
  }

  assert {
    condition     = strcontains(output.aws_credentials_exposure, "Hop limit 1 keeps every pod on the pod network from the node role")
    error_message = "aws_credentials_exposure must say that hop limit 1 keeps the pod network from the node role: ${output.aws_credentials_exposure}"
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_tokens == "required"
    error_message = "IMDSv2 must stay required."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.operator_rds[0].policy) == jsondecode(templatefile("${path.module}/../../docs/rds-iam-policy.json", {
      account_id = "111122223333", region = "us-east-1", subnet_group = "taskoverflow-rds"
    }))
    error_message = "The operator role must hold the policy of docs/rds-iam-policy.json, filled in."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.operator_rds[0].policy).Statement : alltrue([
        for r in flatten([s.Resource]) : r == "*" || (strcontains(r, ":111122223333:") && !strcontains(r, ":*:*:"))
      ])
    ])
    error_message = "Every ARN of the policy must name this account: ${aws_iam_role_policy.operator_rds[0].policy}"
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.operator_rds[0].policy).Statement : alltrue([
        for r in flatten([s.Resource]) : !startswith(r, "arn:aws:rds:") || startswith(r, "arn:aws:rds:us-east-1:111122223333:")
      ])
    ])
    error_message = "Every RDS ARN of the policy must name this region."
  }

  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.operator_rds[0].policy).Statement : [for r in flatten([s.Resource]) : r if strcontains(r, ":subgrp:")]
    ])) == toset(["arn:aws:rds:us-east-1:111122223333:subgrp:taskoverflow-rds"])
    error_message = "The only subnet group the operator may create in is the one made here."
  }

  assert {
    condition     = output.operator_rds_policy == aws_iam_role_policy.operator_rds[0].policy
    error_message = "operator_rds_policy must be the policy the role holds."
  }

  assert {
    condition     = !strcontains(output.helm_install_command, "hostNetwork") && !strcontains(output.helm_install_command, "pod-security")
    error_message = "With Pod Identity the operator stays on the pod network: ${output.helm_install_command}"
  }

  assert {
    condition = (
      jsondecode(aws_iam_role.operator[0].assume_role_policy).Statement[0].Principal.Service == "pods.eks.amazonaws.com" &&
      toset(jsondecode(aws_iam_role.operator[0].assume_role_policy).Statement[0].Action) == toset(["sts:AssumeRole", "sts:TagSession"]) &&
      length(jsondecode(aws_iam_role.operator[0].assume_role_policy).Statement) == 1
    )
    error_message = "Only EKS Pod Identity may assume the operator role."
  }

  assert {
    condition     = jsondecode(aws_iam_role.operator[0].assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "111122223333"
    error_message = "The trust must be limited to this account."
  }

  assert {
    condition = (
      aws_eks_pod_identity_association.operator[0].namespace == "taskoverflow-system" &&
      aws_eks_pod_identity_association.operator[0].service_account == "taskoverflow-operator" &&
      aws_eks_pod_identity_association.operator[0].cluster_name == "taskoverflow"
    )
    error_message = "The association must name the operator's namespace and ServiceAccount."
  }

  assert {
    condition     = aws_eks_addon.pod_identity_agent[0].addon_name == "eks-pod-identity-agent"
    error_message = "Pod Identity needs its agent add-on."
  }

  assert {
    condition     = strcontains(output.helm_install_command, "--set serviceAccount.create=true --set serviceAccount.name=taskoverflow-operator")
    error_message = "The helm command must name the ServiceAccount the association expects: ${output.helm_install_command}"
  }

  assert {
    condition     = !endswith(output.helm_install_command, "\n")
    error_message = "The helm command must end without a newline so that more flags can be appended."
  }
}

run "node_role_creates_no_operator_role_even_with_a_named_node_role" {
  command = plan

  variables {
    operator_credentials = "node-role"
    node_role_arn        = "arn:aws:iam::111122223333:role/eks-node"
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_put_response_hop_limit == 2
    error_message = "The hop limit follows the mode, not where the node role comes from: 2 with node-role."
  }

  assert {
    condition     = !strcontains(output.helm_install_command, "hostNetwork")
    error_message = "node-role with hop limit 2 keeps the operator on the pod network: ${output.helm_install_command}"
  }

  assert {
    condition     = strcontains(output.aws_credentials_exposure, "reaches the node role, arn:aws:iam::111122223333:role/eks-node,")
    error_message = "The exposure note must name the node role given: ${output.aws_credentials_exposure}"
  }

  assert {
    condition = (
      length(aws_iam_role.operator) == 0 && length(aws_iam_role_policy.operator_rds) == 0 &&
      length(aws_eks_pod_identity_association.operator) == 0 && length(aws_eks_addon.pod_identity_agent) == 0
    )
    error_message = "Learner Lab cannot create IAM roles: node-role must create none."
  }

  assert {
    condition     = !strcontains(output.helm_install_command, "serviceAccount.name") && output.operator_role_arn == null
    error_message = "Without Pod Identity the helm command leaves the ServiceAccount alone."
  }
}

run "operator_credentials_is_checked" {
  command = plan

  variables {
    operator_credentials = "irsa"
  }

  expect_failures = [var.operator_credentials]
}

run "nodes_and_rds_go_in_private_subnets_where_the_vpc_has_them" {
  command = plan

  variables {
    vpc_id     = "vpc-0custom"
    subnet_ids = ["subnet-0pub1", "subnet-0pub2", "subnet-0priv1", "subnet-0priv2"]
  }

  override_data {
    target = data.aws_subnet.cluster["subnet-0priv1"]
    values = {
      map_public_ip_on_launch = false
      availability_zone       = "us-east-1a"
    }
  }

  override_data {
    target = data.aws_subnet.cluster["subnet-0priv2"]
    values = {
      map_public_ip_on_launch = false
      availability_zone       = "us-east-1b"
    }
  }

  assert {
    condition     = aws_eks_node_group.default.subnet_ids == toset(["subnet-0priv1", "subnet-0priv2"])
    error_message = "Nodes must go in the private subnets."
  }

  assert {
    condition     = aws_db_subnet_group.operator.subnet_ids == toset(["subnet-0priv1", "subnet-0priv2"])
    error_message = "The DB subnet group must use the private subnets when they span two zones."
  }

  assert {
    condition     = length(aws_eks_cluster.this.vpc_config[0].subnet_ids) == 4
    error_message = "The control plane keeps all cluster subnets."
  }
}

run "public_default_vpc_keeps_nodes_in_its_subnets" {
  command = plan

  assert {
    condition     = aws_eks_node_group.default.subnet_ids == toset(["subnet-0aaa", "subnet-0bbb"])
    error_message = "Without private subnets the nodes use the cluster subnets."
  }
}

run "api_endpoint_cidrs_are_checked" {
  command = plan

  variables {
    cluster_public_access_cidrs = ["my laptop"]
  }

  expect_failures = [var.cluster_public_access_cidrs]
}

run "no_cidrs_turn_the_public_endpoint_off" {
  command = plan

  variables {
    cluster_public_access_cidrs = []
  }

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_public_access == false && aws_eks_cluster.this.vpc_config[0].endpoint_private_access == true
    error_message = "An empty list must leave the private endpoint only."
  }
}

run "api_endpoint_cidrs_as_given" {
  command = plan

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].public_access_cidrs == toset(["203.0.113.7/32"]) && aws_eks_cluster.this.vpc_config[0].endpoint_public_access
    error_message = "The public endpoint must admit exactly cluster_public_access_cidrs."
  }
}

run "kubernetes_version_defaults_to_one_in_standard_support" {
  command = plan

  # 1.35: on EKS since January 2026, standard support until March 2027 (1.34's ended on
  # 2 December 2026). Moving the default is a README change as well (calendar and cost table).
  assert {
    condition     = aws_eks_cluster.this.version == "1.35" && output.kubernetes_version == "1.35"
    error_message = "The default Kubernetes version must be 1.35, in EKS standard support: ${aws_eks_cluster.this.version}"
  }

  assert {
    condition     = aws_eks_cluster.this.upgrade_policy[0].support_type == "STANDARD"
    error_message = "The cluster must not slide into extended support ($0.60/h instead of $0.10/h)."
  }
}

run "ebs_csi_driver_with_pod_identity_has_a_role_of_its_own" {
  command = plan

  variables {
    node_role_arn = "arn:aws:iam::111122223333:role/eks-node"
  }

  assert {
    condition     = aws_eks_addon.ebs_csi.addon_name == "aws-ebs-csi-driver" && aws_eks_addon.ebs_csi.cluster_name == "taskoverflow"
    error_message = "The EBS CSI driver must be an add-on of this cluster."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.ebs_csi[0].policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
    error_message = "The driver's role must hold the AWS-managed AmazonEBSCSIDriverPolicy."
  }

  assert {
    condition = (
      jsondecode(aws_iam_role.ebs_csi[0].assume_role_policy).Statement[0].Principal.Service == "pods.eks.amazonaws.com" &&
      length(jsondecode(aws_iam_role.ebs_csi[0].assume_role_policy).Statement) == 1 &&
      jsondecode(aws_iam_role.ebs_csi[0].assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "111122223333"
    )
    error_message = "Only EKS Pod Identity of this account may assume the driver's role."
  }

  assert {
    condition = (
      aws_eks_pod_identity_association.ebs_csi[0].namespace == "kube-system" &&
      aws_eks_pod_identity_association.ebs_csi[0].service_account == "ebs-csi-controller-sa"
    )
    error_message = "The association must name the driver controller's ServiceAccount."
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The driver gets its role without touching the hop limit."
  }

  assert {
    condition     = startswith(output.ebs_csi_credentials, "pod-identity: role taskoverflow-ebs-csi")
    error_message = "ebs_csi_credentials must name the driver's role: ${output.ebs_csi_credentials}"
  }
}

run "ebs_csi_driver_on_the_node_role_gets_it_through_hop_limit_2" {
  command = plan

  assert {
    condition     = aws_eks_addon.ebs_csi.addon_name == "aws-ebs-csi-driver"
    error_message = "The EBS CSI add-on is installed in node-role mode too."
  }

  assert {
    condition     = length(aws_iam_role.ebs_csi) == 0 && length(aws_eks_pod_identity_association.ebs_csi) == 0
    error_message = "Learner Lab cannot create IAM roles: node-role makes none for the driver either."
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_put_response_hop_limit == 2
    error_message = "The controller runs on the pod network: only hop limit 2 lets it reach the node role."
  }

  assert {
    condition     = startswith(output.ebs_csi_credentials, "node-role: the node role, arn:aws:iam::111122223333:role/LabRole, through the instance metadata service") && !strcontains(output.ebs_csi_credentials, "NONE")
    error_message = "ebs_csi_credentials must say the controller gets the node role: ${output.ebs_csi_credentials}"
  }

  assert {
    condition     = strcontains(output.aws_credentials_exposure, "the EBS CSI controller, which needs it to create volumes")
    error_message = "aws_credentials_exposure must name the EBS CSI controller: ${output.aws_credentials_exposure}"
  }
}

run "ebs_csi_driver_on_the_node_role_with_hop_limit_1_says_it_cannot_provision" {
  command = plan

  variables {
    node_imds_hop_limit = 1
  }

  assert {
    condition     = aws_eks_addon.ebs_csi.addon_name == "aws-ebs-csi-driver" && length(aws_iam_role.ebs_csi) == 0
    error_message = "The add-on is installed all the same, with no role of its own."
  }

  assert {
    condition     = strcontains(output.ebs_csi_credentials, "NONE") && strcontains(output.ebs_csi_credentials, "Leave node_imds_hop_limit unset")
    error_message = "ebs_csi_credentials must say that the controller has no credentials and what to change: ${output.ebs_csi_credentials}"
  }

  assert {
    condition     = strcontains(output.aws_credentials_exposure, "the EBS CSI controller included")
    error_message = "aws_credentials_exposure must name the EBS CSI controller: ${output.aws_credentials_exposure}"
  }
}

run "pod_identity_with_hop_limit_2_gives_the_node_role_to_every_pod_and_says_so" {
  command = plan

  variables {
    node_role_arn       = "arn:aws:iam::111122223333:role/eks-node"
    node_imds_hop_limit = 2
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_put_response_hop_limit == 2
    error_message = "node_imds_hop_limit must reach the launch template."
  }

  assert {
    condition     = strcontains(output.aws_credentials_exposure, "Hop limit 2 (node_imds_hop_limit = 2): every pod, on the pod network as on the host network, reaches the node role, arn:aws:iam::111122223333:role/eks-node,")
    error_message = "aws_credentials_exposure must state what hop limit 2 exposes: ${output.aws_credentials_exposure}"
  }

  assert {
    condition     = startswith(output.ebs_csi_credentials, "pod-identity: role taskoverflow-ebs-csi")
    error_message = "The driver keeps its own role: ${output.ebs_csi_credentials}"
  }

  assert {
    condition     = !strcontains(output.helm_install_command, "hostNetwork") && !strcontains(output.helm_install_command, "pod-security")
    error_message = "With Pod Identity the operator stays on the pod network: ${output.helm_install_command}"
  }
}

run "node_imds_hop_limit_is_checked" {
  command = plan

  variables {
    node_imds_hop_limit = 3
  }

  expect_failures = [var.node_imds_hop_limit]
}

run "storage_class_command_makes_encrypted_gp3_the_default" {
  command = plan

  assert {
    condition = alltrue([for line in [
      "kubectl apply -f - <<'YAML'",
      "kind: StorageClass",
      "  name: gp3",
      "    storageclass.kubernetes.io/is-default-class: \"true\"",
      "provisioner: ebs.csi.aws.com",
      "  type: gp3",
      "  encrypted: \"true\"",
      "volumeBindingMode: WaitForFirstConsumer",
      "YAML",
    ] : contains(split("\n", output.storage_class_command), line)])
    error_message = "storage_class_command must apply an encrypted, default gp3 StorageClass of the EBS CSI driver: ${output.storage_class_command}"
  }
}
