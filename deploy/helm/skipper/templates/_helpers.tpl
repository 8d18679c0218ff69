{{- define "skipper.labels" -}}
app.kubernetes.io/name: skipper
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "skipper.selector" -}}
app.kubernetes.io/name: skipper
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- /* The gateway's pods: another app name, so no selector of the operator's (Deployment, Services) ever matches them. */ -}}
{{- define "skipper.gatewaySelector" -}}
app.kubernetes.io/name: skipper-gateway
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
