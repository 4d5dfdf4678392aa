"""What scripts/test-terraform.sh asks moto_server after applying and destroying a root, and what
it (and scripts/terraform-on-moto.sh, through scripts/lib/terraform-moto.sh) seeds moto with.

Run with the python of the pinned moto venv (it has boto3):
  terraform-moto-checks.py ENDPOINT seed-labrole                 LabRole, unless there already is one
  terraform-moto-checks.py ENDPOINT seed-vpc                   prints the id of a VPC with 2 public
                                                               and 2 private subnets
  terraform-moto-checks.py ENDPOINT seed-security-group NAME   prints the id of a new security group
                                                               in the default VPC
  terraform-moto-checks.py ENDPOINT eks OUTPUTS.json MODE POLICY.json
  terraform-moto-checks.py ENDPOINT ecs OUTPUTS.json [ADOPTABLE_BY CLIENT_GROUP_ID...]
  terraform-moto-checks.py ENDPOINT eks-gone                   nothing of the root is left
  terraform-moto-checks.py ENDPOINT ecs-gone NAME [GROUP_ID...]  nothing of the root is left but
                                                               the final snapshot and the seeded
                                                               groups, which are then deleted
  terraform-moto-checks.py ENDPOINT no-password STATE PLAN     neither file holds the password
                                                               of the URI secret (ecs) or any
                                                               value of a password attribute
Each check prints what it compared; the first mismatch ends the run with status 1.
"""

import json
import re
import sys
import zipfile

import boto3

REGION = "us-east-1"
# terraform/eks's default kubernetes_version; moto accepts any version string, so this checks
# that the default reaches the cluster, not that EKS offers it.
DEFAULT_KUBERNETES_VERSION = "1.35"


def client(service):
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def expect(condition, what):
    if not condition:
        print(f"not so: {what}")
        sys.exit(1)
    print(f"  {what}")


def outputs(path):
    with open(path) as f:
        # terraform output -json leaves null outputs out.
        return {name: o["value"] for name, o in json.load(f).items()}


def ingress_of(group_id):
    """The security group rules of a group (ingress and egress), as moto holds them."""
    rules = client("ec2").describe_security_group_rules(
        Filters=[{"Name": "group-id", "Values": [group_id]}]
    )["SecurityGroupRules"]
    return [r for r in rules if not r["IsEgress"]], [r for r in rules if r["IsEgress"]]


def only_5432_from(group_id, source_group_ids, who):
    """One ingress rule per source group, each TCP 5432 from that group only; no egress rule."""
    ingress, egress = ingress_of(group_id)
    count = len(source_group_ids)
    expect(len(ingress) == count, f"{who}: {count} ingress rule(s) on {group_id} (found {len(ingress)})")
    expect(
        all((rule["IpProtocol"], rule["FromPort"], rule["ToPort"]) == ("tcp", 5432, 5432) for rule in ingress),
        f"{who}: admitting tcp 5432 only",
    )
    sources = sorted(rule.get("ReferencedGroupInfo", {}).get("GroupId") or "" for rule in ingress)
    expect(sources == sorted(source_group_ids), f"{who}: from {', '.join(sorted(source_group_ids))} only")
    expect(
        not any(rule.get("CidrIpv4") or rule.get("CidrIpv6") or rule.get("PrefixListId") for rule in ingress),
        f"{who}: from no CIDR (0.0.0.0/0 nowhere)",
    )
    expect(egress == [], f"{who}: no egress rule")


