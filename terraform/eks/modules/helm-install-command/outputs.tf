output "command" {
  description = "Commands that install the operator chart with these values. Run from the repository root; ends without a newline so more --set flags can follow."
  value = join("", [
    # The operator on the host network needs a namespace whose Pod Security admits such pods.
    var.host_network ? join("", [
      "kubectl create namespace ${var.operator_namespace} --dry-run=client -o yaml | kubectl apply -f - && \\\n",
      "kubectl label namespace ${var.operator_namespace} --overwrite pod-security.kubernetes.io/enforce=privileged && \\\n",
    ]) : "",
    chomp(<<-EOT
    helm upgrade --install taskoverflow-operator ./helm/taskoverflow-operator \
      --namespace ${var.operator_namespace} --create-namespace \
      --set image.repository=${var.operator_repository} \
      --set todoApp.image.repository=${var.todo_repository} \
      --set aws.region=${var.region} \
      --set aws.rds.subnetGroupName=${var.rds_subnet_group_name} \
      --set 'aws.rds.securityGroupIds={${var.rds_security_group_id}}'
  EOT
    ),
    var.operator_image_tag == null ? "" : " \\\n  --set image.tag=${var.operator_image_tag}",
    var.todo_image_tag == null ? "" : " \\\n  --set todoApp.image.tag=${var.todo_image_tag}",
    var.service_account_name == null ? "" : " \\\n  --set serviceAccount.create=true --set serviceAccount.name=${var.service_account_name}",
    var.host_network ? " \\\n  --set hostNetwork=true" : "",
  ])
}
