# The helm command as exact text: the module alone, as the end-to-end test renders it (kind's image
# repositories, moto's subnet group and security group), with every option, and the root's output,
# which must be the module's text for the root's values.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "module_alone_prints_the_helm_command" {
  command = plan

  module {
    source = "./modules/helm-install-command"
  }

  variables {
    operator_namespace    = "taskoverflow-system"
    operator_repository   = "localhost:5001/taskoverflow-operator"
    todo_repository       = "localhost:5001/taskoverflow-todo"
    region                = "us-east-1"
    rds_subnet_group_name = "taskoverflow-rds"
    rds_security_group_id = "sg-0123456789abcdef0"
  }

  assert {
    condition = output.command == chomp(<<-EOT
      helm upgrade --install taskoverflow-operator ./helm/taskoverflow-operator \
        --namespace taskoverflow-system --create-namespace \
        --set image.repository=localhost:5001/taskoverflow-operator \
        --set todoApp.image.repository=localhost:5001/taskoverflow-todo \
        --set aws.region=us-east-1 \
        --set aws.rds.subnetGroupName=taskoverflow-rds \
        --set 'aws.rds.securityGroupIds={sg-0123456789abcdef0}'
      EOT
    )
    error_message = "Unexpected command: ${output.command}"
  }
}

run "module_with_every_option_adds_tags_service_account_and_host_network" {
  command = plan

  module {
    source = "./modules/helm-install-command"
  }

  variables {
    operator_namespace    = "ops"
    operator_repository   = "localhost:5001/taskoverflow-operator"
    todo_repository       = "localhost:5001/taskoverflow-todo"
    region                = "eu-west-1"
    rds_subnet_group_name = "taskoverflow-rds"
    rds_security_group_id = "sg-0123456789abcdef0"
    operator_image_tag    = "0123456789ab"
    todo_image_tag        = "ba9876543210"
    service_account_name  = "taskoverflow-operator"
    host_network          = true
  }

  assert {
    condition = output.command == chomp(<<-EOT
      kubectl create namespace ops --dry-run=client -o yaml | kubectl apply -f - && \
      kubectl label namespace ops --overwrite pod-security.kubernetes.io/enforce=privileged && \
      helm upgrade --install taskoverflow-operator ./helm/taskoverflow-operator \
        --namespace ops --create-namespace \
        --set image.repository=localhost:5001/taskoverflow-operator \
        --set todoApp.image.repository=localhost:5001/taskoverflow-todo \
        --set aws.region=eu-west-1 \
        --set aws.rds.subnetGroupName=taskoverflow-rds \
        --set 'aws.rds.securityGroupIds={sg-0123456789abcdef0}' \
        --set image.tag=0123456789ab \
        --set todoApp.image.tag=ba9876543210 \
        --set serviceAccount.create=true --set serviceAccount.name=taskoverflow-operator \
        --set hostNetwork=true
      EOT
    )
    error_message = "Unexpected command: ${output.command}"
  }
}

run "root_prints_the_modules_command_for_its_values" {
  command = plan

  variables {
    cluster_public_access_cidrs = ["203.0.113.7/32"]
    node_role_arn               = "arn:aws:iam::111122223333:role/eks-node"
    operator_image_tag          = "0123456789ab"
  }

  assert {
    condition = output.helm_install_command == chomp(<<-EOT
      helm upgrade --install taskoverflow-operator ./helm/taskoverflow-operator \
        --namespace taskoverflow-system --create-namespace \
        --set image.repository=111122223333.dkr.ecr.us-east-1.amazonaws.com/repo \
        --set todoApp.image.repository=111122223333.dkr.ecr.us-east-1.amazonaws.com/repo \
        --set aws.region=us-east-1 \
        --set aws.rds.subnetGroupName=taskoverflow-rds \
        --set 'aws.rds.securityGroupIds={sg-0rds}' \
        --set image.tag=0123456789ab \
        --set serviceAccount.create=true --set serviceAccount.name=taskoverflow-operator
      EOT
    )
    error_message = "Unexpected command: ${output.helm_install_command}"
  }
}
