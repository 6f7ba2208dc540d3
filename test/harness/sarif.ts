// A focused structural check of SARIF 2.1.0 logs, for the properties GitHub code scanning reads.
//
// This is NOT the full SARIF 2.1.0 JSON schema (no schema ships with the installed packages and the
// tests may not download one). It checks what the schema requires of the objects the audit emits
// (types, enums, required members, that only members the schema defines are used) plus GitHub's own
// requirements: a rule for every ruleId, a physical location with a relative artifact URI and a
// startLine, partialFingerprints, and security-severity as a numeric string between 0 and 10.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const LEVELS = ["none", "note", "warning", "error"];

class Checker {
    readonly problems: string[] = [];

    fail(where: string, what: string): void {
        this.problems.push(`${where}: ${what}`);
    }

    /** `value` is an object using only `allowed` members and holding every one of `required`. */
    object(value: unknown, where: string, allowed: string[], required: string[] = []): value is Obj {
        if (!isObj(value)) {
            this.fail(where, "must be an object");
            return false;
        }
        for (const key of Object.keys(value)) {
            if (!allowed.includes(key)) {
                this.fail(where, `"${key}" is not a member SARIF 2.1.0 defines here`);
            }
        }
        for (const key of required) {
            if (!(key in value)) {
                this.fail(where, `"${key}" is required`);
            }
        }
        return true;
    }

    string(value: unknown, where: string, nonEmpty = true): value is string {
        if (typeof value !== "string" || (nonEmpty && value.length === 0)) {
            this.fail(where, nonEmpty ? "must be a non-empty string" : "must be a string");
            return false;
        }
        return true;
    }

    uri(value: unknown, where: string, relative = false): void {
        if (!this.string(value, where)) {
            return;
        }
        const absolute = /^[a-z][a-z0-9+.-]*:/i.test(value);
        if (relative && (absolute || value.startsWith("/"))) {
            this.fail(where, "must be a relative URI (GitHub resolves it against the repository root)");
        }
        if (!relative && !absolute) {
            this.fail(where, "must be an absolute URI");
        }
        if (/[\s\\]/.test(value)) {
            this.fail(where, "must not contain spaces or backslashes");
        }
    }

    message(value: unknown, where: string): void {
        if (this.object(value, where, ["text", "markdown", "id", "arguments", "properties"], ["text"])) {
            this.string(value.text, `${where}.text`);
        }
    }

    properties(value: unknown, where: string): void {
        if (value === undefined) {
            return;
        }
        if (!isObj(value)) {
            return this.fail(where, "must be an object (a property bag)");
        }
        if ("tags" in value && (!Array.isArray(value.tags) || !value.tags.every(t => typeof t === "string"))) {
            this.fail(`${where}.tags`, "must be an array of strings");
        }
        if ("security-severity" in value) {
            const score = value["security-severity"];
            const n = typeof score === "string" && /^\d+(\.\d+)?$/.test(score) ? Number(score) : NaN;
            if (!(n >= 0 && n <= 10)) {
                this.fail(`${where}.security-severity`, "must be a numeric string between 0.0 and 10.0");
            }
        }
    }
}

function checkRule(c: Checker, rule: unknown, where: string): string | undefined {
    if (!c.object(rule, where, ["id", "name", "shortDescription", "fullDescription", "help", "helpUri",
        "defaultConfiguration", "properties", "guid", "deprecatedIds", "messageStrings", "relationships"], ["id"])) {
        return undefined;
    }
    c.string(rule.id, `${where}.id`);
    if ("name" in rule) c.string(rule.name, `${where}.name`);
    for (const key of ["shortDescription", "fullDescription", "help"]) {
        if (key in rule) c.message(rule[key], `${where}.${key}`);
    }
    if ("helpUri" in rule) c.uri(rule.helpUri, `${where}.helpUri`);
    if ("defaultConfiguration" in rule && c.object(rule.defaultConfiguration, `${where}.defaultConfiguration`, ["level", "enabled", "rank", "parameters", "properties"])) {
        const config = rule.defaultConfiguration;
        if ("level" in config && !LEVELS.includes(config.level as string)) c.fail(`${where}.defaultConfiguration.level`, `must be one of ${LEVELS.join(", ")}`);
        if ("enabled" in config && typeof config.enabled !== "boolean") c.fail(`${where}.defaultConfiguration.enabled`, "must be a boolean");
    }
    c.properties(rule.properties, `${where}.properties`);
    return typeof rule.id === "string" ? rule.id : undefined;
}

function checkLocation(c: Checker, location: unknown, where: string): void {
    if (!c.object(location, where, ["id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"], ["physicalLocation"])) {
        return;
    }
    const physical = location.physicalLocation;
    if (c.object(physical, `${where}.physicalLocation`, ["address", "artifactLocation", "region", "contextRegion", "properties"], ["artifactLocation", "region"])) {
        if (c.object(physical.artifactLocation, `${where}.physicalLocation.artifactLocation`, ["uri", "uriBaseId", "index", "description", "properties"], ["uri"])) {
            c.uri(physical.artifactLocation.uri, `${where}.physicalLocation.artifactLocation.uri`, true);
        }
        if (c.object(physical.region, `${where}.physicalLocation.region`, ["startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties"], ["startLine"])) {
            const line = physical.region.startLine;
            if (!Number.isInteger(line) || (line as number) < 1) c.fail(`${where}.physicalLocation.region.startLine`, "must be an integer >= 1");
        }
    }
    if ("logicalLocations" in location) {
        if (!Array.isArray(location.logicalLocations)) {
            return c.fail(`${where}.logicalLocations`, "must be an array");
        }
        location.logicalLocations.forEach((logical, i) => {
            const at = `${where}.logicalLocations[${i}]`;
            if (c.object(logical, at, ["name", "index", "fullyQualifiedName", "decoratedName", "parentIndex", "kind", "properties"])) {
                for (const key of ["name", "fullyQualifiedName", "kind"]) {
                    if (key in logical) c.string(logical[key], `${at}.${key}`);
                }
            }
        });
    }
}

