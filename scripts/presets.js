// Writes presets/<name>.json from the built catalogue (run `npm run presets` after adding or
// changing policies; test/engine/config.test.ts fails while the committed files are stale).
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const { policies } = require(path.join(root, "bin", "policies", "catalog.js"));
const { preset, presetNames } = require(path.join(root, "bin", "policies", "lib", "presets.js"));

fs.mkdirSync(path.join(root, "presets"), { recursive: true });
for (const name of presetNames) {
    const file = path.join(root, "presets", `${name}.json`);
    fs.writeFileSync(file, `${JSON.stringify(preset(name, policies), null, 4)}\n`);
    console.log(`wrote ${path.relative(root, file)} (${policies.length} policies)`);
}
