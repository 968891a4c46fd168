#!/usr/bin/env bash
# Creates every Secret that Collabo's Kubernetes manifests reference, with random values, in one
# namespace. An existing Secret is never overwritten (rotation is a deliberate step: deploy/README.md).
# Values never appear on a command line: they go through files in a private temporary folder.
#
#   deploy/scripts/create-secrets.sh <namespace> [--dev]
#
# --dev          SMTP_URL=smtp://maildev:1025 (the dev overlay's mail catcher), ADMIN_EMAIL=admin@collabo.example.jp
# otherwise      SMTP_URL (smtp[s]://[user:pass@]host:port), ADMIN_EMAIL, BACKUP_ACCESS_KEY_ID and
#                BACKUP_SECRET_ACCESS_KEY (the backup bucket's keys) must be set in the environment.
# Needs kubectl (with access to the cluster), openssl and node.
#
# Secrets made (all labelled app.kubernetes.io/part-of=collabo):
#   collabo-<service>-db        kubernetes.io/basic-auth: username collabo_<service>, password (hex). CloudNativePG
#                               sets the role's password from it; the service builds DATABASE_URL from it.
#   collabo-<service>-nats      password: the service's NATS user (deploy/nats/auth.conf): `n` + hex.
#   collabo-nats-operators      admin, sys: the NATS users of operators and of the system account.
#   collabo-registry-auth       AUTH_SIGNING_KEYS (one Ed25519 private JWK), ADMIN_EMAIL, ADMIN_PASSWORD,
#                               CONSENT_LINK_SECRET (the HMAC key of consent-withdrawal links).
#   collabo-notifications-mail  SMTP_URL, UNSUBSCRIBE_SECRET.
#   collabo-pg-backup           ACCESS_KEY_ID, ACCESS_SECRET_KEY: the object store keys of Postgres backups and WAL
#                               archiving (from BACKUP_ACCESS_KEY_ID, BACKUP_SECRET_ACCESS_KEY; not made with --dev,
#                               whose overlay takes no backups).
set -euo pipefail

namespace="${1:-}"
[[ -n "$namespace" ]] || { echo "usage: $0 <namespace> [--dev]" >&2; exit 2; }
dev=false
[[ "${2:-}" == "--dev" ]] && dev=true
for tool in kubectl openssl node; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is needed" >&2; exit 1; }
done
if $dev; then
  smtp_url="${SMTP_URL:-smtp://maildev:1025}"
  admin_email="${ADMIN_EMAIL:-admin@collabo.example.jp}"
else
  smtp_url="${SMTP_URL:?set SMTP_URL (smtp[s]://[user:pass@]host:port) or use --dev}"
  admin_email="${ADMIN_EMAIL:?set ADMIN_EMAIL (the first admin account) or use --dev}"
  backup_key_id="${BACKUP_ACCESS_KEY_ID:?set BACKUP_ACCESS_KEY_ID (the Postgres backup bucket's access key) or use --dev}"
  backup_secret="${BACKUP_SECRET_ACCESS_KEY:?set BACKUP_SECRET_ACCESS_KEY (the Postgres backup bucket's secret key) or use --dev}"
fi

umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

exists() { kubectl -n "$namespace" get secret "$1" >/dev/null 2>&1; }
hex() { openssl rand -hex "${1:-24}"; }
# NATS reads its passwords as configuration tokens (deploy/nats/auth.conf): a letter first, then letters and digits.
nats_password() { printf 'n%s' "$(openssl rand -hex 24)"; }

# create_secret <name> <type> <key>=<value> ...: creates the Secret from files, unless it exists.
create_secret() {
  local name="$1" type="$2"; shift 2
  if exists "$name"; then
    echo "kept    secret/$name (exists)"
    return
  fi
  local args=() pair key
  mkdir "$work/$name"
  for pair in "$@"; do
    key="${pair%%=*}"
    printf '%s' "${pair#*=}" > "$work/$name/$key"
    args+=("--from-file=$key=$work/$name/$key")
  done
  kubectl -n "$namespace" create secret generic "$name" --type="$type" "${args[@]}" >/dev/null
  kubectl -n "$namespace" label secret "$name" app.kubernetes.io/part-of=collabo >/dev/null
  echo "created secret/$name"
}

for service in registry proposals events notifications; do
  create_secret "collabo-$service-db" kubernetes.io/basic-auth "username=collabo_$service" "password=$(hex)"
  # CloudNativePG watches labelled Secrets: a new password here is applied to the role.
  kubectl -n "$namespace" label --overwrite secret "collabo-$service-db" cnpg.io/reload=true >/dev/null
  create_secret "collabo-$service-nats" Opaque "password=$(nats_password)"
done
create_secret collabo-nats-operators Opaque "admin=$(nats_password)" "sys=$(nats_password)"
create_secret collabo-registry-auth Opaque \
  "AUTH_SIGNING_KEYS=$(node "$(dirname "$0")/signing-keys.mjs" generate)" \
  "ADMIN_EMAIL=$admin_email" \
  "ADMIN_PASSWORD=$(hex 16)" \
  "CONSENT_LINK_SECRET=$(hex 32)"
create_secret collabo-notifications-mail Opaque "SMTP_URL=$smtp_url" "UNSUBSCRIBE_SECRET=$(hex 32)"
$dev || create_secret collabo-pg-backup Opaque "ACCESS_KEY_ID=$backup_key_id" "ACCESS_SECRET_KEY=$backup_secret"

echo
echo "The first admin's password:"
echo "  kubectl -n $namespace get secret collabo-registry-auth -o jsonpath='{.data.ADMIN_PASSWORD}' | base64 -d"
