{{- define "hoshu.name" -}}{{ .Release.Name }}-hoshu{{- end -}}
{{- define "hoshu.labels" -}}
app.kubernetes.io/name: hoshu
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* host:port of every sentinel the brokers ask for the master, as a JSON list */}}
{{- define "hoshu.sentinels" -}}
{{- $sentinels := list -}}
{{- if .Values.redis.deploy -}}
{{- $name := include "hoshu.name" . -}}
{{- range $i := until 3 -}}
{{- $sentinels = append $sentinels (printf "%s-redis-%d.%s-redis:26379" $name $i $name) -}}
{{- end -}}
{{- else -}}
{{- $sentinels = .Values.redis.sentinels -}}
{{- end -}}
{{- toJson $sentinels -}}
{{- end -}}

{{/* The address each broker advertises to the other nodes for its peer port: its own name under the headless
     Service ($(HOSHU_NODENAME) is expanded by Kubernetes from the variable defined before it). */}}
{{- define "hoshu.peerAddress" -}}
$(HOSHU_NODENAME).{{ include "hoshu.name" . }}-broker:{{ .Values.broker.ports.peer }}
{{- end -}}

{{/* Refuses values that would render a fleet that cannot start or cannot be drained, with the value and why. */}}
{{- define "hoshu.checkedValues" -}}
{{- $b := .Values.broker -}}
{{- $r := .Values.redis -}}
{{- $_ := required "image.repository is required: the broker image built from the broker jar" .Values.image.repository -}}
{{- $_ := required "image.tag is required: the broker image's tag" .Values.image.tag -}}
{{- $_ := required "broker.pkiSecret is required: the Secret holding the fleet's PKI files (docs/kubernetes.md)" $b.pkiSecret -}}
{{- if not (regexMatch "^[0-9]+$" (toString $b.replicas)) -}}
{{- fail (printf "broker.replicas must be a whole number of broker nodes, not %v" $b.replicas) -}}
{{- end -}}
{{- if lt (int $b.replicas) 1 -}}
{{- fail (printf "broker.replicas must be 1 or more, not %v: a fleet of no broker serves no device" $b.replicas) -}}
{{- end -}}
{{- if and (ge (int $b.pdb.minAvailable) (int $b.replicas)) (gt (int $b.pdb.minAvailable) 0) -}}
{{- fail (printf "broker.pdb.minAvailable (%v) must be below broker.replicas (%v): otherwise no node can ever be drained" $b.pdb.minAvailable $b.replicas) -}}
{{- end -}}
{{- if empty $b.serverNames -}}
{{- fail "broker.serverNames is required: the names agents and engineers dial, carried by every node's tunnel certificate" -}}
{{- end -}}
{{- range $b.serverNames -}}
{{- if not (regexMatch "^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$" (toString .)) -}}
{{- fail (printf "broker.serverNames: %q is not a host name or address" .) -}}
{{- end -}}
{{- end -}}
{{- $ports := list -}}
{{- range $port := list "tunnel" "ssh" "api" "peer" -}}
{{- $n := int (get $b.ports $port) -}}
{{- if or (lt $n 1) (gt $n 65535) -}}
{{- fail (printf "broker.ports.%s must be 1-65535, not %v" $port (get $b.ports $port)) -}}
{{- end -}}
{{- if has $n $ports -}}
{{- fail (printf "broker.ports.%s (%d) is already another listener's port" $port $n) -}}
{{- end -}}
{{- $ports = append $ports $n -}}
{{- end -}}
{{- if not (regexMatch "^[0-9]+$" (toString $b.drainTimeoutSeconds)) -}}
{{- fail (printf "broker.drainTimeoutSeconds must be whole seconds, not %v" $b.drainTimeoutSeconds) -}}
{{- end -}}
{{- if gt (int $b.drainTimeoutSeconds) 3600 -}}
{{- fail (printf "broker.drainTimeoutSeconds must be 0 to 3600 (hoshu.drain.timeout), not %v" $b.drainTimeoutSeconds) -}}
{{- end -}}
{{- if hasKey (fromYaml $b.extraConfig) "Error" -}}
{{- fail (printf "broker.extraConfig is not YAML: %s" (get (fromYaml $b.extraConfig) "Error")) -}}
{{- end -}}
{{- if not (has .Values.service.type (list "LoadBalancer" "NodePort" "ClusterIP")) -}}
{{- fail (printf "service.type must be LoadBalancer, NodePort or ClusterIP, not %v" .Values.service.type) -}}
{{- end -}}
{{- if not (regexMatch "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$" (toString $r.masterName)) -}}
{{- fail (printf "redis.masterName %q must be 1 to 64 letters, digits, '.', '_' or '-': it names the Sentinel master in the sentinels' configuration" (toString $r.masterName)) -}}
{{- end -}}
{{- if or (lt (int $r.cutReplicas) 0) (gt (int $r.cutReplicas) 5) -}}
{{- fail (printf "redis.cutReplicas must be 0 to 5 (hoshu.redis.cut-replicas), not %v" $r.cutReplicas) -}}
{{- end -}}
{{- if $r.deploy -}}
{{- if gt (int $r.cutReplicas) 2 -}}
{{- fail (printf "redis.cutReplicas (%v) is more than the bundled Redis's 2 replicas: no revocation would ever be acknowledged" $r.cutReplicas) -}}
{{- end -}}
{{- if $b.redisPasswordSecret -}}
{{- fail "broker.redisPasswordSecret is for your own Redis (redis.deploy: false): the bundled Redis has no password" -}}
{{- end -}}
{{- else -}}
{{- if empty $r.sentinels -}}
{{- fail "redis.sentinels is required with redis.deploy: false: host:port of each sentinel of your Redis" -}}
{{- end -}}
{{- range $r.sentinels -}}
{{- if not (regexMatch "^[A-Za-z0-9][A-Za-z0-9.-]{0,252}:[0-9]{1,5}$" (toString .)) -}}
{{- fail (printf "redis.sentinels: %q is not host:port" .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
