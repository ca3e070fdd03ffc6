// Runs after `npm run build:weapp` (npm's postbuild:weapp hook).
//
// The repository root holds project.config.json for WeChat DevTools (open the repo root; it
// points miniprogramRoot at mini-app/dist/weapp/). It is committed with the demo appid
// "touristappid". To build for a real mini-program, set WECHAT_APPID when building:
//
//   WECHAT_APPID=wx0123456789abcdef npm run build:weapp -w @linli/mini-app
//
// and this script writes that appid into the root project.config.json. Without WECHAT_APPID it
// changes nothing. (Remember not to commit a private appid if the repository is public.)
// A release build (LINLI_RELEASE=1, config/release-guard.ts) has already refused touristappid and
// a non-https LINLI_API_BASE before it got here; see docs/deployment.md.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appid = process.env.WECHAT_APPID?.trim();
const configPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../project.config.json');

if (!appid) {
  console.log('[set-appid] WECHAT_APPID not set: project.config.json keeps its appid.');
} else if (!/^(wx[0-9a-f]{16}|touristappid)$/.test(appid)) {
  console.error(`[set-appid] WECHAT_APPID "${appid}" does not look like a mini-program appid (wx + 16 hex).`);
  process.exit(1);
} else {
  const config = JSON.parse(await readFile(configPath, 'utf8'));
  if (config.appid === appid) {
    console.log(`[set-appid] appid already ${appid}.`);
  } else {
    config.appid = appid;
    await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
    console.log(`[set-appid] wrote appid ${appid} to ${configPath}.`);
  }
}
