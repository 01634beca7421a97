// Copies the files the themes serve from node_modules into each theme's wwwroot/lib,
// so pages never depend on a CDN and work offline.
import { cpSync, existsSync, mkdirSync } from "node:fs";
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
];

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
