// Builds the Excel add-in into dist/: taskpane.html + taskpane.js (the pane, and the shared runtime
// that runs with the workbook, pane open or not), help.html, the icons and the manifest.
// `npm run build` for production, `npm run dev-server` to serve it over https://localhost:3000 (the address manifest.xml names). Where the add-in is
// hosted is a build setting: `npm run build -- --env url=https://host/path` (or ADDIN_URL=...)
// writes that address into dist/manifest.xml in place of https://localhost:3000.
// `--env standin` adds standin.html: the task pane over an in-memory workbook, for the browser test.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
export const DEV_SERVER_PORT = 3000;
const DEV_ADDRESS = `https://localhost:${DEV_SERVER_PORT}`;

/** The hosting address as the manifest needs it: https, no query or fragment, no trailing slash. Throws on anything else. */
export function hostingAddress(text) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    throw new Error(`Địa chỉ máy chủ của add-in không hợp lệ / not a URL: "${text}"`);
  }
  if (url.protocol !== 'https:' || url.search || url.hash || url.username || url.password) {
    throw new Error(`Office chỉ nạp add-in qua https, không kèm ?, # hay mật khẩu / Office loads add-ins over plain https only: "${text}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** manifest.xml with every address of the dev server moved to `address`. */
export function manifestFor(xml, address) {
  return xml.replaceAll(`${DEV_ADDRESS}/`, `${address}/`);
}

export default async (env = {}, argv = {}) => {
  const production = argv.mode === 'production';
  const serving = Boolean(env.WEBPACK_SERVE);
  const standin = Boolean(env.standin);
  const hosting = env.url ?? process.env.ADDIN_URL;
  const address = hosting ? hostingAddress(hosting) : DEV_ADDRESS;

  const entry = {
    taskpane: './addin/taskpane/taskpane.ts',
    ...(standin ? { standin: './test/addin/standin/standin.ts' } : {}),
  };

  const page = (name, template, chunks) => new HtmlWebpackPlugin({ filename: `${name}.html`, template, chunks, inject: 'body', scriptLoading: 'defer' });

  return {
    context: root,
    mode: production ? 'production' : 'development',
    target: 'web',
    devtool: 'source-map',
    entry,
    output: {
      path: env.outDir ? String(env.outDir) : fileURLToPath(new URL('dist/', import.meta.url)),
      filename: '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js'],
      extensionAlias: { '.js': ['.ts', '.js'] },
      // Our imports name the .ts file itself; `#digest` resolves through package.json "imports"
      // with the browser condition to ledger/digest.browser.ts (no node:crypto in the bundle).
      conditionNames: ['browser', 'import', 'module', 'default'],
      // exceljs's "browser" field gives its self-contained browser build.
      mainFields: ['browser', 'module', 'main'],
      fallback: { fs: false, path: false, crypto: false, stream: false },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          options: {
            transpileOnly: true,
            // Emitting JavaScript rules out allowImportingTsExtensions; TypeScript then rewrites our
            // "./x.ts" imports to "./x.js", which extensionAlias maps back to the .ts file.
            compilerOptions: { noEmit: false, allowImportingTsExtensions: false, rewriteRelativeImportExtensions: true, sourceMap: true },
          },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      page('taskpane', './addin/taskpane/taskpane.html', ['taskpane']),
      ...(standin ? [page('standin', './test/addin/standin/standin.html', ['standin'])] : []),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'addin/taskpane/taskpane.css', to: 'taskpane.css' },
          { from: 'addin/taskpane/help.html', to: 'help.html' },
          { from: 'manifest.xml', to: 'manifest.xml', transform: (content) => manifestFor(content.toString('utf8'), address) },
        ],
      }),
    ],
    devServer: serving
      ? {
          port: DEV_SERVER_PORT,
          headers: { 'Access-Control-Allow-Origin': '*' },
          // Office only loads add-ins over https; the certificates are made and trusted on first run.
          server: { type: 'https', options: await (await import('office-addin-dev-certs')).getHttpsServerOptions() },
          static: false,
        }
      : undefined,
  };
};
