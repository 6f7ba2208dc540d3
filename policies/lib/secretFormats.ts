// What plaintext-secret detection knows, as data: the kinds of credential (each with where it is
// rotated and, when there is one, the way to need no secret at all), the formats that identify
// them, the keys providers publish as public by design, and settings that hold no secret by
// design. Written from the providers' documentation of their credential formats. lib/secrets
// runs them; scripts/secretFormats.js renders them as docs/secret-formats.md.
//
// Every regex is global and linear: bounded quantifiers, and on unanchored patterns a lookbehind
// "not preceded by a character of the token's class", so a long run is tried from its start only.
// A format's hints are literals that every match contains: a value without any of them skips the
// regex (most values contain none); a format without hints always runs. Hints of case-insensitive
// patterns are lower case.

export interface SecretKindInfo {
    /** In messages and docs: a fixed phrase, never built from a value. */
    label: string;
    /** Where the credential is revoked or rotated. */
    rotate: string;
    /** A fix that needs no secret at all, better than storing this one. */
    instead?: string;
}

const kind = (label: string, rotate: string, instead?: string): SecretKindInfo => ({ label, rotate, instead });

export const KINDS = {
    gcpServiceAccountKey: kind("Google Cloud service account key", "IAM > Service accounts > Keys (delete the key)",
        "run the workload as that service account (or use workload identity federation from another cloud) instead of a key"),
    privateKey: kind("private key", "the systems that trust its public key (replace the key pair)"),
    awsSessionToken: kind("AWS session token", "IAM (revoke the role's active sessions)",
        "let the function use its own execution role or identity; from another cloud, federate (sts:AssumeRoleWithWebIdentity)"),
    awsAccessKeyId: kind("AWS access key ID", "IAM (deactivate and delete the access key)",
        "let the function use its own execution role or identity; from another cloud, federate (sts:AssumeRoleWithWebIdentity) instead of a key pair"),
    awsSecretAccessKey: kind("AWS secret access key", "IAM (deactivate and delete the access key)",
        "let the function use its own execution role or identity; from another cloud, federate (sts:AssumeRoleWithWebIdentity) instead of a key pair"),
    github: kind("GitHub token", "GitHub (Settings > Developer settings, or the GitHub App's settings)",
        "use a GitHub App installation token minted at run time, which expires within an hour"),
    gitlab: kind("GitLab token", "GitLab (the token's settings page: revoke or rotate)"),
    npm: kind("npm token", "npm (Access Tokens)"),
    pypi: kind("PyPI token", "PyPI (Account settings > API tokens)", "publish with a trusted publisher (OIDC) instead of a token"),
    dockerHub: kind("Docker Hub token", "Docker Hub (Account settings > Personal access tokens)"),
    bitbucket: kind("Bitbucket app password", "Bitbucket (Personal settings > App passwords)"),
    atlassian: kind("Atlassian API token", "Atlassian account settings (Security > API tokens)"),
    circleci: kind("CircleCI token", "CircleCI (User settings > Personal API tokens)"),
    sonar: kind("SonarQube token", "SonarQube or SonarCloud (My account > Security)"),
    postman: kind("Postman API key", "Postman (Settings > API keys)"),
    vault: kind("HashiCorp Vault token", "Vault (vault token revoke)", "authenticate to Vault with the workload's cloud identity (AWS, Azure or GCP auth method)"),
    terraformCloud: kind("HCP Terraform token", "HCP Terraform (User or team settings > Tokens)"),
    pulumi: kind("Pulumi access token", "Pulumi Cloud (Personal access tokens)", "use Pulumi Cloud OIDC (short-lived tokens) instead"),
    doppler: kind("Doppler token", "Doppler (Access > tokens)"),
    onePassword: kind("1Password service account token", "1Password (Developer > Service accounts)"),
    databricks: kind("Databricks token", "Databricks (User settings > Access tokens)", "use OAuth machine-to-machine credentials or the cloud identity"),
    age: kind("age secret key", "the files encrypted to it (re-encrypt them to a new key)"),
    openai: kind("OpenAI API key", "the OpenAI platform (API keys)"),
    anthropic: kind("Anthropic API key", "the Anthropic Console (API keys)"),
    huggingFace: kind("Hugging Face token", "Hugging Face (Settings > Access Tokens)"),
    groq: kind("Groq API key", "the Groq console (API keys)"),
    replicate: kind("Replicate API token", "Replicate (Account > API tokens)"),
    perplexity: kind("Perplexity API key", "Perplexity (Settings > API)"),
    xai: kind("xAI API key", "the xAI console (API keys)"),
    openRouter: kind("OpenRouter API key", "OpenRouter (Keys)"),
    pinecone: kind("Pinecone API key", "the Pinecone console (API keys)"),
    langSmith: kind("LangSmith API key", "LangSmith (Settings > API keys)"),
    azureAccountKey: kind("Azure account key", "the storage or Cosmos DB account (Access keys > Rotate key)",
        "use an identity-based connection (<connection>__accountName or __serviceUri / __accountEndpoint) with a data role for the app's managed identity"),
    azureSharedAccessKey: kind("Azure shared access key", "the Service Bus, Event Hubs or IoT Hub policy (regenerate the key)",
        "use an identity-based connection (<connection>__fullyQualifiedNamespace) with a data role for the app's managed identity"),
    azureAccessKey: kind("Azure access key", "the SignalR, Web PubSub or Communication Services resource (Keys > Regenerate)",
        "use an identity-based connection with the app's managed identity"),
    sas: kind("SAS token", "the storage account (rotate the key that signed it, or revoke its stored access policy)",
        "grant the app's managed identity a Storage Blob Data role and use the URL without a SAS"),
    azureAdClientSecret: kind("Azure AD client secret", "Entra ID (App registrations > Certificates & secrets)",
        "use the app's managed identity, or a federated credential, instead of a client secret"),
    azureFunctionKey: kind("Azure Functions key in a URL", "the function app (App keys or Function keys > Renew)",
        "call the function with Entra ID authentication (App Service authentication with the caller's managed identity)"),
    googleApiKey: kind("Google API key", "Google Cloud console (APIs & Services > Credentials)"),
    googleOAuthClientSecret: kind("Google OAuth client secret", "Google Cloud console (APIs & Services > Credentials > the OAuth client)"),
    googleOAuthToken: kind("Google OAuth token", "the Google account's third-party access, or the OAuth client (revoke)"),
    fcmServerKey: kind("Firebase Cloud Messaging server key", "the Firebase console (Cloud Messaging)", "use the FCM HTTP v1 API with the workload's service account"),
    digitalOcean: kind("DigitalOcean token", "DigitalOcean (API > Tokens)"),
    heroku: kind("Heroku API key", "Heroku (Account settings > API key, or heroku authorizations:revoke)"),
    alibaba: kind("Alibaba Cloud AccessKey ID", "RAM (disable and delete the AccessKey pair)", "use a RAM role for the function instead of an AccessKey pair"),
    netlify: kind("Netlify token", "Netlify (User settings > Applications > Personal access tokens)"),
    supabase: kind("Supabase key", "Supabase (Project settings > API keys, or Account > Access tokens)"),
    planetScale: kind("PlanetScale token", "PlanetScale (the database's passwords, or the organization's service tokens)"),
    stripe: kind("Stripe secret key", "the Stripe Dashboard (Developers > API keys: roll the key)"),
    stripeWebhook: kind("Stripe webhook secret", "the Stripe Dashboard (Developers > Webhooks > the endpoint: roll the secret)"),
    square: kind("Square token", "the Square Developer Console (the application's credentials)"),
    braintree: kind("PayPal Braintree access token", "PayPal (the app's credentials)"),
    shopify: kind("Shopify token", "the Shopify admin or Partner dashboard (the app's API credentials)"),
    slackWebhook: kind("Slack webhook URL", "the Slack app's settings (Incoming Webhooks: remove the URL and add a new one)"),
    slack: kind("Slack token", "the Slack app's settings (OAuth & Permissions: revoke or rotate tokens)"),
    discordWebhook: kind("Discord webhook URL", "the Discord channel's settings (Integrations > Webhooks: delete and recreate)"),
    discordBot: kind("Discord bot token", "the Discord Developer Portal (Bot > Reset Token)"),
    teamsWebhook: kind("Microsoft Teams webhook URL", "the Teams channel's connectors or workflows (remove it and create a new one)"),
    telegram: kind("Telegram bot token", "BotFather (/revoke)"),
    twilio: kind("Twilio API key", "the Twilio console (API keys & tokens)"),
    sendGrid: kind("SendGrid API key", "SendGrid (Settings > API Keys)"),
    mailgun: kind("Mailgun API key", "Mailgun (API Security)"),
    mailchimp: kind("Mailchimp API key", "Mailchimp (Account > Extras > API keys)"),
    brevo: kind("Brevo API key", "Brevo (SMTP & API > API keys)"),
    meta: kind("Meta access token", "Meta for Developers (the app's settings, or Business settings > System users)"),
    twitter: kind("Twitter bearer token", "the X developer portal (the app's Keys and tokens: regenerate)"),
    newRelic: kind("New Relic key", "New Relic (API keys)"),
    sentry: kind("Sentry token", "Sentry (Settings > Auth Tokens, or the organization's tokens)"),
    grafana: kind("Grafana token", "Grafana (Service accounts, or Grafana Cloud access policies)"),
    dynatrace: kind("Dynatrace token", "Dynatrace (Access tokens)"),
    linear: kind("Linear API key", "Linear (Settings > API)"),
    notion: kind("Notion token", "Notion (Settings > Connections > the integration)"),
    figma: kind("Figma token", "Figma (Settings > Security > Personal access tokens)"),
    airtable: kind("Airtable token", "Airtable (Developer hub > Personal access tokens)"),
    mapbox: kind("Mapbox secret token", "Mapbox (Account > Tokens)"),
    postHog: kind("PostHog personal API key", "PostHog (Settings > Personal API keys)"),
    launchDarkly: kind("LaunchDarkly SDK key", "LaunchDarkly (the environment's SDK key: reset)"),
    jwt: kind("JSON Web Token", "its issuer (revoke it, or rotate the signing key)"),
    urlPassword: kind("password in a URL", "the service the URL logs in to (change the password)"),
    connectionStringPassword: kind("password in a connection string", "the database or service (change the password)",
        "use identity-based authentication where the service offers it (for example Entra ID with the app's managed identity)"),
    namedSecret: kind("secret-looking name with a literal value", "the system that issued it"),
} as const satisfies Record<string, SecretKindInfo>;

