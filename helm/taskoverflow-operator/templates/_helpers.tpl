{{/* Name of the chart, or nameOverride. */}}
{{- define "taskoverflow-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the objects: fullnameOverride, else the release name when it already contains the
chart name, else "<release>-<chart>". Limited to 63 characters (DNS label).
*/}}
{{- define "taskoverflow-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "taskoverflow-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object of the release. */}}
{{- define "taskoverflow-operator.labels" -}}
helm.sh/chart: {{ include "taskoverflow-operator.chart" . }}
{{ include "taskoverflow-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: taskoverflow
{{- end }}

{{/* Labels that select the operator pods; never change them (Deployment selectors are immutable). */}}
{{- define "taskoverflow-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "taskoverflow-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Name of the ServiceAccount the operator runs as. */}}
{{- define "taskoverflow-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "taskoverflow-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator image: repository@digest, else repository:tag (tag defaults to appVersion). */}}
{{- define "taskoverflow-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (toString (default .Chart.AppVersion .Values.image.tag)) }}
{{- end }}
{{- end }}

{{/* The default todo-app image given to the operator: by digest, else by tag (default appVersion). */}}
{{- define "taskoverflow-operator.todoImage" -}}
{{- with .Values.todoApp.image }}
{{- if .digest }}
{{- printf "%s@%s" .repository .digest }}
{{- else }}
{{- printf "%s:%s" .repository (toString (default $.Chart.AppVersion .tag)) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The default PostgreSQL image of in-cluster databases: by digest, else by tag. */}}
{{- define "taskoverflow-operator.postgresImage" -}}
{{- with .Values.postgres.image }}
{{- if .digest }}
{{- printf "%s@%s" .repository .digest }}
{{- else }}
{{- printf "%s:%s" .repository (toString .tag) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The binding of a tenant-limits policy named .name: Deny, in the namespaces this release's operator
manages (watchNamespaces; every one when empty) but those in .exempt. Call with
(dict "root" $ "name" $name "exempt" $limits.exemptNamespaces).
*/}}
{{- define "taskoverflow-operator.tenantLimitsBinding" -}}
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: {{ .name }}
  labels:
    {{- include "taskoverflow-operator.labels" .root | nindent 4 }}
spec:
  policyName: {{ .name }}
  validationActions: ["Deny"]
  {{- if or .root.Values.watchNamespaces .exempt }}
  matchResources:
    # kubernetes.io/metadata.name is set by the API server and cannot be changed by a tenant.
    namespaceSelector:
      matchExpressions:
        {{- with .root.Values.watchNamespaces }}
        # This release's operator manages these only; another release may set other limits elsewhere.
        - key: kubernetes.io/metadata.name
          operator: In
          values: {{ toJson . }}
        {{- end }}
        {{- with .exempt }}
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: {{ toJson . }}
        {{- end }}
  {{- end }}
{{- end }}

{{/*
Stops the rendering on combinations the schema cannot express clearly: more than one replica
without leader election would reconcile every resource twice at the same time; a PodMonitor of the
todo pods whose scrapes their NetworkPolicies would refuse.
*/}}
{{- define "taskoverflow-operator.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicaCount > 1 needs leaderElection.enabled=true: without a leader every replica would reconcile every TaskOverflow" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.service.enabled) }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.service.enabled: the ServiceMonitor selects that Service" }}
{{- end }}
{{- if and .Values.metrics.todoPodMonitor.enabled .Values.networkPolicies.enabled (not .Values.networkPolicies.metricsScraperNamespaces) }}
{{- fail "metrics.todoPodMonitor.enabled needs networkPolicies.metricsScraperNamespaces (your Prometheus' namespace) while networkPolicies.enabled: the todo pods' NetworkPolicies would refuse its scrapes" }}
{{- end }}
{{- end }}
