{{/* Labels every object carries: the kustomize install's two, and Helm's own. */}}
{{- define "cgroup-guard.labels" -}}
app.kubernetes.io/name: cgroup-guard
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end }}

{{/* Selector labels: the same as the kustomize install's, so either install's pods are found alike. */}}
{{- define "cgroup-guard.selectorLabels" -}}
app.kubernetes.io/name: cgroup-guard
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "cgroup-guard.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}
{{- end }}

{{/* namespace/name of the cert-manager Certificate whose CA cainjector copies into the caBundle. */}}
{{- define "cgroup-guard.injectCaFrom" -}}
{{ .Release.Namespace }}/cgroup-guard-tls
{{- end }}

{{/* The exempt namespaces as a JSON list: webhook.exemptNamespaces and the release's own. The webhooks'
namespaceSelector and the guard's cgroup-guard.exempt-namespaces both take it from here, so they cannot differ. */}}
{{- define "cgroup-guard.exemptNamespaces" -}}
{{ concat .Values.webhook.exemptNamespaces (list .Release.Namespace) | uniq | toJson }}
{{- end }}

{{- define "cgroup-guard.namespaceSelector" -}}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values: {{ include "cgroup-guard.exemptNamespaces" . }}
  - key: cgroup-guard.io/exempt
    operator: NotIn
    values: ["true"]
{{- with .Values.webhook.namespaceSelector.matchExpressions }}
{{ toYaml . | indent 2 }}
{{- end }}
{{- end }}

{{- define "cgroup-guard.objectSelector" -}}
matchExpressions:
  - key: cgroup-guard.io/exempt
    operator: NotIn
    values: ["true"]
{{- with .Values.webhook.objectSelector.matchExpressions }}
{{ toYaml . | indent 2 }}
{{- end }}
{{- end }}

{{- define "cgroup-guard.caBundle" -}}
{{- if eq .Values.certificates.mode "secret" }}
caBundle: {{ required "certificates.secret.caBundle: the base64 PEM of the CA that signed the Secret's certificate" .Values.certificates.secret.caBundle }}
{{- end }}
{{- end }}

{{/* The Secret the webhook serves from: the guard's own, cert-manager's, or the one named. */}}
{{- define "cgroup-guard.tlsSecret" -}}
{{- if eq .Values.certificates.mode "secret" -}}
{{ .Values.certificates.secret.name }}
{{- else -}}
cgroup-guard-tls
{{- end }}
{{- end }}

{{/* Where the client-authentication CA comes from: "caFile", "secret", "configMap", or "" (off); two at once fail. */}}
{{- define "cgroup-guard.clientCaSource" -}}
{{- $auth := .Values.tls.clientAuth }}
{{- $sources := list }}
{{- if $auth.caFile }}{{ $sources = append $sources "caFile" }}{{ end }}
{{- if $auth.secret.name }}{{ $sources = append $sources "secret" }}{{ end }}
{{- if $auth.configMap.name }}{{ $sources = append $sources "configMap" }}{{ end }}
{{- if gt (len $sources) 1 }}
{{- fail (printf "tls.clientAuth: give the CA one way, not %s" (join " and " $sources)) }}
{{- end }}
{{- first $sources | default "" }}
{{- end }}

{{/* The folder of the agent's reboot sentinel on the node; the agent sees it, and the host's /proc, under /host. */}}
{{- define "cgroup-guard.sentinelFolder" -}}
{{ dir .Values.agent.rebootSentinel.path }}
{{- end }}
