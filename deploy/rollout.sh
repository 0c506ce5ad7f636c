#!/usr/bin/env bash
# Rolls an overlay out in the order the schema needs:
#   1. everything but the Deployments (namespace, configuration, network policies, database, Services, Ingress,
#      the migration Job), after deleting the previous migration Job (Jobs are immutable);
#   2. waits for the PostgreSQL cluster (when the overlay has one) and for the Job to complete; a failed Job stops
#      here, with the running Deployments untouched;
#   3. the Deployments (label lct/rollout=after-migration), then waits for each rollout.
# Usage: deploy/rollout.sh OVERLAY_DIR [NAMESPACE]   e.g. deploy/rollout.sh deploy/overlays/prod lct
set -euo pipefail

[ $# -ge 1 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
overlay=$1
namespace=${2:-$(kubectl kustomize "$overlay" | sed -n 's/^  namespace: //p' | head -n 1)}
[ -n "$namespace" ] || { echo "rollout: cannot tell the namespace of $overlay; pass it" >&2; exit 1; }
k() { kubectl -n "$namespace" "$@"; }

k delete job lct-migrate --ignore-not-found
kubectl apply -k "$overlay" -l 'lct/rollout!=after-migration'
if k get cluster.postgresql.cnpg.io lct-db >/dev/null 2>&1; then
    k wait --for=condition=Ready cluster.postgresql.cnpg.io/lct-db --timeout=15m
fi
# Complete or Failed, whichever comes first.
for _ in $(seq 1 180); do
    complete=$(k get job lct-migrate -o jsonpath='{.status.conditions[?(@.type=="Complete")].status}')
    failed=$(k get job lct-migrate -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}')
    if [ "$complete" = True ]; then break; fi
    if [ "$failed" = True ]; then
        k logs job/lct-migrate --tail=100 >&2 || true
        echo "rollout: the migration Job failed; the Deployments were not changed" >&2
        exit 1
    fi
    sleep 5
done
[ "$complete" = True ] || { echo "rollout: the migration Job did not finish in 15 minutes" >&2; exit 1; }
kubectl apply -k "$overlay"
for deployment in enrichment-service district-service calculation-service; do
    k rollout status "deployment/$deployment" --timeout=10m
done
