# Where the cluster runs: the default VPC unless vpc_id is given, and only subnets in zones
# where both the EKS control plane and the node instance type are offered.

data "aws_vpc" "selected" {
  id      = var.vpc_id
  default = var.vpc_id == null ? true : null
}

data "aws_availability_zones" "eks" {
  #checkov:skip=CKV_AWS_394:a new zone only adds candidate subnets, filtered by where EKS and the node type are offered; var.eks_unsupported_zone_ids removes zones
  state            = "available"
  exclude_zone_ids = var.eks_unsupported_zone_ids

  # Local Zones and Wavelength Zones cannot host an EKS control plane.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_ec2_instance_type_offerings" "node" {
  location_type = "availability-zone"

  filter {
    name   = "instance-type"
    values = [var.node_instance_type]
  }

  filter {
    name   = "location"
    values = data.aws_availability_zones.eks.names
  }
}

data "aws_subnets" "selected" {
  count = length(var.subnet_ids) == 0 ? 1 : 0

  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.selected.id]
  }

  filter {
    name   = "availability-zone"
    values = data.aws_ec2_instance_type_offerings.node.locations
  }

  # In the default VPC take only its default subnets (one per zone, public IPs on launch).
  dynamic "filter" {
    for_each = data.aws_vpc.selected.default ? [1] : []
    content {
      name   = "default-for-az"
      values = ["true"]
    }
  }
}

# Which of the cluster's subnets are private: those that give instances no public IPv4 address.
# Nodes go there when there are any (they then reach ECR and the EKS API through a NAT gateway
# or VPC endpoints). Read subnet by subnet, since the map-public-ip-on-launch filter of
# DescribeSubnets is not implemented everywhere (moto lacks it).
data "aws_subnet" "cluster" {
  for_each = toset(local.subnet_ids)

  id = each.value
}

locals {
  vpc_id     = data.aws_vpc.selected.id
  subnet_ids = length(var.subnet_ids) > 0 ? var.subnet_ids : sort(data.aws_subnets.selected[0].ids)

  private_subnet_ids = sort([for id, subnet in data.aws_subnet.cluster : id if !subnet.map_public_ip_on_launch])

  # Nodes: node_subnet_ids, else the private subnets, else (e.g. the default VPC, all public) the
  # cluster subnets.
  node_subnet_ids = length(var.node_subnet_ids) > 0 ? var.node_subnet_ids : (
    length(local.private_subnet_ids) > 0 ? local.private_subnet_ids : local.subnet_ids
  )

  # RDS: rds_subnet_ids, else the private subnets when they span two zones (as a DB subnet group
  # must), else the cluster subnets.
  rds_subnet_ids = length(var.rds_subnet_ids) > 0 ? var.rds_subnet_ids : (
    length(distinct([for id in local.private_subnet_ids : data.aws_subnet.cluster[id].availability_zone])) >= 2
    ? local.private_subnet_ids : local.subnet_ids
  )
}
