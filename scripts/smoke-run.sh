#!/usr/bin/env bash
# Starts ./run, waits for it, calls one endpoint of every service through the gateway with the
# printed demo token, stops it with ./run stop (TERM, what Ctrl-C does) and checks that no process is left.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
SKIP_BUILD=${SKIP_BUILD:-0} ./run > "$out" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 300); do
  grep -q "Ctrl-C stops everything" "$out" && break
  if ! kill -0 "$pid" 2>/dev/null; then cat "$out"; echo "smoke: ./run exited early" >&2; exit 1; fi
  sleep 1
done
grep -q "Ctrl-C stops everything" "$out" || { cat "$out"; echo "smoke: not up after 300 s" >&2; exit 1; }
token=$(grep -A1 "msp-demo PRIME_ADMIN" "$out" | tail -n1 | tr -d ' ')
# what the launcher wrote under .local/: every process it started, each answering
./run status || { echo "smoke: ./run status does not see every process up" >&2; exit 1; }

call() { # expected-status method path [body]
  local code
  code=$(curl -s -o /tmp/smoke-body -w '%{http_code}' -X "$2" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' ${4:+-d "$4"} "http://127.0.0.1:8080$3")
  if [ "$code" != "$1" ]; then echo "smoke: $2 $3 -> $code (expected $1): $(cat /tmp/smoke-body)" >&2; exit 1; fi
  echo "smoke: $2 $3 -> $code"
}
call 200 GET /entitlements/settings
# the RUCKUS One way: client credentials at the gateway's token route, passed on to the development issuer's token endpoint
token_call=$(grep -o 'curl -s -X POST http://127.0.0.1:8080/oauth2/token/[^ ]* .*' "$out" | head -n1)
[ -n "$token_call" ] || { echo "smoke: ./run printed no token-endpoint example" >&2; exit 1; }
client_token=$(eval "$token_call" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$client_token" ] || { echo "smoke: the token endpoint gave no token: $(eval "$token_call")" >&2; exit 1; }
code=$(curl -s -o /tmp/smoke-body -w '%{http_code}' -H "Authorization: Bearer $client_token" http://127.0.0.1:8080/entitlements/settings)
[ "$code" = 200 ] || { echo "smoke: the token endpoint's token got $code: $(cat /tmp/smoke-body)" >&2; exit 1; }
echo "smoke: POST /oauth2/token/msp-demo -> a token the services accept"
call 200 POST /tenants/self/entitlements/assignments/query '{"pageSize": 5}'
call 404 GET /entitlements/syncRequests/00000000-0000-0000-0000-000000000000
# the demo device usage arrives through Kafka: wait until the report shows it
for _ in $(seq 1 30); do
  call 200 GET /entitlements/licenseUsageReports >/dev/null
  grep -q '"usedQuantity":[1-9]' /tmp/smoke-body && break
  sleep 1
done
grep -q '"usedQuantity":[1-9]' /tmp/smoke-body || { echo "smoke: demo usage never reached the report" >&2; exit 1; }
echo "smoke: GET /entitlements/licenseUsageReports shows the demo usage"
# the demo purchases arrive through licensing.purchases; once sync-service knows the demo MSP's
# licensing account, a refresh pulls from the demo licensing system and succeeds with no changes
for _ in $(seq 1 30); do
  code=$(curl -s -o /tmp/smoke-body -w '%{http_code}' -X PATCH -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"refreshType": "FULL"}' http://127.0.0.1:8080/entitlements)
  [ "$code" = 202 ] && break
  sleep 1
done
[ "$code" = 202 ] || { echo "smoke: PATCH /entitlements -> $code: $(cat /tmp/smoke-body)" >&2; exit 1; }
request=$(sed -n 's/.*"requestId":"\([^"]*\)".*/\1/p' /tmp/smoke-body)
for _ in $(seq 1 30); do
  call 200 GET "/entitlements/syncRequests/$request" >/dev/null
  grep -q '"state":"\(SUCCEEDED\|FAILED\)"' /tmp/smoke-body && break
  sleep 1
done
grep -q '"state":"SUCCEEDED"' /tmp/smoke-body || { echo "smoke: sync request did not succeed: $(cat /tmp/smoke-body)" >&2; exit 1; }
echo "smoke: PATCH /entitlements -> 202, the refresh from the demo licensing system succeeded"
# the audit trail: the refresh just requested (recorded by sync-service on audit.events) is in the
# audit read model of entitlement-service
for _ in $(seq 1 30); do
  call 200 GET "/audit/events?pageSize=100" >/dev/null
  grep -q "\"resourceId\":\"$request\"" /tmp/smoke-body && break
  sleep 1
done
grep -q "\"resourceId\":\"$request\"" /tmp/smoke-body || { echo "smoke: the sync request never reached the audit trail: $(cat /tmp/smoke-body)" >&2; exit 1; }
echo "smoke: GET /audit/events shows the sync request"
# end to end: licensing.purchases -> sync-service -> entitlement.events -> the entitlement read model
# (isAssignedLicense false: the MSP's purchases, without what it assigned to itself)
for _ in $(seq 1 30); do
  call 200 POST /entitlements/query '{"fields": ["externalId"], "filters": {"isAssignedLicense": false}}' >/dev/null
  grep -q '"totalCount":7' /tmp/smoke-body && break
  sleep 1
done
grep -q '"totalCount":7' /tmp/smoke-body || { echo "smoke: demo purchases never reached the read model: $(cat /tmp/smoke-body)" >&2; exit 1; }
echo "smoke: POST /entitlements/query lists the 7 demo purchases"
call 200 POST /entitlements/banners/query '{"filters": {}}'
call 200 POST /entitlements/attentionNotes/query '{}'
call 200 GET /mspEntitlements
grep -q '"sku"' /tmp/smoke-body || { echo "smoke: GET /mspEntitlements lists no demo pool: $(cat /tmp/smoke-body)" >&2; exit 1; }
# the reports are built from the same events: the demo MSP's pools show in its utilization
for _ in $(seq 1 30); do
  call 200 POST /entitlements/utilizations/query '{"filters": {"usageType": "ASSIGNED"}}' >/dev/null
  grep -q '"purchasedQuantity":[1-9]' /tmp/smoke-body && break
  sleep 1
done
grep -q '"purchasedQuantity":[1-9]' /tmp/smoke-body || { echo "smoke: demo pools never reached the utilization report: $(cat /tmp/smoke-body)" >&2; exit 1; }
echo "smoke: POST /entitlements/utilizations/query shows the demo pools"
call 200 POST /entitlements/compliances/query '{"filters": {}}'
# the customer view: the demo MSP's assignments (made through the assignment API once its pools are
# projected) are ec-alpha's own, as the public Python client asks for them through x-rks-tenantid
for _ in $(seq 1 90); do
  code=$(curl -s -o /tmp/smoke-body -w '%{http_code}' -X POST -H "Authorization: Bearer $token" -H 'x-rks-tenantid: ec-alpha' \
    -H 'Content-Type: application/json' -d '{"filters": {"licenseType": ["APSW"], "isTrial": false, "status": ["VALID"], "isAssignedLicense": false, "usageType": "SELF"}}' \
    http://127.0.0.1:8080/entitlements/utilizations/query)
  [ "$code" = 200 ] && grep -q '"quantity":[1-9]' /tmp/smoke-body && grep -q '"usedQuantity":[1-9]' /tmp/smoke-body && break
  sleep 1
done
[ "$code" = 200 ] && grep -q '"quantity":[1-9]' /tmp/smoke-body || { echo "smoke: ec-alpha's utilization shows no received licenses: $code $(cat /tmp/smoke-body)" >&2; exit 1; }
echo "smoke: POST /entitlements/utilizations/query for ec-alpha (x-rks-tenantid) shows its received licenses and its devices"
# the MSP-wide compliance: the demo MSP's whole APSW pool against the devices of all three tenants,
# ec-alpha over-used and ec-beta under-used
for _ in $(seq 1 30); do
  call 200 POST /entitlements/compliances/query '{"filters": {"licenseType": "APSW"}}' >/dev/null
  summary=$(tr -d '\n' < /tmp/smoke-body | sed 's/"mspEcSummary":/\n/' | sed -n 2p | sed 's/"self":.*//')
  grep -q '"totalActivePaidLicenseCount":[1-9]' <<< "$summary" && grep -q '"licensesUsed":[1-9]' <<< "$summary" \
    && grep -q '"overUsedTenants":\[{"tenantId":"ec-alpha"' <<< "$summary" && grep -q '"underutilizedTenants":\[{"tenantId":"ec-beta"' <<< "$summary" && break
  sleep 1
done
grep -q '"totalActivePaidLicenseCount":[1-9]' <<< "$summary" && grep -q '"overUsedTenants":\[{"tenantId":"ec-alpha"' <<< "$summary" \
  && grep -q '"underutilizedTenants":\[{"tenantId":"ec-beta"' <<< "$summary" \
  || { echo "smoke: msp-demo's mspEcSummary is not the MSP-wide view: $(cat /tmp/smoke-body)" >&2; exit 1; }
echo "smoke: POST /entitlements/compliances/query: msp-demo's mspEcSummary has its pool and its devices, ec-alpha over-used, ec-beta under-used"
call 200 POST /entitlements/availabilityReports/query "{\"operator\": \"MAX_QUANTITY\", \"effectiveDate\": \"$(date -u +%F)\", \"expirationDate\": \"$(date -u -d '+30 days' +%F)\", \"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\"}}"
code=$(curl -s -o /tmp/smoke-body -w '%{http_code}' http://127.0.0.1:8080/entitlements/settings)
[ "$code" = 401 ] && grep -q ENTITLEMENT-10010 /tmp/smoke-body || { echo "smoke: no-token call gave $code" >&2; exit 1; }
echo "smoke: no token -> 401 with the error body"
# the metrics URLs ./run printed, one per service and the gateway, each answering Prometheus text
metrics=$(grep -o 'http://127.0.0.1:[0-9]*/q/metrics' "$out" | sort -u)
[ "$(wc -l <<< "$metrics")" = 5 ] || { echo "smoke: ./run printed $(wc -l <<< "$metrics") metrics URLs, not 5" >&2; exit 1; }
for url in $metrics; do
  # read whole first: grep -q stops at its first match, and curl writing into the closed pipe fails
  # the pipeline under pipefail
  curl -sf -o /tmp/smoke-metrics "$url" && grep -q '^# TYPE' /tmp/smoke-metrics \
    || { echo "smoke: $url gives no Prometheus metrics" >&2; exit 1; }
done
curl -sf -o /tmp/smoke-metrics http://127.0.0.1:8080/q/metrics \
  && grep -q '^gateway_requests_seconds_count{.*route="/entitlements/settings"' /tmp/smoke-metrics \
  || { echo "smoke: the gateway did not count GET /entitlements/settings" >&2; exit 1; }
echo "smoke: the 5 metrics URLs answer"

./run stop
wait "$pid" || true
trap - EXIT
if ./run status >/dev/null; then echo "smoke: ./run status still sees a stack after ./run stop" >&2; exit 1; fi
sleep 2
# this checkout's processes only: another checkout's build may run a broker at the same time
left=$(pgrep -f "$PWD/.*(quarkus-run.jar|kafka.Kafka|dev.entitlements.infra.LocalStack)" || true)
pg_left=$(pgrep -f "postgres -D $PWD/.local/pg" || true)
if [ -n "$left$pg_left" ]; then ps -fp $left $pg_left; echo "smoke: processes left behind" >&2; exit 1; fi
echo "smoke: stopped cleanly, nothing left running"
