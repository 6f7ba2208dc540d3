// The credential corpus: one entry per credential type a serverless function realistically holds,
// each with a generator of format-valid random samples (seeded: the same on every run, never a real
// secret), written from the providers' documented formats. `kind` is what the pack must call a
// self-identifying sample; name-only types (random strings with no mark of their own) are only
// expected under their telling `name`.
import { Random, base64url } from "./random";

export type Family =
    | "AI" | "AWS" | "Azure" | "Google Cloud" | "other clouds" | "source control and CI" | "secrets and infrastructure tools"
    | "payments" | "messaging and email" | "observability" | "SaaS" | "keys and tokens" | "URLs and connection strings"
    | "generic secrets";

export interface CredentialType {
    id: string;
    family: Family;
    /** The kind the pack reports for a sample, whatever the name; undefined: only a telling name tells. */
    kind?: string;
    /** The name a program would give it. */
    name: string;
    sample(r: Random): string;
}

const pem = (r: Random, label: string) =>
    `-----BEGIN ${label}-----\n${Array.from({ length: 6 }, () => r.chars("base64", 64)).join("\n")}\n-----END ${label}-----\n`;

const serviceAccountJson = (r: Random, indent?: number) => JSON.stringify({
    type: "service_account",
    project_id: `orders-${r.chars("lowerAlnum", 6)}`,
    private_key_id: r.chars("hex", 40),
    private_key: pem(r, "PRIVATE KEY"),
    client_email: `orders@orders-${r.chars("lowerAlnum", 6)}.iam.gserviceaccount.com`,
    client_id: r.chars("digits", 21),
    token_uri: "https://oauth2.googleapis.com/token",
}, null, indent);

const jwt = (r: Random, payload: object) =>
    `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}.${r.chars("urlsafe", 43)}`;

const uuid = (r: Random) => r.uuid();

type Entry = [id: string, family: Family, kind: string | undefined, name: string, sample: (r: Random) => string];