export type KindId = keyof typeof KINDS;

/** Where a format applies: in settings, in function code, or in both. */
export type Scope = "settings" | "code" | "both";

export interface Format {
    kind: KindId;
    /** Literals that every match contains (lower case for `i` patterns); none: the pattern always runs. */
    hints: readonly string[];
    /** Global; group 1, when there is one, is the credential itself. */
    pattern: RegExp;
    scope: Scope;
    /** What a match must pass in settings (on its credential, or on the whole text). */
    check?: CheckName;
    /** What a match must pass in code, where surrounding syntax must not pass for a credential (default: `check`). */
    codeCheck?: CheckName;
    /** For the docs: what the format is. */
    about: string;
}

/** Checks that lib/secrets runs on a match: */
export type CheckName =
    | "literal" // the credential is not empty, a placeholder or a reference
    | "codeLiteral" // the same, and no code syntax in it (quotes, ${...}, operators)
    | "literalNotExample" // literal, and the host (group 2) is not a reserved example name (example.com, *.test...)
    | "codeLiteralNotExample" // codeLiteral, and the same
    | "base64Key" // the credential is a base64 (or URL-encoded base64) key of 20 characters or more
    | "mixed" // the match has lower case, upper case and digits
    | "privateKeyInText" // the text also holds a PEM private key
    | "urlEncoded"; // the match holds a URL-encoded character (%XX)

