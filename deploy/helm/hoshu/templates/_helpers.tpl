{{- define "hoshu.name" -}}{{ .Release.Name }}-hoshu{{- end -}}
{{- define "hoshu.labels" -}}
app.kubernetes.io/name: hoshu
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "hoshu.sentinels" -}}
{{- if .Values.redis.deploy -}}
{{- $name := include "hoshu.name" . -}}
{{- range $i := until 3 }}
      - {{ $name }}-redis-{{ $i }}.{{ $name }}-redis:26379
{{- end }}
{{- else -}}
{{- range .Values.redis.sentinels }}
      - {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
