{{/*
Names. The release name is the store slug; every object is prefixed with it.
*/}}
{{- define "woocommerce-store.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "woocommerce-store.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "woocommerce-store.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "woocommerce-store.wordpressName" -}}
{{- printf "%s-wordpress" (include "woocommerce-store.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "woocommerce-store.mariadbName" -}}
{{- printf "%s-mariadb" (include "woocommerce-store.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "woocommerce-store.secretName" -}}
{{- printf "%s-credentials" (include "woocommerce-store.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "woocommerce-store.bootstrapConfigMapName" -}}
{{- printf "%s-bootstrap" (include "woocommerce-store.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fail early when the release name is not a valid store slug.
*/}}
{{- define "woocommerce-store.validate" -}}
{{- if not (regexMatch "^[a-z0-9][a-z0-9-]{1,28}[a-z0-9]$" .Release.Name) -}}
{{- fail (printf "release name %q is not a valid store slug: use 3-30 characters of a-z, 0-9 and '-', not starting or ending with '-'" .Release.Name) -}}
{{- end -}}
{{- if contains "--" .Release.Name -}}
{{- fail (printf "release name %q is not a valid store slug: '--' is not allowed" .Release.Name) -}}
{{- end -}}
{{- end -}}

{{/*
Labels.
*/}}
{{- define "woocommerce-store.selectorLabels" -}}
app.kubernetes.io/name: {{ include "woocommerce-store.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "woocommerce-store.labels" -}}
helm.sh/chart: {{ include "woocommerce-store.chart" . }}
{{ include "woocommerce-store.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: storefleet
{{- end -}}

{{- define "woocommerce-store.wordpressSelectorLabels" -}}
{{ include "woocommerce-store.selectorLabels" . }}
app.kubernetes.io/component: wordpress
{{- end -}}

{{- define "woocommerce-store.mariadbSelectorLabels" -}}
{{ include "woocommerce-store.selectorLabels" . }}
app.kubernetes.io/component: mariadb
{{- end -}}

{{/*
Public URL pieces.
*/}}
{{- define "woocommerce-store.urlHostPort" -}}
{{- (urlParse .Values.store.url).host -}}
{{- end -}}

{{- define "woocommerce-store.urlHostname" -}}
{{- regexReplaceAll ":[0-9]+$" (include "woocommerce-store.urlHostPort" .) "" -}}
{{- end -}}

{{- define "woocommerce-store.routeHost" -}}
{{- default (include "woocommerce-store.urlHostname" .) .Values.route.host -}}
{{- end -}}

{{- define "woocommerce-store.image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}

{{/*
Security contexts (Pod Security "restricted").
*/}}
{{- define "woocommerce-store.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
runAsNonRoot: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
Environment shared by every container that loads wp-config.php (files/wp-config.php, installed
by install-wordpress.sh, reads these variables on every request). Secrets come from files only.
*/}}
{{- define "woocommerce-store.wordpressEnv" -}}
- name: WORDPRESS_DB_HOST
  value: {{ printf "%s:3306" (include "woocommerce-store.mariadbName" .) | quote }}
- name: WORDPRESS_DB_NAME
  value: {{ .Values.mariadb.database | quote }}
- name: WORDPRESS_DB_USER
  value: {{ .Values.mariadb.user | quote }}
- name: WORDPRESS_DB_PASSWORD_FILE
  value: /run/secrets/storefleet/mariadb-password
- name: WORDPRESS_TABLE_PREFIX
  value: {{ .Values.wordpress.tablePrefix | quote }}
{{- range $key := list "auth-key" "secure-auth-key" "logged-in-key" "nonce-key" "auth-salt" "secure-auth-salt" "logged-in-salt" "nonce-salt" }}
- name: {{ printf "WORDPRESS_%s_FILE" ($key | replace "-" "_" | upper) }}
  value: {{ printf "/run/secrets/storefleet/%s" $key }}
{{- end }}
- name: STOREFLEET_STORE
  value: {{ .Release.Name | quote }}
- name: STOREFLEET_ADMIN_USER
  value: {{ .Values.store.adminUser | quote }}
- name: STOREFLEET_LOGIN_SECRET_FILE
  value: /run/secrets/storefleet/login-secret
- name: STOREFLEET_EXTRA_HOSTS
  value: {{ join "," .Values.route.extraHosts | quote }}
- name: WORDPRESS_CONFIG_EXTRA
  value: |
    define('WP_HOME', storefleet_home({{ .Values.store.url | squote }}));
    define('WP_SITEURL', WP_HOME);
    define('FS_METHOD', 'direct');
    define('DISALLOW_FILE_EDIT', true);
{{- with .Values.wordpress.configExtra }}
    {{- . | nindent 4 }}
{{- end }}
{{- end -}}