const both = "both";

/** The formats, most specific first: the first that matches names the kind. */
export const FORMATS: readonly Format[] = [
    // keys
    { kind: "gcpServiceAccountKey", hints: ["service_account"], scope: both, about: "JSON key file of a service account (with its private key)",
        pattern: /"type\\?"\s{0,10}:\s{0,10}\\?"service_account\\?"/g, check: "privateKeyInText" },
    { kind: "privateKey", hints: ["PRIVATE KEY"], scope: both, about: "PEM private key (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP)",
        pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g },
    { kind: "privateKey", hints: ["PuTTY-User-Key-File-"], scope: both, about: "PuTTY private key file",
        pattern: /PuTTY-User-Key-File-\d{1,2}: (?:ssh|ecdsa)-[a-z0-9-]{2,40}/g },
    { kind: "age", hints: ["AGE-SECRET-KEY-1"], scope: both, about: "AGE-SECRET-KEY-1 + 58 bech32 characters",
        pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/g },

    // AWS: the session token first, whose base64 may hold anything
    { kind: "awsSessionToken", hints: ["IQoJb3JpZ2lu", "FwoGZXIvYXdz"], scope: both, about: "temporary session token (IQoJb3JpZ2lu... or FwoGZXIvYXdz...)",
        pattern: /(?<![A-Za-z0-9+/])(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9+/]{100,4000}/g },
    { kind: "awsSecretAccessKey", hints: ["secret"], scope: both, about: "40 characters after aws_secret_access_key = (credentials file, shell)",
        pattern: /aws_?secret_?access_?key["']?\s{0,5}[=:]\s{0,5}["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi },
    { kind: "awsAccessKeyId", hints: ["AKIA", "ASIA", "ABIA", "ACCA"], scope: both, about: "access key ID: AKIA, ASIA, ABIA or ACCA + 16 characters",
        pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g },
    // source control and CI
    { kind: "github", hints: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], scope: both, about: "ghp_, gho_, ghu_, ghs_, ghr_ + 36 or more; github_pat_ (fine-grained)",
        pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,247})/g },
    { kind: "gitlab", hints: ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glft-", "glimt-", "glagent-", "gloas-", "glsoat-", "glffct-", "GR1348941"], scope: both,
        about: "glpat- (personal, project, group), gldt- (deploy), glrt- (runner), glptt- (trigger), glcbt- (job), glft- (feed), glimt- (incoming mail), glagent- (agent), gloas- (OAuth secret), glsoat- (SCIM), glffct- (feature flags); GR1348941 (runner registration)",
        pattern: /(?<![A-Za-z0-9_-])(?:gl(?:pat|dt|rt|ptt|cbt|ft|imt|agent|oas|soat|ffct)-[A-Za-z0-9_.-]{20,300}|GR1348941[A-Za-z0-9_-]{20,64})/g },
    { kind: "npm", hints: ["npm_"], scope: both, about: "npm_ + 36", pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
    { kind: "pypi", hints: ["pypi-AgE"], scope: both, about: "pypi-AgE... (macaroon, pypi.org and test.pypi.org)",
        pattern: /(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{50,1000}/g },
    { kind: "dockerHub", hints: ["dckr_"], scope: both, about: "dckr_pat_ (personal), dckr_oat_ (organization)",
        pattern: /(?<![A-Za-z0-9_])dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,100}/g },
    { kind: "bitbucket", hints: ["ATBB"], scope: both, about: "ATBB + 32", pattern: /(?<![A-Za-z0-9])ATBB[A-Za-z0-9]{32}(?![A-Za-z0-9])/g },
    { kind: "atlassian", hints: ["ATATT3"], scope: both, about: "ATATT3 + about 180 characters", pattern: /(?<![A-Za-z0-9_=-])ATATT3[A-Za-z0-9_=-]{100,300}/g },
    { kind: "circleci", hints: ["CCIPAT_"], scope: both, about: "CCIPAT_ + id + _ + 40 hex",
        pattern: /(?<![A-Za-z0-9_])CCIPAT_[A-Za-z0-9]{20,30}_[a-f0-9]{40}/g },
    { kind: "sonar", hints: ["sqp_", "sqa_", "squ_"], scope: both, about: "sqp_, sqa_, squ_ + 40 hex", pattern: /(?<![A-Za-z0-9_])sq[pau]_[a-f0-9]{40}(?![A-Za-z0-9])/g },
    { kind: "postman", hints: ["PMAK-"], scope: both, about: "PMAK- + 24 hex + - + 34 hex",
        pattern: /(?<![A-Za-z0-9])PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}(?![A-Za-z0-9])/g },

    // secrets and infrastructure tools
    { kind: "vault", hints: ["hvs.", "hvb.", "hvr."], scope: both, about: "hvs. (service), hvb. (batch), hvr. (recovery)",
        pattern: /(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{24,400}/g },
    { kind: "terraformCloud", hints: [".atlasv1."], scope: both, about: "14 characters + .atlasv1. + 60 or more",
        pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,90}/g },
    { kind: "pulumi", hints: ["pul-"], scope: both, about: "pul- + 40 hex", pattern: /(?<![A-Za-z0-9_-])pul-[a-f0-9]{40}(?![A-Za-z0-9])/g },
    { kind: "doppler", hints: ["dp."], scope: both, about: "dp.pt., dp.st. (optionally with the environment), dp.sa., dp.ct., dp.scim., dp.audit.",
        pattern: /(?<![A-Za-z0-9_.-])dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,64}\.)?[A-Za-z0-9]{40,44}(?![A-Za-z0-9])/g },
    { kind: "onePassword", hints: ["ops_eyJ"], scope: both, about: "ops_ + base64 JSON", pattern: /(?<![A-Za-z0-9_])ops_eyJ[A-Za-z0-9+/=_-]{50,5000}/g },
    { kind: "databricks", hints: ["dapi"], scope: both, about: "dapi + 32 hex", pattern: /(?<![A-Za-z0-9_])dapi[a-f0-9]{32}(?:-\d)?(?![A-Za-z0-9])/g },

    // AI
    { kind: "anthropic", hints: ["sk-ant-"], scope: both, about: "sk-ant-api03-, sk-ant-admin01- and later versions",
        pattern: /(?<![A-Za-z0-9_-])sk-ant-[a-z]{2,10}\d{2}-[A-Za-z0-9_-]{32,300}/g },
    { kind: "openRouter", hints: ["sk-or-v1-"], scope: both, about: "sk-or-v1- + 64 hex", pattern: /(?<![A-Za-z0-9_-])sk-or-v1-[a-f0-9]{64}(?![A-Za-z0-9])/g },
    { kind: "openai", hints: ["sk-"], scope: both, about: "sk-proj-, sk-svcacct-, sk-admin-; older sk- keys (20 + T3BlbkFJ + 20)",
        pattern: /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,400}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9]))/g },
    { kind: "huggingFace", hints: ["hf_", "api_org_"], scope: both, about: "hf_ (user), api_org_ (organization) + 34 letters",
        pattern: /(?<![A-Za-z0-9_])(?:hf|api_org)_[A-Za-z]{34}(?![A-Za-z0-9_])/g },
    { kind: "groq", hints: ["gsk_"], scope: both, about: "gsk_ + 52", pattern: /(?<![A-Za-z0-9_])gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])/g },
    { kind: "replicate", hints: ["r8_"], scope: both, about: "r8_ + 37", pattern: /(?<![A-Za-z0-9_])r8_[A-Za-z0-9]{37}(?![A-Za-z0-9])/g },
    { kind: "perplexity", hints: ["pplx-"], scope: both, about: "pplx- + 48", pattern: /(?<![A-Za-z0-9_-])pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])/g },
    { kind: "xai", hints: ["xai-"], scope: both, about: "xai- + 80", pattern: /(?<![A-Za-z0-9_-])xai-[A-Za-z0-9]{80}(?![A-Za-z0-9])/g },
    { kind: "pinecone", hints: ["pcsk_"], scope: both, about: "pcsk_ + id + _ + secret",
        pattern: /(?<![A-Za-z0-9_])pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{40,80}(?![A-Za-z0-9])/g },
    { kind: "langSmith", hints: ["lsv2_"], scope: both, about: "lsv2_pt_ (personal), lsv2_sk_ (service) + 32 hex + _ + 10 hex",
        pattern: /(?<![A-Za-z0-9_])lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}(?![A-Za-z0-9])/g },

    // Azure (connection strings: the credential is group 1)
    { kind: "azureAccountKey", hints: ["accountkey"], scope: both, about: "AccountKey= in a Storage or Cosmos DB connection string",
        pattern: /(?<![A-Za-z0-9])AccountKey\s{0,5}=\s{0,5}([^;\s]{1,512})/gi, check: "literal", codeCheck: "base64Key" },
    { kind: "azureSharedAccessKey", hints: ["sharedaccesskey"], scope: both, about: "SharedAccessKey= in a Service Bus, Event Hubs or IoT Hub connection string",
        pattern: /(?<![A-Za-z0-9])SharedAccessKey\s{0,5}=\s{0,5}([^;\s]{1,512})/gi, check: "literal", codeCheck: "base64Key" },
    { kind: "azureAccessKey", hints: ["accesskey"], scope: both, about: "AccessKey= in a SignalR, Web PubSub or Communication Services connection string",
        pattern: /(?<![A-Za-z0-9])AccessKey\s{0,5}=\s{0,5}([^;\s]{1,512})/gi, check: "literal", codeCheck: "base64Key" },
    { kind: "sas", hints: ["sig="], scope: both, about: "sig= of a shared access signature",
        pattern: /(?:^|[?&;\s])sig=([^&;\s#"'`]{8,512})/gi, check: "literal", codeCheck: "base64Key" },
    { kind: "azureAdClientSecret", hints: ["Q~"], scope: both, about: "Entra ID client secret: 3 characters + 7Q~ or 8Q~ + 31 to 34",
        pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[78]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g },
    { kind: "azureFunctionKey", hints: [".azurewebsites.net"], scope: both, about: "code= in the URL of a function (<app>.azurewebsites.net/api/...?code=)",
        pattern: /\.azurewebsites\.net\/api\/[^\s?#"'`]{0,256}\?(?:[^\s#&"'`]{0,512}&){0,10}code=([A-Za-z0-9_=%-]{20,200})/gi },

    // Google Cloud
    { kind: "googleApiKey", hints: ["AIza"], scope: both, about: "AIza + 35", pattern: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g },
    { kind: "googleOAuthClientSecret", hints: ["GOCSPX-"], scope: both, about: "GOCSPX- + 28",
        pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g },
    { kind: "googleOAuthToken", hints: ["ya29.", "1//0"], scope: both, about: "ya29. (access token), 1//0 (refresh token)",
        pattern: /(?<![A-Za-z0-9_./-])(?:ya29\.[A-Za-z0-9_-]{30,2000}|1\/\/0[A-Za-z0-9_-]{40,500})/g },
    { kind: "fcmServerKey", hints: [":APA91b"], scope: both, about: "AAAA + 7 + :APA91b + 134 (legacy server key)",
        pattern: /(?<![A-Za-z0-9_-])AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,200}/g },

    // other clouds
    { kind: "digitalOcean", hints: ["_v1_"], scope: both, about: "dop_v1_ (personal), doo_v1_ (OAuth), dor_v1_ (refresh) + 64 hex",
        pattern: /(?<![A-Za-z0-9_])do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9])/g },
    { kind: "heroku", hints: ["HRKU-"], scope: both, about: "HRKU- + 60", pattern: /(?<![A-Za-z0-9_-])HRKU-[A-Za-z0-9_-]{40,80}(?![A-Za-z0-9_-])/g },
    { kind: "alibaba", hints: ["LTAI"], scope: both, about: "LTAI + 12 to 20", pattern: /(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])/g },
    { kind: "netlify", hints: ["nfp_"], scope: both, about: "nfp_ + 36", pattern: /(?<![A-Za-z0-9_])nfp_[A-Za-z0-9]{36,40}(?![A-Za-z0-9])/g },
    { kind: "supabase", hints: ["sbp_", "sb_secret_"], scope: both, about: "sbp_ + 40 hex (access token), sb_secret_ (secret API key)",
        pattern: /(?<![A-Za-z0-9_])(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,80})(?![A-Za-z0-9_-])/g },
    { kind: "planetScale", hints: ["pscale_"], scope: both, about: "pscale_tkn_ (service token), pscale_pw_ (password), pscale_oauth_",
        pattern: /(?<![A-Za-z0-9_])pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{30,80}/g },

    // payments
    { kind: "stripe", hints: ["k_live_", "k_test_"], scope: both, about: "sk_live_, sk_test_ (secret), rk_live_, rk_test_ (restricted)",
        pattern: /(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{10,247}/g },
    { kind: "stripeWebhook", hints: ["whsec_"], scope: both, about: "whsec_ + 32 or more", pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/=]{32,100}/g },
    { kind: "square", hints: ["EAAA", "sq0"], scope: both, about: "EAAA + 60 (access token); sq0atp-, sq0csp- (older token, OAuth secret)",
        pattern: /(?<![A-Za-z0-9_+/=-])(?:EAAA[A-Za-z0-9_-]{60}(?![A-Za-z0-9_+/=-])|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}(?![A-Za-z0-9_-]))/g },
    { kind: "braintree", hints: ["access_token$"], scope: both, about: "access_token$production$ (or $sandbox$) + id + $ + 32 hex",
        pattern: /access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}/g },
    { kind: "shopify", hints: ["shpat_", "shpca_", "shppa_", "shpss_"], scope: both, about: "shpat_, shpca_, shppa_ (access tokens), shpss_ (shared secret) + 32 hex",
        pattern: /(?<![A-Za-z0-9_])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/g },

    // messaging and email
    { kind: "slackWebhook", hints: ["hooks.slack.com/"], scope: both, about: "hooks.slack.com/services|workflows|triggers/...",
        pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Za-z0-9]{4,20}\/[A-Za-z0-9_/-]{10,300}/g },
    { kind: "slack", hints: ["xox", "xapp-"], scope: both, about: "xoxb-, xoxp-, xoxa-, xoxo-, xoxs-, xoxr-, xoxe- (and xoxe.xoxp-), xapp-",
        pattern: /(?<![A-Za-z0-9-])(?:xox[abposre]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})/g },
    { kind: "discordWebhook", hints: ["/api/webhooks/"], scope: both, about: "discord.com/api/webhooks/<id>/<token> (also discordapp.com)",
        pattern: /discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,80}/g },
    { kind: "discordBot", hints: [], scope: both, about: "base64 user id + . + 6 + . + 27 to 40",
        pattern: /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_.-])/g },
    { kind: "teamsWebhook", hints: ["webhook"], scope: both, about: "<tenant>.webhook.office.com/webhookb2/... (and the older outlook.office.com/webhook/...)",
        pattern: /(?:\.webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook)\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}/gi },
    { kind: "telegram", hints: [":AA"], scope: both, about: "bot id + :AA + 33", pattern: /(?<![A-Za-z0-9_-])\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g },
    { kind: "twilio", hints: ["SK"], scope: both, about: "API key SID: SK + 32 hex", pattern: /(?<![A-Za-z0-9])SK[a-f0-9]{32}(?![A-Za-z0-9])/g },
    { kind: "sendGrid", hints: ["SG."], scope: both, about: "SG. + 22 + . + 43",
        pattern: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
    { kind: "mailgun", hints: [], scope: both, about: "key- + 32 hex (older), or 32 hex + - + 8 hex + - + 8 hex",
        pattern: /(?<![A-Za-z0-9_-])(?:key-[a-f0-9]{32}|[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8})(?![A-Za-z0-9_-])/g },
    { kind: "mailchimp", hints: ["-us"], scope: both, about: "32 hex + -us + data center", pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{32}-us\d{1,2}(?![A-Za-z0-9])/g },
    { kind: "brevo", hints: ["sib-"], scope: both, about: "xkeysib- (API), xsmtpsib- (SMTP) + 64 hex + - + 16",
        pattern: /x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}/g },
    { kind: "meta", hints: ["EAA"], scope: both, about: "EAA + 90 or more (Facebook, Instagram, WhatsApp Cloud API)",
        pattern: /(?<![A-Za-z0-9_+/=-])EAA[A-Za-z0-9]{90,400}(?![A-Za-z0-9_+/=-])/g },
    { kind: "twitter", hints: ["AAAAAAAAAAAAAAAAAAAA"], scope: both, about: "app-only bearer token: 20 or more A + URL-encoded base64",
        pattern: /(?<![A-Za-z0-9%])A{20,40}[A-Za-z0-9%]{40,300}(?![A-Za-z0-9%])/g, check: "urlEncoded" },

    // observability
    { kind: "newRelic", hints: ["NRA", "NRI"], scope: both, about: "NRAK- (user), NRAA- (admin), NRII- (insert), NRIQ- (query); license key: 36 hex + NRAL",
        pattern: /(?<![A-Za-z0-9_-])(?:NR(?:AK|AA|II|IQ)-[A-Za-z0-9_-]{27,32}|[a-f0-9]{36}NRAL)(?![A-Za-z0-9_-])/g },
    { kind: "sentry", hints: ["sntry"], scope: both, about: "sntryu_ (user), sntrys_ (organization)",
        pattern: /(?<![A-Za-z0-9_])(?:sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=_-]{40,600})/g },
    { kind: "grafana", hints: ["glsa_", "glc_"], scope: both, about: "glsa_ (service account), glc_ (Grafana Cloud)",
        pattern: /(?<![A-Za-z0-9_])(?:glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}|glc_[A-Za-z0-9+/=_-]{32,800})/g },
    { kind: "dynatrace", hints: ["dt0c01."], scope: both, about: "dt0c01. + 24 + . + 64", pattern: /dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}/g },

    // SaaS
    { kind: "linear", hints: ["lin_"], scope: both, about: "lin_api_, lin_oauth_", pattern: /(?<![A-Za-z0-9_])lin_(?:api|oauth)_[A-Za-z0-9]{40,64}/g },
    { kind: "notion", hints: ["ntn_", "secret_"], scope: both, about: "ntn_ + 46; older secret_ + 43",
        pattern: /(?<![A-Za-z0-9_])(?:ntn_\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9])/g, check: "mixed" },
    { kind: "figma", hints: ["figd_"], scope: both, about: "figd_ + 40 or more", pattern: /(?<![A-Za-z0-9_])figd_[A-Za-z0-9_-]{40,100}/g },
    { kind: "airtable", hints: ["pat"], scope: both, about: "pat + 14 + . + 64 hex", pattern: /(?<![A-Za-z0-9_])pat[A-Za-z0-9]{14}\.[a-f0-9]{64}(?![A-Za-z0-9])/g },
    { kind: "mapbox", hints: ["sk.eyJ"], scope: both, about: "sk.eyJ... (secret token; pk. tokens are public)",
        pattern: /(?<![A-Za-z0-9_.-])sk\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,200}/g },
    { kind: "postHog", hints: ["phx_"], scope: both, about: "phx_ (personal; phc_ project keys are public)", pattern: /(?<![A-Za-z0-9_])phx_[A-Za-z0-9]{40,50}(?![A-Za-z0-9])/g },
    { kind: "launchDarkly", hints: ["sdk-"], scope: both, about: "sdk- + UUID (server-side SDK key)",
        pattern: /(?<![A-Za-z0-9_-])sdk-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}(?![A-Za-z0-9-])/g },

    // tokens and passwords
    { kind: "jwt", hints: ["eyJ"], scope: both, about: "signed JSON Web Token (eyJ... . ... . signature)",
        pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{10,8000}/g },
    { kind: "urlPassword", hints: ["://"], scope: both, about: "scheme://user:password@host",
        pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/?#@"'`]{0,256}:([^\s/?#@"'`]{1,256})@([^\s/?#@"'`]{1,256})/g,
        check: "literalNotExample", codeCheck: "codeLiteralNotExample" },
    { kind: "urlPassword", hints: ["pass", "pwd="], scope: both, about: "?password=, &passwd=, &pwd= in a URL",
        pattern: /[?&](?:password|passwd|pwd)=([^&#\s"'`]{1,256})/gi, check: "literal", codeCheck: "codeLiteral" },
    // Settings: the key starts the value or follows ";" or a blank. Code: only after ";" of a connection string.
    { kind: "connectionStringPassword", hints: ["pass", "pwd"], scope: "settings", about: "Password=, Pwd=, Passwd= in a connection string",
        pattern: /(?<![^;\s])(?:password|passwd|pwd)\s{0,5}=([^;]{0,512})/gi, check: "literal" },
    { kind: "connectionStringPassword", hints: ["pass", "pwd"], scope: "code", about: "the same in code, after another key",
        pattern: /;\s{0,5}(?:password|pwd)\s{0,5}=([^;"'`\s]{1,256})(?=[;"'`]|$)/gi, codeCheck: "codeLiteral" },
    // StackExchange.Redis form (Azure Cache for Redis): host:port,password=...,ssl=True
    { kind: "connectionStringPassword", hints: ["pass"], scope: "settings", about: ",password= in a Redis connection string (host:port,password=...)",
        pattern: /,\s{0,5}password\s{0,5}=([^,;]{1,512})/gi, check: "literal" },
    { kind: "connectionStringPassword", hints: [".redis.cache.windows.net"], scope: "code", about: "the same in code, for Azure Cache for Redis",
        pattern: /\.redis\.cache\.windows\.net(?::\d{1,5})?,(?:[^,"'`\s]{1,100},){0,8}password=([^,"'`\s]{1,512})/gi, codeCheck: "codeLiteral" },
];

export interface PublicKey {
    what: string;
    /** The whole value, trimmed. */
    pattern: RegExp;
}

/** Keys that providers publish as public by design: never a finding, whatever the name. */
export const PUBLIC_KEYS: readonly PublicKey[] = [
    { what: "Stripe publishable key (pk_live_, pk_test_)", pattern: /^pk_(?:live|test)_[A-Za-z0-9]{10,247}$/ },
    { what: "Mapbox public token (pk.)", pattern: /^pk\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,200}$/ },
    { what: "PostHog project API key (phc_)", pattern: /^phc_[A-Za-z0-9]{30,60}$/ },
    { what: "New Relic browser key (NRJS-)", pattern: /^NRJS-[a-f0-9]{19}$/ },
    { what: "Supabase publishable key (sb_publishable_)", pattern: /^sb_publishable_[A-Za-z0-9_-]{20,80}$/ },
    { what: "Mailgun public validation key (pubkey-)", pattern: /^pubkey-[a-f0-9]{32}$/ },
];

export interface SecretFreeSetting {
    what: string;
    /** The setting's name, when the value alone does not tell. */
    name?: RegExp;
    /** The whole value, trimmed. */
    value: RegExp;
}

/** Settings that hold no secret by design: never a finding, whatever the name. */
export const SECRET_FREE_SETTINGS: readonly SecretFreeSetting[] = [
    { what: "Azure identity-based connection (<connection>__credential = managedidentity)", name: /__credential$/i, value: /^managedidentity$/i },
    { what: "Azure Storage emulator (UseDevelopmentStorage=true)", value: /^UseDevelopmentStorage=true$/i },
];