def seed_labrole():
    iam = client("iam")
    # The e2e test may prepare several roots against one moto.
    if any(r["RoleName"] == "LabRole" for r in iam.list_roles()["Roles"]):
        return
    iam.create_role(
        RoleName="LabRole",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": ["eks.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"]},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )


def seed_vpc():
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    for index, (zone, public) in enumerate(
        [("us-east-1a", True), ("us-east-1b", True), ("us-east-1a", False), ("us-east-1b", False)]
    ):
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{index}.0/24", AvailabilityZone=zone)
        name = ("public-" if public else "private-") + zone
        ec2.create_tags(Resources=[subnet["Subnet"]["SubnetId"]], Tags=[{"Key": "Name", "Value": name}])
        if public:
            ec2.modify_subnet_attribute(SubnetId=subnet["Subnet"]["SubnetId"], MapPublicIpOnLaunch={"Value": True})
    print(vpc)


def seed_security_group(name):
    """A group of the default VPC standing in for one of another root (e.g. the EKS nodes')."""
    ec2 = client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    print(ec2.create_security_group(GroupName=name, Description=f"{name} (seeded)", VpcId=vpc)["GroupId"])


def subnet_is_public(subnet_ids):
    subnets = client("ec2").describe_subnets(SubnetIds=subnet_ids)["Subnets"]
    return {s["SubnetId"]: s["MapPublicIpOnLaunch"] for s in subnets}


def check_eks(outputs_path, mode, policy_path):
    out = outputs(outputs_path)
    eks = client("eks")
    ec2 = client("ec2")

    cluster = eks.describe_cluster(name=out["cluster_name"])["cluster"]
    expect(cluster["status"] == "ACTIVE", f"cluster {cluster['name']} is ACTIVE")
    expect(cluster["endpoint"] == out["cluster_endpoint"], "cluster_endpoint is the cluster's endpoint")
    expect(
        set(cluster["resourcesVpcConfig"]["subnetIds"]) == set(out["subnet_ids"]),
        "the cluster sits in subnet_ids",
    )
    # moto leaves vpcId out of resourcesVpcConfig: ask EC2 where the subnets are.
    vpcs = {s["VpcId"] for s in ec2.describe_subnets(SubnetIds=out["subnet_ids"])["Subnets"]}
    expect(vpcs == {out["vpc_id"]}, "and in vpc_id")
    expect(
        cluster["version"] == out["kubernetes_version"] == DEFAULT_KUBERNETES_VERSION,
        f"Kubernetes {cluster['version']}, the default kubernetes_version (in EKS standard support)",
    )
    cidrs = cluster["resourcesVpcConfig"].get("publicAccessCidrs")
    expect(cidrs == ["203.0.113.0/24"], f"the public API endpoint admits the given CIDR only ({cidrs})")

    groups = eks.list_nodegroups(clusterName=out["cluster_name"])["nodegroups"]
    expect(len(groups) == 1, f"one node group ({groups})")
    group = eks.describe_nodegroup(clusterName=out["cluster_name"], nodegroupName=groups[0])["nodegroup"]
    expect(group["status"] == "ACTIVE", f"node group {group['nodegroupName']} is ACTIVE")
    expect(set(group["subnets"]) == set(out["node_subnet_ids"]), "the nodes sit in node_subnet_ids")
    public = subnet_is_public(group["subnets"])
    if mode == "pod-identity":
        expect(not any(public.values()), f"in private subnets only ({public})")
    template = group["launchTemplate"]
    version = ec2.describe_launch_template_versions(
        LaunchTemplateId=template["id"], Versions=[str(template["version"])]
    )["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    metadata = version["MetadataOptions"]
    expect(metadata["HttpTokens"] == "required", "the nodes' launch template requires IMDSv2")
    # node_imds_hop_limit unset: 2 with node-role (the EBS CSI controller reaches the node role from
    # the pod network), 1 with pod-identity.
    hop_limit = 2 if mode == "node-role" else 1
    expect(metadata["HttpPutResponseHopLimit"] == hop_limit, f"with hop limit {hop_limit} ({mode})")
    expect(
        out["node_security_group_id"] in version.get("SecurityGroupIds", []),
        "the nodes carry the node security group",
    )

    ecr = client("ecr")
    for key, name in (("todo", "taskoverflow-todo"), ("operator", "taskoverflow-operator")):
        repo = ecr.describe_repositories(repositoryNames=[name])["repositories"][0]
        expect(repo["repositoryUri"] == out["ecr_repository_urls"][key], f"ECR {name} at {repo['repositoryUri']}")
        expect(repo["imageScanningConfiguration"]["scanOnPush"], f"{name} scans on push")
        expect(repo["imageTagMutability"] == "IMMUTABLE", f"{name} keeps its tags immutable")
        rules = json.loads(ecr.get_lifecycle_policy(repositoryName=name)["lifecyclePolicyText"])["rules"]
        expect(rules[0]["selection"]["countNumber"] == 10, f"{name} keeps the last 10 images")
    expect(out["todo_image_repository"] == out["ecr_repository_urls"]["todo"], "todo_image_repository")
    expect(out["operator_image_repository"] == out["ecr_repository_urls"]["operator"], "operator_image_repository")

    rds = client("rds")
    subnet_group = rds.describe_db_subnet_groups(DBSubnetGroupName=out["rds_subnet_group_name"])["DBSubnetGroups"][0]
    rds_subnets = {s["SubnetIdentifier"] for s in subnet_group["Subnets"]}
    expect(subnet_group["VpcId"] == out["vpc_id"], f"DB subnet group {out['rds_subnet_group_name']} in vpc_id")
    if mode == "pod-identity":
        expect(not any(subnet_is_public(list(rds_subnets)).values()), "on the private subnets")
    else:
        expect(rds_subnets == set(out["subnet_ids"]), "on the cluster subnets")
    only_5432_from(out["rds_security_group_id"], [out["node_security_group_id"]], "RDS security group")

    helm = out["helm_install_command"]
    for flag in (
        f"--set image.repository={out['operator_image_repository']}",
        f"--set aws.rds.subnetGroupName={out['rds_subnet_group_name']}",
        f"--set 'aws.rds.securityGroupIds={{{out['rds_security_group_id']}}}'",
    ):
        expect(flag in helm, f"helm_install_command has {flag}")

    storage_class = out["storage_class_command"].splitlines()
    for line in ("kind: StorageClass", "provisioner: ebs.csi.aws.com", "  type: gp3", '  encrypted: "true"',
                 '    storageclass.kubernetes.io/is-default-class: "true"'):
        expect(line in storage_class, f"storage_class_command has {line.strip()}")

    expect(out["operator_credentials"] == mode, f"operator_credentials is {mode}")
    # The host network only with node-role and an explicit hop limit 1, which neither run sets.
    expect("hostNetwork" not in helm, "helm_install_command keeps the operator on the pod network")
    expect("pod-security" not in helm, "and labels no namespace privileged")

    # The policy template filled in with what moto says: its account, this region, the subnet group.
    account = client("sts").get_caller_identity()["Account"]
    with open(policy_path) as f:
        template = f.read()
    values = {"account_id": account, "region": out["region"], "subnet_group": out["rds_subnet_group_name"]}
    policy = json.loads(re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], template))
    expect(json.loads(out["operator_rds_policy"]) == policy, f"operator_rds_policy is {policy_path} for {account}")

    iam = client("iam")
    if mode == "pod-identity":
        role_name = out["operator_role_arn"].rsplit("/", 1)[1]
        role = iam.get_role(RoleName=role_name)["Role"]
        trust = role["AssumeRolePolicyDocument"]
        if isinstance(trust, str):
            trust = json.loads(trust)
        statement = trust["Statement"]
        expect(
            len(statement) == 1 and statement[0]["Principal"] == {"Service": "pods.eks.amazonaws.com"},
            f"role {role_name} trusts EKS Pod Identity only",
        )
        expect(
            statement[0]["Condition"]["ArnEquals"]["aws:SourceArn"] == cluster["arn"],
            "for this cluster only",
        )
        names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
        expect(len(names) == 1, f"the role has one inline policy ({names})")
        document = iam.get_role_policy(RoleName=role_name, PolicyName=names[0])["PolicyDocument"]
        if isinstance(document, str):
            document = json.loads(document)
        expect(document == policy, "it is operator_rds_policy")
        expect(iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"] == [], "and nothing else")
        expect("--set serviceAccount.name=taskoverflow-operator" in helm, "helm_install_command names the ServiceAccount")

        ebs_role = out["ebs_csi_role_arn"].rsplit("/", 1)[1]
        trust = iam.get_role(RoleName=ebs_role)["Role"]["AssumeRolePolicyDocument"]
        if isinstance(trust, str):
            trust = json.loads(trust)
        expect(
            [st["Principal"] for st in trust["Statement"]] == [{"Service": "pods.eks.amazonaws.com"}],
            f"role {ebs_role} (EBS CSI controller) trusts EKS Pod Identity only",
        )
        # Its AmazonEBSCSIDriverPolicy attachment is left out of the apply: moto lacks that
        # AWS-managed policy (terraform test checks the attachment's policy ARN).
        expect(iam.list_role_policies(RoleName=ebs_role)["PolicyNames"] == [], "with no inline policy")
        roles = sorted(r["RoleName"] for r in iam.list_roles()["Roles"])
        expect(roles == sorted(["LabRole", role_name, ebs_role]), f"no other IAM role created ({roles})")
    else:
        expect(out.get("operator_role_arn") is None, "no operator role (node-role)")
        expect("serviceAccount.name" not in helm, "helm_install_command leaves the ServiceAccount alone")
        roles = [r["RoleName"] for r in iam.list_roles()["Roles"]]
        expect(roles == ["LabRole"], f"no IAM role created ({roles})")
        expect(out.get("ebs_csi_role_arn") is None, "no EBS CSI role (node-role)")
        lab_role = iam.get_role(RoleName="LabRole")["Role"]["Arn"]
        expect(
            out["ebs_csi_credentials"].startswith(
                f"node-role: the node role, {lab_role}, through the instance metadata service"
            ),
            "ebs_csi_credentials says the EBS CSI controller gets LabRole at hop limit 2",
        )


def check_ecs(outputs_path, adoptable_by=None, *client_groups):
    out = outputs(outputs_path)
    groups = out["security_group_ids"]
    ecs = client("ecs")

    services = ecs.describe_services(cluster=out["ecs_cluster_name"], services=[out["ecs_service_name"]])["services"]
    expect(len(services) == 1 and services[0]["status"] == "ACTIVE", f"ECS service {out['ecs_service_name']} is ACTIVE")
    service = services[0]
    expect(service["launchType"] == "FARGATE" and service["desiredCount"] == 1, "Fargate, one task")
    network = service["networkConfiguration"]["awsvpcConfiguration"]
    expect(network["securityGroups"] == [groups["tasks"]], "the tasks carry the tasks security group")
    expect(
        service["loadBalancers"][0]["containerPort"] == 6400,
        "the load balancer sends to port 6400",
    )
    task = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    container = task["containerDefinitions"][0]
    expect(container["image"] == IMAGE, f"the task runs {IMAGE}")
    expect(
        container["secrets"] == [{"name": "SQLALCHEMY_DATABASE_URI", "valueFrom": out["database_uri_secret_arn"]}],
        "SQLALCHEMY_DATABASE_URI comes from the secret",
    )
    expect(
        container["logConfiguration"]["options"]["awslogs-group"] == out["log_group_name"],
        "the logs go to log_group_name",
    )

    rds = client("rds")
    instance = rds.describe_db_instances(DBInstanceIdentifier=out["db_instance_identifier"])["DBInstances"][0]
    expect(instance["Endpoint"]["Address"] == out["db_address"], "db_address is the instance's address")
    expect(instance["PubliclyAccessible"] is False, "the database is private")
    expect(instance["StorageEncrypted"] is True, "and encrypted")
    expect(
        [g["VpcSecurityGroupId"] for g in instance["VpcSecurityGroups"]] == [groups["db"]],
        "it carries the db security group only",
    )
    expect(out["db_security_group_id"] == groups["db"], "db_security_group_id is the db security group")
    only_5432_from(groups["db"], [groups["tasks"], *client_groups], "db security group")
    expect(
        instance["DBSubnetGroup"]["DBSubnetGroupName"] == out["db_subnet_group_name"],
        f"the instance is in db_subnet_group_name ({out['db_subnet_group_name']})",
    )
    tags = {t["Key"]: t["Value"] for t in rds.list_tags_for_resource(ResourceName=instance["DBInstanceArn"])["TagList"]}
    expect(
        tags.get("taskoverflow.io/adoptable-by") == adoptable_by,
        f"its adoption consent taskoverflow.io/adoptable-by is {adoptable_by}",
    )

    uri = client("secretsmanager").get_secret_value(SecretId=out["database_uri_secret_arn"])["SecretString"]
    match = re.fullmatch(r"postgresql://administrator:([^@]+)@([^:/]+):5432/todo\?sslmode=require", uri)
    expect(match is not None, "the secret holds postgresql://administrator:…@<address>:5432/todo?sslmode=require")
    expect(match.group(2) == out["db_address"], "with the instance's address")
    expect(len(match.group(1)) == 64, "and a generated 64-character password")
    expect(match.group(1) not in json.dumps(task), "which the task definition does not hold")
    with open(outputs_path + ".password", "w") as f:
        f.write(match.group(1))


def check_eks_gone():
    expect(client("eks").list_clusters()["clusters"] == [], "no EKS cluster left")
    expect(client("ecr").describe_repositories()["repositories"] == [], "no ECR repository left")
    common_gone(expected_roles=["LabRole"])


def check_ecs_gone(name, *seeded_groups):
    ecs = client("ecs")
    active = [c for c in ecs.describe_clusters(clusters=ecs.list_clusters()["clusterArns"])["clusters"] if c["status"] == "ACTIVE"]
    expect(active == [], "no ECS cluster left")
    expect(ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"] == [], "no active task definition left")
    expect(client("elbv2").describe_load_balancers()["LoadBalancers"] == [], "no load balancer left")
    expect(client("elbv2").describe_target_groups()["TargetGroups"] == [], "no target group left")
    expect(client("secretsmanager").list_secrets()["SecretList"] == [], "no secret left")
    rds = client("rds")
    expect(rds.describe_db_instances()["DBInstances"] == [], "no RDS instance left")
    snapshots = [s["DBSnapshotIdentifier"] for s in rds.describe_db_snapshots()["DBSnapshots"]]
    expect(snapshots == [f"{name}-final"], f"the final snapshot {name}-final is kept")
    rds.delete_db_snapshot(DBSnapshotIdentifier=f"{name}-final")
    ec2 = client("ec2")
    for group_id in seeded_groups:
        ec2.describe_security_groups(GroupIds=[group_id])
        print(f"  the seeded client group {group_id} is left (not the root's); deleted now")
        ec2.delete_security_group(GroupId=group_id)
    common_gone(expected_roles=["LabRole"])


def common_gone(expected_roles):
    ec2 = client("ec2")
    groups = [g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"] if g["GroupName"] != "default"]
    expect(groups == [], f"no security group left but the defaults ({groups})")
    expect(ec2.describe_launch_templates()["LaunchTemplates"] == [], "no launch template left")
    expect(client("rds").describe_db_subnet_groups()["DBSubnetGroups"] == [], "no DB subnet group left")
    logs = [g["logGroupName"] for g in client("logs").describe_log_groups()["logGroups"]]
    expect(logs == [], f"no log group left ({logs})")
    roles = [r["RoleName"] for r in client("iam").list_roles()["Roles"]]
    expect(roles == expected_roles, f"no IAM role left but the seeded ones ({roles})")


def password_attributes(value, path=""):
    """Values of attributes named like a password, anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if re.search(r"password|secret_string", key) and not key.endswith("_version") and isinstance(item, str) and item:
                yield f"{path}/{key}"
            yield from password_attributes(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from password_attributes(item, f"{path}/{index}")


def no_password(state_path, plan_path, plan_json_path, password_path=None):
    texts = {}
    with open(state_path) as f:
        texts[state_path] = f.read()
    with open(plan_json_path) as f:
        texts[plan_json_path] = f.read()
    with zipfile.ZipFile(plan_path) as plan:
        for member in plan.namelist():
            texts[f"{plan_path}:{member}"] = plan.read(member).decode("utf-8", "replace")
    expect(len(texts) > 3, f"read the state, the plan's JSON and {len(texts) - 2} files of the plan")
    for name in (state_path, plan_json_path):
        found = list(password_attributes(json.loads(texts[name])))
        expect(found == [], f"{name}: no attribute named like a password holds a value ({found})")
    if password_path:
        with open(password_path) as f:
            password = f.read()
        for name, text in texts.items():
            expect(password not in text, f"{name}: the database password is not in it")


if __name__ == "__main__":
    ENDPOINT = sys.argv[1]
    command, args = sys.argv[2], sys.argv[3:]
    IMAGE = "127.0.0.1:5000/taskoverflow-todo:moto"
    {
        "seed-labrole": seed_labrole,
        "seed-vpc": seed_vpc,
        "seed-security-group": seed_security_group,
        "eks": check_eks,
        "ecs": check_ecs,
        "eks-gone": check_eks_gone,
        "ecs-gone": check_ecs_gone,
        "no-password": no_password,
    }[command](*args)
