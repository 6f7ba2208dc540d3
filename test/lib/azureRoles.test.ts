import assert from "node:assert/strict";
import { UNKNOWN } from "../../policies/lib/props";
import { roleGuidOf, scopeKindOf } from "../../policies/lib/azure/roles";

describe("lib/azure/roles", () => {
    const owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

    it("takes the GUID at the end of a role definition ID, trailing slashes aside", () => {
        assert.equal(roleGuidOf(`/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/${owner.toUpperCase()}//`), owner);
        assert.equal(roleGuidOf(` ${owner} `), owner);
        assert.equal(roleGuidOf("///"), "");
    });

    it("tells the kind of a scope, trailing slashes aside", () => {
        assert.equal(scopeKindOf("/subscriptions/0000/"), "subscription");
        assert.equal(scopeKindOf("/subscriptions/0000/resourceGroups/rg///"), "resource group");
        assert.equal(scopeKindOf("/"), "tenant root");
        assert.equal(scopeKindOf(UNKNOWN), UNKNOWN);
    });

    it("handles 100,000 slashes that end in another character in linear time", function () {
        // Regression: /\/+$/ backtracked quadratically here (about 15 s).
        this.timeout(10_000);
        const slashes = "/".repeat(100_000);
        assert.equal(roleGuidOf(`${slashes}!`), "!");
        assert.equal(scopeKindOf(`/subscriptions${slashes}x`), scopeKindOf("/subscriptions/x"));
        assert.equal(roleGuidOf(slashes), "");
    });
});
