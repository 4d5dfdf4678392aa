# Networking for the RDS instances the operator creates. The operator gets the names of these
# two objects (chart values aws.rds.subnetGroupName / aws.rds.securityGroupIds) and creates
# instances inside them; Terraform never creates an RDS instance here.

resource "aws_db_subnet_group" "operator" {
  name        = "${local.name}-rds"
  description = "Subnets for RDS instances created by the TaskOverflow operator on ${local.name}"
  subnet_ids  = local.rds_subnet_ids
}

resource "aws_security_group" "rds" {
  #checkov:skip=CKV2_AWS_5:attached by the operator to the RDS instances it creates (chart value aws.rds.securityGroupIds), not by Terraform
  name_prefix = "${local.name}-rds-"
  description = "PostgreSQL of TaskOverflow RDS instances, reachable from the nodes of EKS cluster ${local.name} only"
  vpc_id      = local.vpc_id

  tags = { Name = "${local.name}-rds" }

  lifecycle {
    create_before_destroy = true
  }
}

# The only rule: no CIDR, no egress. Only the nodes carry the node security group (nodes.tf), and
# pods on them send from the nodes' network interfaces; the EKS control plane, which carries the
# cluster security group, gets no way in.
resource "aws_vpc_security_group_ingress_rule" "rds_from_nodes" {
  security_group_id            = aws_security_group.rds.id
  description                  = "PostgreSQL from the nodes of EKS cluster ${local.name}"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.node.id
}