function checkResult(c: Checker, result: unknown, where: string, rules: (string | undefined)[]): void {
    if (!c.object(result, where, ["ruleId", "ruleIndex", "rule", "kind", "level", "message", "locations", "partialFingerprints",
        "fingerprints", "guid", "correlationGuid", "occurrenceCount", "baselineState", "rank", "relatedLocations", "suppressions",
        "codeFlows", "properties"], ["message", "ruleId", "locations", "partialFingerprints"])) {
        return;
    }
    if (c.string(result.ruleId, `${where}.ruleId`) && !rules.includes(result.ruleId)) {
        c.fail(`${where}.ruleId`, "names no rule of tool.driver.rules");
    }
    if ("ruleIndex" in result && rules[result.ruleIndex as number] !== result.ruleId) {
        c.fail(`${where}.ruleIndex`, "does not point at the rule named by ruleId");
    }
    if ("level" in result && !LEVELS.includes(result.level as string)) c.fail(`${where}.level`, `must be one of ${LEVELS.join(", ")}`);
    c.message(result.message, `${where}.message`);
    if (!Array.isArray(result.locations) || result.locations.length < 1 || result.locations.length > 10) {
        c.fail(`${where}.locations`, "must hold 1 to 10 locations (GitHub shows no result without one)");
    } else {
        result.locations.forEach((l, i) => checkLocation(c, l, `${where}.locations[${i}]`));
    }
    if (!isObj(result.partialFingerprints) || !Object.values(result.partialFingerprints).every(v => typeof v === "string" && v !== "")) {
        c.fail(`${where}.partialFingerprints`, "must be an object of non-empty strings");
    }
    c.properties(result.properties, `${where}.properties`);
}

/** The problems found in `log`; empty when it passes. */
export function sarifProblems(log: unknown): string[] {
    const c = new Checker();
    if (!c.object(log, "sarifLog", ["$schema", "version", "runs", "inlineExternalProperties", "properties"], ["version", "runs"])) {
        return c.problems;
    }
    if (log.version !== "2.1.0") c.fail("sarifLog.version", "must be \"2.1.0\"");
    if ("$schema" in log) c.uri(log.$schema, "sarifLog.$schema");
    if (!Array.isArray(log.runs)) {
        c.fail("sarifLog.runs", "must be an array");
        return c.problems;
    }
    log.runs.forEach((run, r) => {
        const where = `runs[${r}]`;
        if (!c.object(run, where, ["tool", "results", "invocations", "artifacts", "automationDetails", "originalUriBaseIds",
            "columnKind", "language", "versionControlProvenance", "taxonomies", "properties"], ["tool"])) {
            return;
        }
        let rules: (string | undefined)[] = [];
        if (c.object(run.tool, `${where}.tool`, ["driver", "extensions", "properties"], ["driver"])) {
            const driver = run.tool.driver;
            if (c.object(driver, `${where}.tool.driver`, ["name", "version", "semanticVersion", "informationUri", "rules", "fullName",
                "organization", "guid", "notifications", "properties"], ["name"])) {
                c.string(driver.name, `${where}.tool.driver.name`);
                if ("informationUri" in driver) c.uri(driver.informationUri, `${where}.tool.driver.informationUri`);
                if (!Array.isArray(driver.rules)) {
                    c.fail(`${where}.tool.driver.rules`, "must be an array");
                } else {
                    rules = driver.rules.map((rule, i) => checkRule(c, rule, `${where}.tool.driver.rules[${i}]`));
                    const ids = rules.filter(id => id !== undefined);
                    if (new Set(ids).size !== ids.length) c.fail(`${where}.tool.driver.rules`, "rule ids must be unique");
                }
            }
        }
        if ("invocations" in run) {
            if (!Array.isArray(run.invocations)) {
                c.fail(`${where}.invocations`, "must be an array");
            } else {
                run.invocations.forEach((inv, i) => {
                    if (c.object(inv, `${where}.invocations[${i}]`, ["executionSuccessful", "exitCode", "commandLine", "startTimeUtc", "endTimeUtc",
                        "toolExecutionNotifications", "toolConfigurationNotifications", "ruleConfigurationOverrides", "properties"], ["executionSuccessful"])
                        && typeof inv.executionSuccessful !== "boolean") {
                        c.fail(`${where}.invocations[${i}].executionSuccessful`, "must be a boolean");
                    }
                });
            }
        }
        if (!Array.isArray(run.results)) {
            c.fail(`${where}.results`, "must be an array (GitHub requires it, even empty)");
        } else {
            run.results.forEach((result, i) => checkResult(c, result, `${where}.results[${i}]`, rules));
        }
    });
    return c.problems;
}
