// Pulumi programs for Cloud Run and Cloud Functions: one runs as the project's default accounts,
// one as a dedicated service account.
import * as gcp from "@pulumi/gcp";

const location = "europe-west1";
const image = "europe-west1-docker.pkg.dev/acme-prod/orders/api:1.4.2";

/**
 * A Cloud Run service that sets no service account although its template depends on a VPC
 * connector (so the template is partly unknown at preview), a 2nd-gen function on the Compute
 * Engine default account, and a dedicated account granted Editor on the project.
 */
export function insecureGcpProgram() {
    const connector = new gcp.vpcaccess.Connector("orders", { region: location, network: "default", ipCidrRange: "10.8.0.0/28" });
    new gcp.cloudrunv2.Service("orders-api", {
        location,
        ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        template: { vpcAccess: { connector: connector.id, egress: "ALL_TRAFFIC" }, containers: [{ image }] },
    });
    new gcp.cloudfunctionsv2.Function("orders-hook", {
        location,
        buildConfig: { runtime: "nodejs22", entryPoint: "hook" },
        serviceConfig: {
            serviceAccountEmail: "123456789012-compute@developer.gserviceaccount.com",
            vpcConnector: connector.id, vpcConnectorEgressSettings: "ALL_TRAFFIC", ingressSettings: "ALLOW_INTERNAL_ONLY",
        },
    });
    const worker = new gcp.serviceaccount.Account("orders-worker", { accountId: "orders-worker" });
    new gcp.projects.IAMMember("orders-worker-editor", { project: "acme-prod", role: "roles/editor", member: worker.member });
    new gcp.cloudrunv2.Job("orders-batch", {
        location,
        template: { template: { serviceAccount: worker.email, vpcAccess: { connector: connector.id, egress: "ALL_TRAFFIC" }, containers: [{ image }] } },
    });
}

/** The same workloads on a dedicated account holding one narrow role, its secret from Secret Manager. */
export function secureGcpProgram() {
    const connector = new gcp.vpcaccess.Connector("orders", { region: location, network: "default", ipCidrRange: "10.8.0.0/28" });
    const account = new gcp.serviceaccount.Account("orders-run", { accountId: "orders-run" });
    new gcp.projects.IAMMember("orders-datastore", { project: "acme-prod", role: "roles/datastore.user", member: account.member });
    new gcp.cloudrunv2.Service("orders-api", {
        location,
        ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        template: {
            serviceAccount: account.email,
            vpcAccess: { connector: connector.id, egress: "ALL_TRAFFIC" },
            containers: [{ image, envs: [
                { name: "TABLE", value: "orders" },
                { name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: "orders-db-password", version: "latest" } } },
            ] }],
        },
    });
    new gcp.cloudfunctionsv2.Function("orders-hook", {
        location,
        buildConfig: { runtime: "nodejs22", entryPoint: "hook" },
        serviceConfig: {
            serviceAccountEmail: account.email,
            vpcConnector: connector.id, vpcConnectorEgressSettings: "ALL_TRAFFIC", ingressSettings: "ALLOW_INTERNAL_ONLY",
        },
    });
}
