#!/usr/bin/env bash
# Creates the Secrets the overlays expect, in NAMESPACE, unless they exist already (so running it again changes
# nothing, and a password is never rotated by accident):
#   lct-db-owner        basic-auth, username lct and a random password: the schema owner (CloudNativePG initdb;
#                       the migration Job only)
#   lct-db-district     basic-auth, username lct_district and a random password: district-service (lct_reader)
#   lct-db-enrichment   basic-auth, username lct_enrichment and a random password: enrichment-service
#                       (lct_enrichment_writer)
#   lct-db-calculation  basic-auth, username lct_calculation and a random password: calculation-service
#                       (lct_calculation_writer)
#   lct-jwt             public-key.pem: the key that verifies bearer tokens (issuer lct)
# The prod overlay also needs lct-backup-s3 and lct-tls; see deploy/README.md.
# Usage: deploy/create-secrets.sh NAMESPACE PUBLIC_KEY_PEM
set -euo pipefail

[ $# -eq 2 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
namespace=$1 public_key=$2
[ -r "$public_key" ] || { echo "create-secrets: cannot read the public key $public_key" >&2; exit 1; }

exists() { kubectl -n "$namespace" get secret "$1" >/dev/null 2>&1; }

create_login() {   # NAME USERNAME
    if exists "$1"; then echo "secret $1 exists, kept"; return; fi
    kubectl -n "$namespace" create secret generic "$1" --type=kubernetes.io/basic-auth \
        --from-literal=username="$2" --from-literal=password="$(openssl rand -hex 24)"
}

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"
create_login lct-db-owner lct
create_login lct-db-district lct_district
create_login lct-db-enrichment lct_enrichment
create_login lct-db-calculation lct_calculation
if exists lct-jwt; then echo "secret lct-jwt exists, kept"; else
    kubectl -n "$namespace" create secret generic lct-jwt --from-file=public-key.pem="$public_key"
fi
