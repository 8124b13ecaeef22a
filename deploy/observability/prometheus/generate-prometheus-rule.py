#!/usr/bin/env python3
"""Writes deploy/kubernetes/components/monitoring/prometheus-rule.yaml (a PrometheusRule) from rules.yaml.

rules.yaml is the one source of the alerts (promtool checks and tests it; ./run --observe loads it);
the Prometheus Operator needs the same groups inside a PrometheusRule. ObservabilityTests (deploy-tests)
fails when the two differ. Run it again after changing rules.yaml:

    python3 deploy/observability/prometheus/generate-prometheus-rule.py
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
RULES = HERE / "rules.yaml"
OUT = HERE.parents[1] / "kubernetes" / "components" / "monitoring" / "prometheus-rule.yaml"

lines = RULES.read_text().splitlines()
# the source's own header comment stays there
while lines and (lines[0].startswith("#") or not lines[0].strip()):
    lines.pop(0)
if not lines or lines[0] != "groups:":
    raise SystemExit(f"{RULES}: expected 'groups:' after the header comment")

header = """\
# GENERATED from deploy/observability/prometheus/rules.yaml by
# deploy/observability/prometheus/generate-prometheus-rule.py: edit rules.yaml, then run the script.
# The platform's alerts for the Prometheus Operator; each runbook_url names a section of
# docs/operations.md. A Prometheus that selects rules by label (kube-prometheus-stack:
# release=<its release>) needs that label added here.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: entitlements
  labels:
    app.kubernetes.io/name: entitlements
spec:
"""
OUT.write_text(header + "".join("  " + l + "\n" if l.strip() else "\n" for l in lines))
print(f"wrote {OUT.relative_to(HERE.parents[2])}")
