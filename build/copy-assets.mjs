// Copies the files the themes serve from node_modules into each theme's wwwroot/lib,
// so pages never depend on a CDN and work offline.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const copies = [
  ["bootstrap/dist/css/bootstrap.min.css", "src/Themes/TheAdmin/wwwroot/lib/bootstrap/bootstrap.min.css"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "src/Themes/TheAdmin/wwwroot/lib/bootstrap/bootstrap.bundle.min.js"],
  ["swagger-ui-dist/swagger-ui.css", "src/Themes/TheAdmin/wwwroot/lib/swagger-ui/swagger-ui.css"],
  ["swagger-ui-dist/swagger-ui-bundle.js", "src/Themes/TheAdmin/wwwroot/lib/swagger-ui/swagger-ui-bundle.js"],
  ["drawflow/dist/drawflow.min.js", "src/Themes/TheAdmin/wwwroot/lib/drawflow/drawflow.min.js"],
  ["drawflow/dist/drawflow.min.css", "src/Themes/TheAdmin/wwwroot/lib/drawflow/drawflow.min.css"],
  ["weui/dist/style/weui.min.css", "src/Themes/WeChatH5/wwwroot/lib/weui/weui.min.css"],
  ["pell/dist/pell.min.js", "src/Themes/TheAdmin/wwwroot/lib/pell/pell.min.js"],
  ["pell/dist/pell.min.css", "src/Themes/TheAdmin/wwwroot/lib/pell/pell.min.css"],
];

// The full WeUI stylesheet is 186 KB (mostly icon data URIs); H5 pages must stay under 150 KB,
// so they get only the components they use. Rules without any .weui- class (variables, body) stay.
const weuiSubsets = [
  {
    from: "weui/dist/style/weui.min.css",
    to: "src/Themes/WeChatH5/wwwroot/lib/weui/weui.h5.min.css",
    keep: ["cells", "cell", "btn", "panel", "media-box", "article", "footer", "flex", "tabbar", "msg", "loading", "loadmore", "form", "label", "input", "badge", "toast", "mask", "hidden", "bottom-fixed"],
  },
];

function topLevelRules(css) {
  const rules = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    if (css[i] === "{") depth++;
    else if (css[i] === "}" && --depth === 0) {
      rules.push(css.slice(start, i + 1));
      start = i + 1;
    }
  }
  return rules;
}

function subset(css, keep) {
  const kept = [];
  for (const rule of topLevelRules(css)) {
    const open = rule.indexOf("{");
    const selector = rule.slice(0, open);
    if (selector.trim().startsWith("@media") || selector.trim().startsWith("@supports")) {
      const inner = subset(rule.slice(open + 1, -1), keep);
      if (inner) kept.push(`${selector}{${inner}}`);
      continue;
    }
    const classes = [...selector.matchAll(/\.weui-([a-z0-9-]+)/g)].map((m) => m[1]);
    if (classes.length === 0 || classes.some((c) => keep.some((k) => c === k || c.startsWith(k + "__") || c.startsWith(k + "_")))) {
      kept.push(rule);
    }
  }
  return kept.join("");
}

for (const [from, to] of copies) {
  const source = join(root, "node_modules", from);
  if (!existsSync(source)) {
    console.error(`missing ${source}: run npm ci first`);
    process.exit(1);
  }
  mkdirSync(dirname(join(root, to)), { recursive: true });
  cpSync(source, join(root, to));
  console.log(`copied ${from}`);
}

for (const { from, to, keep } of weuiSubsets) {
  const css = subset(readFileSync(join(root, "node_modules", from), "utf8"), keep);
  mkdirSync(dirname(join(root, to)), { recursive: true });
  writeFileSync(join(root, to), css);
  console.log(`subset ${from} -> ${to} (${css.length} bytes)`);
}