const entries: Entry[] = [
    // AI
    ["openai-project-key", "AI", "OpenAI API key", "OPENAI_API_KEY", r => `sk-proj-${r.chars("urlsafe", 74)}T3BlbkFJ${r.chars("urlsafe", 74)}`],
    ["openai-service-account-key", "AI", "OpenAI API key", "OPENAI_API_KEY", r => `sk-svcacct-${r.chars("urlsafe", 74)}T3BlbkFJ${r.chars("urlsafe", 74)}`],
    ["openai-admin-key", "AI", "OpenAI API key", "OPENAI_ADMIN_KEY", r => `sk-admin-${r.chars("urlsafe", 74)}T3BlbkFJ${r.chars("urlsafe", 74)}`],
    ["openai-legacy-key", "AI", "OpenAI API key", "OPENAI_KEY", r => `sk-${r.chars("alnum", 20)}T3BlbkFJ${r.chars("alnum", 20)}`],
    ["anthropic-api-key", "AI", "Anthropic API key", "ANTHROPIC_API_KEY", r => `sk-ant-api03-${r.chars("urlsafe", 93)}AA`],
    ["anthropic-admin-key", "AI", "Anthropic API key", "ANTHROPIC_ADMIN_KEY", r => `sk-ant-admin01-${r.chars("urlsafe", 93)}AA`],
    ["huggingface-token", "AI", "Hugging Face token", "HF_TOKEN", r => `hf_${r.chars("letters", 34)}`],
    ["huggingface-org-token", "AI", "Hugging Face token", "HUGGINGFACE_API_TOKEN", r => `api_org_${r.chars("letters", 34)}`],
    ["groq-api-key", "AI", "Groq API key", "GROQ_API_KEY", r => `gsk_${r.chars("alnum", 52)}`],
    ["replicate-token", "AI", "Replicate API token", "REPLICATE_API_TOKEN", r => `r8_${r.chars("alnum", 37)}`],
    ["perplexity-key", "AI", "Perplexity API key", "PERPLEXITY_API_KEY", r => `pplx-${r.chars("alnum", 48)}`],
    ["xai-key", "AI", "xAI API key", "XAI_API_KEY", r => `xai-${r.chars("alnum", 80)}`],
    ["openrouter-key", "AI", "OpenRouter API key", "OPENROUTER_API_KEY", r => `sk-or-v1-${r.chars("hex", 64)}`],
    ["pinecone-key", "AI", "Pinecone API key", "PINECONE_API_KEY", r => `pcsk_${r.chars("alnum", 6)}_${r.chars("alnum", 63)}`],
    ["langsmith-key", "AI", "LangSmith API key", "LANGSMITH_API_KEY", r => `lsv2_${r.pick(["pt", "sk"])}_${r.chars("hex", 32)}_${r.chars("hex", 10)}`],
    ["cohere-key", "AI", undefined, "COHERE_API_KEY", r => r.chars("alnum", 40)],
    ["mistral-key", "AI", undefined, "MISTRAL_API_KEY", r => r.chars("alnum", 32)],
    ["azure-openai-key", "AI", undefined, "AZURE_OPENAI_API_KEY", r => r.chars("hex", 32)],

    // AWS
    ["aws-access-key-id", "AWS", "AWS access key ID", "AWS_ACCESS_KEY_ID", r => `AKIA${r.chars("base32", 16)}`],
    ["aws-temporary-key-id", "AWS", "AWS access key ID", "AWS_ACCESS_KEY_ID", r => `ASIA${r.chars("base32", 16)}`],
    ["aws-session-token", "AWS", "AWS session token", "AWS_SESSION_TOKEN", r => `IQoJb3JpZ2luX2VjE${r.chars("base64", 600)}`],
    ["aws-credentials-file", "AWS", "AWS secret access key", "AWS_CREDENTIALS",
        r => `[default]\naws_access_key_id = AKIA${r.chars("base32", 16)}\naws_secret_access_key = ${r.chars("base64", 40)}\n`],
    ["aws-secret-access-key", "AWS", undefined, "AWS_SECRET_ACCESS_KEY", r => r.chars("base64", 40)],

    // Azure
    ["azure-storage-connection-string", "Azure", "Azure account key", "AzureWebJobsStorage",
        r => `DefaultEndpointsProtocol=https;AccountName=orders${r.chars("lowerAlnum", 6)};AccountKey=${r.base64Bytes(64)};EndpointSuffix=core.windows.net`],
    ["azure-cosmos-connection-string", "Azure", "Azure account key", "COSMOS_CONNECTION_STRING",
        r => `AccountEndpoint=https://orders-${r.chars("lowerAlnum", 6)}.documents.azure.com:443/;AccountKey=${r.base64Bytes(64)};`],
    ["azure-service-bus-connection-string", "Azure", "Azure shared access key", "ServiceBusConnection",
        r => `Endpoint=sb://orders-${r.chars("lowerAlnum", 6)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${r.base64Bytes(32)}`],
    ["azure-event-hubs-connection-string", "Azure", "Azure shared access key", "EventHubConnection",
        r => `Endpoint=sb://events-${r.chars("lowerAlnum", 6)}.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${r.base64Bytes(32)};EntityPath=orders`],
    ["azure-signalr-connection-string", "Azure", "Azure access key", "AzureSignalRConnectionString",
        r => `Endpoint=https://orders-${r.chars("lowerAlnum", 6)}.service.signalr.net;AccessKey=${r.base64Bytes(32)};Version=1.0;`],
    ["azure-communication-connection-string", "Azure", "Azure access key", "COMMUNICATION_SERVICES_CONNECTION_STRING",
        r => `endpoint=https://orders-${r.chars("lowerAlnum", 6)}.communication.azure.com/;accesskey=${r.base64Bytes(64)}`],
    ["azure-sas-url", "Azure", "SAS token", "WEBSITE_RUN_FROM_PACKAGE",
        r => `https://orders${r.chars("lowerAlnum", 6)}.blob.core.windows.net/releases/app.zip?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig=${encodeURIComponent(r.base64Bytes(32))}`],
    ["azure-redis-connection-string", "Azure", "password in a connection string", "REDIS_CONNECTION_STRING",
        r => `orders-${r.chars("lowerAlnum", 6)}.redis.cache.windows.net:6380,password=${r.base64Bytes(32)},ssl=True,abortConnect=False`],
    ["azure-ad-client-secret", "Azure", "Azure AD client secret", "AZURE_CLIENT_SECRET", r => `${r.chars("aad", 3)}${r.pick(["7", "8"])}Q~${r.chars("aad", 34)}`],
    ["azure-functions-key-url", "Azure", "Azure Functions key in a URL", "ORDERS_FUNCTION_URL",
        r => `https://orders-${r.chars("lowerAlnum", 6)}.azurewebsites.net/api/orders?code=${r.chars("urlsafe", 54)}==`],
    ["azure-storage-key", "Azure", undefined, "AZURE_STORAGE_KEY", r => r.base64Bytes(64)],
    ["azure-cosmos-key", "Azure", undefined, "COSMOS_KEY", r => r.base64Bytes(64)],
    ["azure-devops-pat", "Azure", undefined, "AZURE_DEVOPS_PAT", r => r.chars("base32", 52).toLowerCase()],

    // Google Cloud
    ["google-api-key", "Google Cloud", "Google API key", "GOOGLE_API_KEY", r => `AIza${r.chars("urlsafe", 35)}`],
    ["google-oauth-client-secret", "Google Cloud", "Google OAuth client secret", "GOOGLE_CLIENT_SECRET", r => `GOCSPX-${r.chars("urlsafe", 28)}`],
    ["google-oauth-access-token", "Google Cloud", "Google OAuth token", "GOOGLE_ACCESS_TOKEN", r => `ya29.${r.chars("urlsafe", 150)}`],
    ["google-oauth-refresh-token", "Google Cloud", "Google OAuth token", "GOOGLE_REFRESH_TOKEN", r => `1//0${r.chars("urlsafe", 99)}`],
    ["google-service-account-key", "Google Cloud", "Google Cloud service account key", "GOOGLE_CREDENTIALS", r => serviceAccountJson(r, 2)],
    ["google-service-account-key-base64", "Google Cloud", "Google Cloud service account key", "GOOGLE_CREDENTIALS_B64",
        r => Buffer.from(serviceAccountJson(r, r.pick([undefined, 2]))).toString("base64")],
    ["firebase-server-key", "Google Cloud", "Firebase Cloud Messaging server key", "FCM_SERVER_KEY", r => `AAAA${r.chars("urlsafe", 7)}:APA91b${r.chars("urlsafe", 134)}`],

    // other clouds
    ["digitalocean-pat", "other clouds", "DigitalOcean token", "DIGITALOCEAN_TOKEN", r => `dop_v1_${r.chars("hex", 64)}`],
    ["digitalocean-oauth", "other clouds", "DigitalOcean token", "DO_OAUTH_TOKEN", r => `doo_v1_${r.chars("hex", 64)}`],
    ["heroku-api-key", "other clouds", "Heroku API key", "HEROKU_API_KEY", r => `HRKU-AA${r.chars("urlsafe", 58)}`],
    ["heroku-legacy-api-key", "other clouds", undefined, "HEROKU_API_KEY", uuid],
    ["alibaba-access-key-id", "other clouds", "Alibaba Cloud AccessKey ID", "ALIBABA_CLOUD_ACCESS_KEY_ID", r => `LTAI${r.chars("alnum", 20)}`],
    ["netlify-token", "other clouds", "Netlify token", "NETLIFY_AUTH_TOKEN", r => `nfp_${r.chars("alnum", 36)}`],
    ["supabase-pat", "other clouds", "Supabase key", "SUPABASE_ACCESS_TOKEN", r => `sbp_${r.chars("hex", 40)}`],
    ["supabase-secret-key", "other clouds", "Supabase key", "SUPABASE_SECRET_KEY", r => `sb_secret_${r.chars("urlsafe", 31)}`],
    ["planetscale-token", "other clouds", "PlanetScale token", "PLANETSCALE_SERVICE_TOKEN", r => `pscale_tkn_${r.chars("urlsafe", 43)}`],
    ["planetscale-password", "other clouds", "PlanetScale token", "DATABASE_PASSWORD", r => `pscale_pw_${r.chars("urlsafe", 43)}`],
    ["cloudflare-api-token", "other clouds", undefined, "CLOUDFLARE_API_TOKEN", r => r.chars("urlsafe", 40)],
    ["vercel-token", "other clouds", undefined, "VERCEL_TOKEN", r => r.chars("alnum", 24)],

    // source control and CI
    ["github-classic-pat", "source control and CI", "GitHub token", "GITHUB_TOKEN", r => `ghp_${r.chars("alnum", 36)}`],
    ["github-fine-grained-pat", "source control and CI", "GitHub token", "GH_PAT", r => `github_pat_${r.chars("alnum", 22)}_${r.chars("alnum", 59)}`],
    ["github-oauth-token", "source control and CI", "GitHub token", "GITHUB_OAUTH_TOKEN", r => `gho_${r.chars("alnum", 36)}`],
    ["github-app-installation-token", "source control and CI", "GitHub token", "GITHUB_APP_TOKEN", r => `ghs_${r.chars("alnum", 36)}`],
    ["gitlab-pat", "source control and CI", "GitLab token", "GITLAB_TOKEN", r => `glpat-${r.chars("urlsafe", 20)}`],
    ["gitlab-deploy-token", "source control and CI", "GitLab token", "GITLAB_DEPLOY_TOKEN", r => `gldt-${r.chars("urlsafe", 20)}`],
    ["gitlab-runner-token", "source control and CI", "GitLab token", "CI_RUNNER_TOKEN", r => `glrt-${r.chars("urlsafe", 20)}`],
    ["gitlab-trigger-token", "source control and CI", "GitLab token", "GITLAB_TRIGGER_TOKEN", r => `glptt-${r.chars("hex", 40)}`],
    ["gitlab-oauth-secret", "source control and CI", "GitLab token", "GITLAB_APP_SECRET", r => `gloas-${r.chars("hex", 64)}`],
    ["gitlab-runner-registration", "source control and CI", "GitLab token", "RUNNER_REGISTRATION_TOKEN", r => `GR1348941${r.chars("urlsafe", 20)}`],
    ["npm-token", "source control and CI", "npm token", "NPM_TOKEN", r => `npm_${r.chars("alnum", 36)}`],
    ["pypi-token", "source control and CI", "PyPI token", "PYPI_API_TOKEN", r => `pypi-AgEIcHlwaS5vcmc${r.chars("urlsafe", 130)}`],
    ["dockerhub-pat", "source control and CI", "Docker Hub token", "DOCKERHUB_TOKEN", r => `dckr_pat_${r.chars("urlsafe", 27)}`],
    ["bitbucket-app-password", "source control and CI", "Bitbucket app password", "BITBUCKET_APP_PASSWORD", r => `ATBB${r.chars("alnum", 32)}`],
    ["circleci-token", "source control and CI", "CircleCI token", "CIRCLECI_TOKEN", r => `CCIPAT_${r.chars("alnum", 22)}_${r.chars("hex", 40)}`],
    ["sonarqube-token", "source control and CI", "SonarQube token", "SONAR_TOKEN", r => `sq${r.pick(["p", "a", "u"])}_${r.chars("hex", 40)}`],
    ["postman-api-key", "source control and CI", "Postman API key", "POSTMAN_API_KEY", r => `PMAK-${r.chars("hex", 24)}-${r.chars("hex", 34)}`],

    // secrets and infrastructure tools
    ["vault-service-token", "secrets and infrastructure tools", "HashiCorp Vault token", "VAULT_TOKEN", r => `hvs.${r.chars("urlsafe", 90)}`],
    ["vault-batch-token", "secrets and infrastructure tools", "HashiCorp Vault token", "VAULT_TOKEN", r => `hvb.${r.chars("urlsafe", 138)}`],
    ["vault-legacy-token", "secrets and infrastructure tools", undefined, "VAULT_TOKEN", r => `s.${r.chars("alnum", 24)}`],
    ["terraform-cloud-token", "secrets and infrastructure tools", "HCP Terraform token", "TFE_TOKEN", r => `${r.chars("alnum", 14)}.atlasv1.${r.chars("urlsafe", 67)}`],
    ["pulumi-access-token", "secrets and infrastructure tools", "Pulumi access token", "PULUMI_ACCESS_TOKEN", r => `pul-${r.chars("hex", 40)}`],
    ["doppler-service-token", "secrets and infrastructure tools", "Doppler token", "DOPPLER_TOKEN", r => `dp.st.prd.${r.chars("alnum", 43)}`],
    ["doppler-personal-token", "secrets and infrastructure tools", "Doppler token", "DOPPLER_TOKEN", r => `dp.pt.${r.chars("alnum", 43)}`],
    ["onepassword-service-account", "secrets and infrastructure tools", "1Password service account token", "OP_SERVICE_ACCOUNT_TOKEN",
        r => `ops_${base64url(JSON.stringify({ signInAddress: "my.1password.com", userAuth: { method: "SRPg-4096", alg: "PBES2g-HS256", iterations: 650000, salt: r.chars("urlsafe", 22) }, email: `${r.chars("lower", 13)}@1passwordserviceaccounts.com`, srpX: r.chars("hex", 64), muk: { alg: "A256GCM", ext: true, k: r.chars("urlsafe", 43), key_ops: ["encrypt", "decrypt"], kty: "oct", kid: "mp" }, secretKey: `A3-${r.chars("upperAlnum", 6)}-${r.chars("upperAlnum", 11)}`, throttleSecret: { seed: r.chars("hex", 64), uuid: r.chars("upperAlnum", 26) }, deviceUuid: r.chars("lowerAlnum", 26) }))}`],
    ["databricks-token", "secrets and infrastructure tools", "Databricks token", "DATABRICKS_TOKEN", r => `dapi${r.chars("hex", 32)}${r.pick(["", "-2"])}`],
    ["age-secret-key", "secrets and infrastructure tools", "age secret key", "SOPS_AGE_KEY", r => `AGE-SECRET-KEY-1${r.chars("bech32", 58)}`],

    // payments
    ["stripe-secret-key", "payments", "Stripe secret key", "STRIPE_SECRET_KEY", r => `sk_live_${r.chars("alnum", 99)}`],
    ["stripe-restricted-key", "payments", "Stripe secret key", "STRIPE_API_KEY", r => `rk_live_${r.chars("alnum", 99)}`],
    ["stripe-webhook-secret", "payments", "Stripe webhook secret", "STRIPE_WEBHOOK_SECRET", r => `whsec_${r.chars("alnum", 32)}`],
    ["square-access-token", "payments", "Square token", "SQUARE_ACCESS_TOKEN", r => `EAAA${r.chars("urlsafe", 60)}`],
    ["square-oauth-secret", "payments", "Square token", "SQUARE_APPLICATION_SECRET", r => `sq0csp-${r.chars("urlsafe", 43)}`],
    ["braintree-access-token", "payments", "PayPal Braintree access token", "BRAINTREE_ACCESS_TOKEN",
        r => `access_token$production$${r.chars("lowerAlnum", 16)}$${r.chars("hex", 32)}`],
    ["shopify-admin-token", "payments", "Shopify token", "SHOPIFY_ACCESS_TOKEN", r => `shpat_${r.chars("hex", 32)}`],
    ["shopify-shared-secret", "payments", "Shopify token", "SHOPIFY_API_SECRET", r => `shpss_${r.chars("hex", 32)}`],
    ["plaid-secret", "payments", undefined, "PLAID_SECRET", r => r.chars("hex", 30)],

    // messaging and email
    ["slack-bot-token", "messaging and email", "Slack token", "SLACK_BOT_TOKEN", r => `xoxb-${r.chars("digits", 11)}-${r.chars("digits", 13)}-${r.chars("alnum", 24)}`],
    ["slack-user-token", "messaging and email", "Slack token", "SLACK_USER_TOKEN", r => `xoxp-${r.chars("digits", 11)}-${r.chars("digits", 11)}-${r.chars("digits", 13)}-${r.chars("hex", 32)}`],
    ["slack-app-token", "messaging and email", "Slack token", "SLACK_APP_TOKEN", r => `xapp-1-A${r.chars("upperAlnum", 10)}-${r.chars("digits", 13)}-${r.chars("hex", 64)}`],
    ["slack-webhook", "messaging and email", "Slack webhook URL", "SLACK_WEBHOOK_URL",
        r => `https://hooks.slack.com/services/T${r.chars("upperAlnum", 8)}/B${r.chars("upperAlnum", 10)}/${r.chars("alnum", 24)}`],
    ["discord-webhook", "messaging and email", "Discord webhook URL", "DISCORD_WEBHOOK_URL",
        r => `https://${r.pick(["discord.com", "discordapp.com"])}/api/webhooks/${r.chars("digits", 19)}/${r.chars("urlsafe", 68)}`],
    ["discord-bot-token", "messaging and email", "Discord bot token", "DISCORD_BOT_TOKEN",
        r => `${Buffer.from(`1${r.chars("digits", 17)}`).toString("base64").replace(/=+$/, "")}.${r.chars("urlsafe", 6)}.${r.chars("urlsafe", 38)}`],
    ["teams-webhook", "messaging and email", "Microsoft Teams webhook URL", "TEAMS_WEBHOOK_URL",
        r => `https://contoso.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.chars("hex", 32)}/${r.uuid()}${r.pick(["", `/V2${r.chars("urlsafe", 43)}`])}`],
    ["telegram-bot-token", "messaging and email", "Telegram bot token", "TELEGRAM_BOT_TOKEN", r => `${r.int(100000000, 9999999999)}:AA${r.chars("urlsafe", 33)}`],
    ["twilio-api-key", "messaging and email", "Twilio API key", "TWILIO_API_KEY", r => `SK${r.chars("hex", 32)}`],
    ["twilio-auth-token", "messaging and email", undefined, "TWILIO_AUTH_TOKEN", r => r.chars("hex", 32)],
    ["sendgrid-api-key", "messaging and email", "SendGrid API key", "SENDGRID_API_KEY", r => `SG.${r.chars("urlsafe", 22)}.${r.chars("urlsafe", 43)}`],
    ["mailgun-api-key", "messaging and email", "Mailgun API key", "MAILGUN_API_KEY", r => `key-${r.chars("hex", 32)}`],
    ["mailgun-private-key", "messaging and email", "Mailgun API key", "MAILGUN_API_KEY", r => `${r.chars("hex", 32)}-${r.chars("hex", 8)}-${r.chars("hex", 8)}`],
    ["mailchimp-api-key", "messaging and email", "Mailchimp API key", "MAILCHIMP_API_KEY", r => `${r.chars("hex", 32)}-us${r.int(1, 21)}`],
    ["brevo-api-key", "messaging and email", "Brevo API key", "BREVO_API_KEY", r => `xkeysib-${r.chars("hex", 64)}-${r.chars("alnum", 16)}`],
    ["meta-access-token", "messaging and email", "Meta access token", "WHATSAPP_ACCESS_TOKEN", r => `EAA${r.chars("letters", 1)}${r.chars("alnum", 180)}`],
    ["twitter-bearer-token", "messaging and email", "Twitter bearer token", "TWITTER_BEARER_TOKEN",
        r => `${"A".repeat(22)}${r.chars("alnum", 30)}%2B${r.chars("alnum", 20)}%3D${r.chars("alnum", 50)}`],
    ["postmark-token", "messaging and email", undefined, "POSTMARK_SERVER_TOKEN", uuid],

    // observability
    ["newrelic-user-key", "observability", "New Relic key", "NEW_RELIC_API_KEY", r => `NRAK-${r.chars("upperAlnum", 27)}`],
    ["newrelic-license-key", "observability", "New Relic key", "NEW_RELIC_LICENSE_KEY", r => `${r.chars("hex", 36)}NRAL`],
    ["newrelic-insert-key", "observability", "New Relic key", "NEW_RELIC_INSERT_KEY", r => `NRII-${r.chars("urlsafe", 32)}`],
    ["sentry-user-token", "observability", "Sentry token", "SENTRY_AUTH_TOKEN", r => `sntryu_${r.chars("hex", 64)}`],
    ["sentry-org-token", "observability", "Sentry token", "SENTRY_AUTH_TOKEN",
        r => `sntrys_${base64url(JSON.stringify({ iat: r.int(1700000000, 1800000000), url: "https://sentry.io", region_url: "https://us.sentry.io", org: "orders" }))}_${r.chars("urlsafe", 43)}`],
    ["grafana-service-account", "observability", "Grafana token", "GRAFANA_TOKEN", r => `glsa_${r.chars("alnum", 32)}_${r.chars("hex", 8)}`],
    ["grafana-cloud-token", "observability", "Grafana token", "GRAFANA_CLOUD_API_KEY",
        r => `glc_${base64url(JSON.stringify({ o: r.chars("digits", 6), n: "orders", k: r.chars("alnum", 24), m: { r: "prod-eu-west-2" } }))}`],
    ["dynatrace-token", "observability", "Dynatrace token", "DT_API_TOKEN", r => `dt0c01.${r.chars("upperAlnum", 24)}.${r.chars("upperAlnum", 64)}`],
    ["datadog-api-key", "observability", undefined, "DD_API_KEY", r => r.chars("hex", 32)],
    ["datadog-app-key", "observability", undefined, "DD_APP_KEY", r => r.chars("hex", 40)],
    ["pagerduty-token", "observability", undefined, "PAGERDUTY_TOKEN", r => r.chars("urlsafe", 20)],
    ["splunk-hec-token", "observability", undefined, "SPLUNK_HEC_TOKEN", uuid],

    // SaaS
    ["atlassian-api-token", "SaaS", "Atlassian API token", "JIRA_API_TOKEN", r => `ATATT3xFfGF0${r.chars("urlsafe", 170)}=${r.chars("HEX", 8)}`],
    ["linear-api-key", "SaaS", "Linear API key", "LINEAR_API_KEY", r => `lin_api_${r.chars("alnum", 40)}`],
    ["notion-token", "SaaS", "Notion token", "NOTION_TOKEN", r => `ntn_${r.chars("digits", 11)}${r.chars("alnum", 35)}`],
    ["notion-legacy-secret", "SaaS", "Notion token", "NOTION_API_KEY", r => `secret_${r.chars("alnum", 43)}`],
    ["figma-token", "SaaS", "Figma token", "FIGMA_TOKEN", r => `figd_${r.chars("urlsafe", 40)}`],
    ["airtable-pat", "SaaS", "Airtable token", "AIRTABLE_API_KEY", r => `pat${r.chars("alnum", 14)}.${r.chars("hex", 64)}`],
    ["mapbox-secret-token", "SaaS", "Mapbox secret token", "MAPBOX_SECRET_TOKEN",
        r => `sk.${base64url(JSON.stringify({ u: r.chars("lower", 8), a: r.chars("lowerAlnum", 25) }))}.${r.chars("urlsafe", 22)}`],
    ["posthog-personal-key", "SaaS", "PostHog personal API key", "POSTHOG_PERSONAL_API_KEY", r => `phx_${r.chars("alnum", 43)}`],
    ["launchdarkly-sdk-key", "SaaS", "LaunchDarkly SDK key", "LAUNCHDARKLY_SDK_KEY", r => `sdk-${r.uuid()}`],
    ["algolia-admin-key", "SaaS", undefined, "ALGOLIA_ADMIN_KEY", r => r.chars("hex", 32)],
    ["auth0-client-secret", "SaaS", undefined, "AUTH0_CLIENT_SECRET", r => r.chars("urlsafe", 64)],
    ["okta-api-token", "SaaS", undefined, "OKTA_API_TOKEN", r => `00${r.chars("urlsafe", 40)}`],

    // keys and tokens
    ["rsa-private-key", "keys and tokens", "private key", "PRIVATE_KEY", r => pem(r, "RSA PRIVATE KEY")],
    ["pkcs8-private-key", "keys and tokens", "private key", "JWT_PRIVATE_KEY", r => pem(r, "PRIVATE KEY")],
    ["ec-private-key", "keys and tokens", "private key", "SIGNING_KEY", r => pem(r, "EC PRIVATE KEY")],
    ["openssh-private-key", "keys and tokens", "private key", "SSH_PRIVATE_KEY", r => pem(r, "OPENSSH PRIVATE KEY")],
    ["pgp-private-key", "keys and tokens", "private key", "PGP_PRIVATE_KEY", r => pem(r, "PGP PRIVATE KEY BLOCK")],
    ["private-key-base64", "keys and tokens", "private key", "PRIVATE_KEY_BASE64", r => Buffer.from(pem(r, "PRIVATE KEY")).toString("base64")],
    ["putty-private-key", "keys and tokens", "private key", "DEPLOY_PRIVATE_KEY",
        r => `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${r.chars("base64", 64)}\n${r.chars("base64", 4)}\nPrivate-Lines: 1\n${r.chars("base64", 44)}\nPrivate-MAC: ${r.chars("hex", 64)}\n`],
    ["jwt", "keys and tokens", "JSON Web Token", "SERVICE_TOKEN", r => jwt(r, { sub: r.uuid(), iss: "https://auth.example.com", iat: r.int(1700000000, 1800000000) })],
    ["supabase-service-role-key", "keys and tokens", "JSON Web Token", "SUPABASE_SERVICE_ROLE_KEY", r => jwt(r, { iss: "supabase", ref: r.chars("lower", 20), role: "service_role" })],

    // URLs and connection strings
    ["postgres-url", "URLs and connection strings", "password in a URL", "DATABASE_URL", r => `postgres://orders:${r.chars("alnum", 24)}@orders-db.internal:5432/orders`],
    ["mysql-url", "URLs and connection strings", "password in a URL", "MYSQL_URL", r => `mysql://app:${r.chars("alnum", 20)}@10.0.3.7:3306/shop`],
    ["mongodb-url", "URLs and connection strings", "password in a URL", "MONGODB_URI", r => `mongodb+srv://orders:${r.chars("alnum", 24)}@cluster0.${r.chars("lowerAlnum", 5)}.mongodb.net/orders?retryWrites=true&w=majority`],
    ["redis-url", "URLs and connection strings", "password in a URL", "REDIS_URL", r => `rediss://default:${r.chars("alnum", 32)}@cache.${r.chars("lowerAlnum", 6)}.upstash.io:6379`],
    ["amqp-url", "URLs and connection strings", "password in a URL", "AMQP_URL", r => `amqps://orders:${r.chars("alnum", 24)}@rabbit.internal:5671/orders`],
    ["basic-auth-url", "URLs and connection strings", "password in a URL", "GIT_REMOTE_URL", r => `https://x-access-token:${r.chars("alnum", 30)}@git.acme.dev/acme/orders.git`],
    ["jdbc-url", "URLs and connection strings", "password in a URL", "JDBC_URL", r => `jdbc:postgresql://db.internal:5432/orders?user=orders&password=${r.chars("alnum", 20)}`],
    ["sql-server-connection-string", "URLs and connection strings", "password in a connection string", "SQL_CONNECTION_STRING",
        r => `Server=tcp:orders-${r.chars("lowerAlnum", 6)}.database.windows.net,1433;Database=orders;User ID=orders;Password=${r.chars("alnum", 20)};Encrypt=true;`],

    // generic secrets, under their names only
    ["db-password", "generic secrets", undefined, "DB_PASSWORD", r => `${r.chars("alnum", 12)}!${r.chars("digits", 2)}`],
    ["django-secret-key", "generic secrets", undefined, "DJANGO_SECRET_KEY", r => `django-insecure-${r.chars("alnum", 50)}`],
    ["laravel-app-key", "generic secrets", undefined, "APP_KEY", r => `base64:${r.base64Bytes(32)}`],
    ["rails-secret-key-base", "generic secrets", undefined, "SECRET_KEY_BASE", r => r.chars("hex", 128)],
    ["session-secret", "generic secrets", undefined, "SESSION_SECRET", r => r.chars("alnum", 48)],
    ["github-webhook-secret", "generic secrets", undefined, "GITHUB_WEBHOOK_SECRET", r => r.chars("hex", 40)],
    ["encryption-key", "generic secrets", undefined, "ENCRYPTION_KEY", r => r.chars("hex", 64)],
    ["hmac-key", "generic secrets", undefined, "WEBHOOK_SIGNING_KEY", r => r.base64Bytes(32)],
];

export const credentialTypes: readonly CredentialType[] = entries.map(([id, family, kind, name, sample]) => ({ id, family, kind, name, sample }));

export const SAMPLES_PER_TYPE = 2;

export interface CredentialSample {
    type: CredentialType;
    value: string;
}

/** Every type's samples, from a fixed seed. */
export function credentialSamples(seed = 20240614): CredentialSample[] {
    const r = new Random(seed);
    return credentialTypes.flatMap(type => Array.from({ length: SAMPLES_PER_TYPE }, () => ({ type, value: type.sample(r) })));
}
