{{/* Release-scoped prefix; cluster-scoped objects (ClusterRoles) carry it so they never collide. */}}
{{- define "storefleet.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 45 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "storefleet.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "storefleet.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "storefleet.portalServiceAccount" -}}{{ include "storefleet.fullname" . }}-portal{{- end -}}
{{- define "storefleet.workerServiceAccount" -}}{{ include "storefleet.fullname" . }}-worker{{- end -}}
{{- define "storefleet.credentialsReader" -}}{{ include "storefleet.fullname" . }}-store-credentials-reader{{- end -}}
{{- define "storefleet.storeManager" -}}{{ include "storefleet.fullname" . }}-store-manager{{- end -}}

{{/* CEL: the label map named by the argument marks a Storefleet-managed namespace. */}}
{{- define "storefleet.celManaged" -}}
'app.kubernetes.io/managed-by' in {{ . }} && {{ . }}['app.kubernetes.io/managed-by'] == 'storefleet'
{{- end -}}

{{- define "storefleet.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* Pod Security "restricted": the image runs as the node user (uid 1000) of node:20-bookworm-slim. */}}
{{- define "storefleet.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "storefleet.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Environment shared by both containers: the operator's Secret (or, with the bundled
PostgreSQL and no existingSecret, the one templates/postgresql.yaml generates) and the plain
settings. */}}
{{- define "storefleet.envFrom" -}}
- secretRef:
    name: {{ .Values.existingSecret | default (printf "%s-env" (include "storefleet.fullname" .)) }}
- configMapRef:
    name: {{ include "storefleet.fullname" . }}-config
{{- end -}}
