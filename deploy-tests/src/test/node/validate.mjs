// Validates every document of the given YAML files against the schema of its kind, as bundled by
// the npm kubernetes-models packages (core, Gateway API, Strimzi, CloudNativePG, Prometheus
// Operator): types, enum values and required fields. fabric8 (DeployManifestTests) catches unknown
// fields, which these schemas let through; the two together are the check.
// Usage: node validate.mjs FILE...   Exit 1 when any document is invalid or has no schema.
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

const packageOf = (apiVersion) => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  if (!group) return `kubernetes-models/${version}`;
  if (group.startsWith('gateway.networking.k8s.io')) return `@kubernetes-models/gateway-api/${group}/${version}`;
  if (group === 'kafka.strimzi.io') return `@kubernetes-models/strimzi-kafka-operator/${group}/${version}`;
  if (group === 'postgresql.cnpg.io') return `@kubernetes-models/cloudnative-pg/${group}/${version}`;
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${group}/${version}`;
  if (!group.includes('.') || group.endsWith('.k8s.io')) return `kubernetes-models/${group}/${version}`;
  return null;
};

// the Keycloak operator publishes no model package: its two kinds (optional component) are named
// here so that anything else without a schema still fails
const UNCHECKED = new Set(['k8s.keycloak.org/v2alpha1 Keycloak', 'k8s.keycloak.org/v2alpha1 KeycloakRealmImport']);

let bad = 0, ok = 0, skipped = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    if (doc.errors.length) { console.log(`FAIL ${file}: YAML ${doc.errors[0].message}`); bad++; continue; }
    const o = doc.toJS();
    if (!o) continue;
    const where = `${file}: ${o.apiVersion} ${o.kind}/${o.metadata?.name}`;
    const mod = packageOf(o.apiVersion || '');
    let Kind;
    try { Kind = mod && (await import(mod))[o.kind]; } catch { Kind = undefined; }
    if (!Kind && UNCHECKED.has(`${o.apiVersion} ${o.kind}`)) { console.log(`SKIP ${where}: no published schema`); skipped++; continue; }
    if (!Kind) { console.log(`FAIL ${where}: no bundled schema`); bad++; continue; }
    try { new Kind(o).validate(); ok++; console.log(`OK   ${where}`); }
    catch (e) { bad++; console.log(`FAIL ${where}: ${e.message}`); }
  }
}
console.log(`${ok} valid, ${bad} invalid, ${skipped} without a published schema`);
process.exit(bad ? 1 : 0);
