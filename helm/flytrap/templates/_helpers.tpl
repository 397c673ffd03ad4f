{{/* Names, labels and shared pieces of the Flytrap chart. */}}

{{- define "flytrap.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "flytrap.fullname" -}}
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

{{- define "flytrap.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "flytrap.labels" -}}
helm.sh/chart: {{ include "flytrap.chart" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: flytrap
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* Selector labels of one component: pass (dict "root" $ "component" "functions") */}}
{{- define "flytrap.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flytrap.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "flytrap.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "flytrap.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "flytrap.image" -}}
{{- $registry := required "image.registry is required: the registry and path you pushed the images to with scripts/push-images.sh, e.g. --set image.registry=registry.example.com/flytrap" .root.Values.image.registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) .name (default .root.Chart.AppVersion .root.Values.image.tag) }}
{{- end }}

{{/* The Secret with the database password: the user's, or the chart's own. */}}
{{- define "flytrap.databaseSecretName" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecret }}
{{- else }}
{{- include "flytrap.fullname" . }}-database
{{- end }}
{{- end }}

{{- define "flytrap.databaseSecretKey" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecretPasswordKey }}
{{- else }}
{{- "password" }}
{{- end }}
{{- end }}

{{- define "flytrap.databaseUrl" -}}
{{- if .Values.postgresql.enabled }}
{{- printf "jdbc:postgresql://%s-postgresql:5432/flytrap" (include "flytrap.fullname" .) }}
{{- else }}
{{- required "database.url is required (or postgresql.enabled=true for a trial)" .Values.database.url }}
{{- end }}
{{- end }}

{{- define "flytrap.databaseUser" -}}
{{- ternary "flytrap" .Values.database.username .Values.postgresql.enabled }}
{{- end }}

{{/* Environment both workloads share beside the ConfigMap: the database password and the user's extra variables. */}}
{{- define "flytrap.commonEnv" -}}
- name: FLYTRAP_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "flytrap.databaseSecretName" . }}
      key: {{ include "flytrap.databaseSecretKey" . }}
{{- if and .Values.metrics.enabled (include "flytrap.metricsSecretName" .) }}
- name: FLYTRAP_METRICS_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "flytrap.metricsSecretName" . }}
      key: {{ include "flytrap.metricsSecretKey" . }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The Secret with the metrics scrape token: the user's, the chart's own, or none (then nobody may scrape). */}}
{{- define "flytrap.metricsSecretName" -}}
{{- if .Values.metrics.existingSecret }}
{{- .Values.metrics.existingSecret }}
{{- else if .Values.metrics.token }}
{{- include "flytrap.fullname" . }}-metrics
{{- end }}
{{- end }}

{{- define "flytrap.metricsSecretKey" -}}
{{- ternary .Values.metrics.existingSecretKey "token" (not (empty .Values.metrics.existingSecret)) }}
{{- end }}

{{/* Pods restart when their settings change. */}}
{{- define "flytrap.configChecksum" -}}
checksum/config: {{ print (include (print .Template.BasePath "/configmap.yaml") .) (include (print .Template.BasePath "/secret.yaml") .) | sha256sum }}
{{- end }}

{{/*
Probes on the actuator's health groups. The startup probe allows 5 minutes for a first start (the dashboard may
migrate), plus the time a functions pod may wait for the schema: pass (dict "extraStartSeconds" N).
*/}}
{{- define "flytrap.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 5
  failureThreshold: {{ div (add 300 (default 0 .extraStartSeconds)) 5 }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: 5
  failureThreshold: 3
{{- end }}

{{/*
Prometheus' annotation-based discovery of the pods' /actuator/prometheus (metrics.podAnnotations).
*/}}
{{- define "flytrap.scrapeAnnotations" -}}
{{- if and .Values.metrics.enabled .Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/path: /actuator/prometheus
prometheus.io/port: "8080"
{{- end }}
{{- end }}
