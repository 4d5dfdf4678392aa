# Networking for the RDS instances the operator creates. The operator gets the names of these
# two objects (chart values aws.rds.subnetGroupName / aws.rds.securityGroupIds) and creates
# instances inside them; Terraform never creates an RDS instance here.

resource "aws_db_subnet_group" "operator" {
  name        = "${local.name}-rds"
  description = "Subnets for RDS instances created by the TaskOverflow operator on ${local.name}"
  subnet_ids  = coalescelist(var.rds_subnet_ids, local.subnet_ids)
}

resource "aws_security_group" "rds" {
  #checkov:skip=CKV2_AWS_5:attached by the operator to the RDS instances it creates (chart value aws.rds.securityGroupIds), not by Terraform
  name_prefix = "${local.name}-rds-"
  description = "PostgreSQL of TaskOverflow RDS instances, reachable from EKS cluster ${local.name} only"
  vpc_id      = local.vpc_id

  tags = { Name = "${local.name}-rds" }

  lifecycle {
    create_before_destroy = true
  }
}

# The only rule: no CIDR, no egress. Pods on managed nodes carry the cluster security group
# (the node group's launch template sets no security groups of its own).
resource "aws_vpc_security_group_ingress_rule" "rds_from_cluster" {
  security_group_id            = aws_security_group.rds.id
  description                  = "PostgreSQL from EKS cluster ${local.name}"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}
