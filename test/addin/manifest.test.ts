import { readFileSync } from 'node:fs';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { describe, expect, it } from 'vitest';
import { MINIMUM_EXCEL_API } from '../../addin/excel/host.ts';
import webpackConfig, { DEV_SERVER_PORT, hostingAddress, manifestFor } from '../../webpack.config.js';
import { localName, parseXml, walk, type XmlElement } from './xml-tree.ts';

const root = new URL('../../', import.meta.url);
const MANIFEST = new URL('manifest.xml', root);
const manifest = parseXml(readFileSync(MANIFEST, 'utf8'));

const child = (e: XmlElement, name: string) => e.children.find((c) => localName(c) === name);
const names = (e: XmlElement) => e.children.map(localName);

/** The elements present keep the order of the schema's sequence (optional ones may be missing). */
function inSchemaOrder(e: XmlElement, sequence: string[]): void {
  const present = names(e);
  for (const name of present) expect(sequence, `<${e.name}> may not hold <${name}>`).toContain(name);
  const positions = present.map((n) => sequence.indexOf(n));
  expect(positions, `children of <${e.name}>: ${present.join(', ')}`).toEqual([...positions].sort((a, b) => a - b));
}

describe('manifest.xml', () => {
  it('reads with office-addin-manifest as a task pane add-in for Excel, Vietnamese first', async () => {
    const info = await OfficeAddinManifest.readManifestFile(MANIFEST.pathname);
    expect(info.officeAppType).toBe('TaskPaneApp');
    expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(info.defaultLocale).toBe('vi-VN');
    expect(info.displayName).toBe('Sổ theo dõi CCHC');
    expect(info.hosts).toEqual(['Workbook']);
    expect(info.permissions).toBe('ReadWriteDocument');
    expect(info.defaultSettings?.sourceLocation).toBe(`https://localhost:${DEV_SERVER_PORT}/taskpane.html`);
  });

  it('keeps the schema’s element order (OfficeAppManifestV1_1.xsd, TaskPaneAppVersionOverridesV1_0.xsd)', () => {
    expect(manifest.name).toBe('OfficeApp');
    expect(manifest.attributes['xsi:type']).toBe('TaskPaneApp');
    inSchemaOrder(manifest, [
      'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl',
      'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'Dictionary', 'VersionOverrides',
    ]);
    for (const required of ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'DefaultSettings', 'Permissions']) {
      expect(names(manifest)).toContain(required);
    }
    const overrides = child(manifest, 'VersionOverrides')!;
    inSchemaOrder(overrides, ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo', 'EquivalentAddins']);
    const host = child(child(overrides, 'Hosts')!, 'Host')!;
    expect(host.attributes['xsi:type']).toBe('Workbook');
    inSchemaOrder(host, ['Runtimes', 'AllFormFactors', 'DesktopFormFactor']);
    const desktop = child(host, 'DesktopFormFactor')!;
    inSchemaOrder(desktop, ['GetStarted', 'FunctionFile', 'ExtensionPoint']);
    inSchemaOrder(child(desktop, 'GetStarted')!, ['Title', 'Description', 'LearnMoreUrl']);
    const tab = child(child(desktop, 'ExtensionPoint')!, 'OfficeTab')!;
    expect(tab.attributes['id']).toBe('TabHome');
    const group = child(tab, 'Group')!;
    inSchemaOrder(group, ['Label', 'Icon', 'Control']);
    const control = child(group, 'Control')!;
    expect(control.attributes['xsi:type']).toBe('Button');
    inSchemaOrder(control, ['Label', 'Supertip', 'Icon', 'Action']);
    inSchemaOrder(child(control, 'Supertip')!, ['Title', 'Description']);
    const action = child(control, 'Action')!;
    expect(action.attributes['xsi:type']).toBe('ShowTaskpane');
    inSchemaOrder(action, ['TaskpaneId', 'SourceLocation', 'Title']);
    inSchemaOrder(child(overrides, 'Resources')!, ['Images', 'Urls', 'ShortStrings', 'LongStrings']);
  });

  it('runs the pane, ribbon and start-up code in one long-lived shared runtime (SharedRuntime 1.1), where Excel has it', () => {
    const overrides = child(manifest, 'VersionOverrides')!;
    const sets = child(child(overrides, 'Requirements')!, 'Sets')!;
    expect(sets.name).toBe('bt:Sets');
    expect(sets.children.map((s) => [s.attributes['Name'], s.attributes['MinVersion']])).toEqual([['SharedRuntime', '1.1']]);
    const host = child(child(overrides, 'Hosts')!, 'Host')!;
    const runtimes = child(host, 'Runtimes')!.children;
    expect(runtimes.map((r) => [localName(r), r.attributes['lifetime']])).toEqual([['Runtime', 'long']]);
    // Office shares the runtime only when the pane, the function file and the runtime name the same page.
    const page = runtimes[0]!.attributes['resid'];
    const desktop = child(host, 'DesktopFormFactor')!;
    expect(child(desktop, 'FunctionFile')!.attributes['resid']).toBe(page);
    const actions = [...walk(desktop)].filter((e) => localName(e) === 'Action');
    expect(actions.map((a) => child(a, 'SourceLocation')!.attributes['resid'])).toEqual([page]);
    expect(actions.map((a) => child(a, 'TaskpaneId')!.text)).toEqual(['CchcLedgerPane']);
  });

  it('asks for ExcelApi 1.7 (Excel 2019 volume licence), the lowest set the add-in runs on, as the host checks at run time', () => {
    const sets = child(child(manifest, 'Requirements')!, 'Sets')!;
    expect(sets.children.map((s) => [s.attributes['Name'], s.attributes['MinVersion']])).toEqual([['ExcelApi', MINIMUM_EXCEL_API]]);
  });

  it('names every resource it uses, within the schema’s lengths, each with an English override', () => {
    const resources = child(child(manifest, 'VersionOverrides')!, 'Resources')!;
    const defined = new Map<string, XmlElement>();
    for (const group of resources.children) for (const r of group.children) defined.set(r.attributes['id']!, r);
    const used = [...walk(manifest)].map((e) => e.attributes['resid']).filter((r): r is string => r !== undefined);
    for (const resid of used) expect(defined.has(resid), `resource ${resid}`).toBe(true);
    for (const id of defined.keys()) expect(used, `resource ${id} is defined but not used`).toContain(id);

    const limit = { ShortStrings: 125, LongStrings: 250 } as const;
    for (const [groupName, max] of Object.entries(limit)) {
      for (const s of child(resources, groupName)!.children) {
        expect(s.attributes['DefaultValue']!.length).toBeLessThanOrEqual(max);
        const override = s.children.find((o) => o.attributes['Locale'] === 'en-US');
        expect(override?.attributes['Value']?.length ?? 0, `${s.attributes['id']} in English`).toBeGreaterThan(0);
        expect(override!.attributes['Value']!.length).toBeLessThanOrEqual(max);
      }
    }
    expect(child(manifest, 'DisplayName')!.attributes['DefaultValue']!.length).toBeLessThanOrEqual(125);
    expect(child(manifest, 'Description')!.attributes['DefaultValue']!.length).toBeLessThanOrEqual(250);
    for (const name of ['DisplayName', 'Description']) {
      expect(child(child(manifest, name)!, 'Override')?.attributes['Locale']).toBe('en-US');
    }
  });

  it('points every URL at a file the webpack build serves, on the dev server’s port; icons exist at their sizes', async () => {
    const config = await webpackConfig({}, { mode: 'production' });
    const served = new Set<string>();
    for (const plugin of config.plugins as Array<Record<string, any>>) {
      if (plugin.userOptions?.filename) served.add(plugin.userOptions.filename);
      for (const pattern of plugin.patterns ?? []) {
        if (pattern.from === 'assets/*.png') for (const size of [16, 32, 64, 80, 128]) served.add(`assets/icon-${size}.png`);
        else served.add(pattern.to);
      }
    }
    const urls = [...walk(manifest)].flatMap((e) => [e.attributes['DefaultValue'], e.attributes['Value']]).filter((v): v is string => v?.startsWith('https://') ?? false);
    expect(urls.length).toBeGreaterThan(6);
    for (const url of urls) {
      const { host, pathname } = new URL(url);
      expect(host).toBe(`localhost:${DEV_SERVER_PORT}`);
      expect(served, url).toContain(pathname.slice(1));
    }
    for (const image of child(child(child(manifest, 'VersionOverrides')!, 'Resources')!, 'Images')!.children) {
      const size = Number(/icon-(\d+)\.png$/.exec(image.attributes['DefaultValue']!)![1]);
      expect(image.attributes['id']).toBe(`Icon.${size}x${size}`);
      const png = readFileSync(new URL(`assets/icon-${size}.png`, root));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    expect(config.devServer).toBeUndefined();
  });

  it('loads Office.js from Microsoft’s CDN in the pages Office opens', () => {
    for (const page of ['addin/taskpane/taskpane.html']) {
      expect(readFileSync(new URL(page, root), 'utf8')).toContain('<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>');
    }
  });

  it('links the help page (the manifest’s SupportUrl) from the pane’s header, opened beside it', () => {
    const pane = readFileSync(new URL('addin/taskpane/taskpane.html', root), 'utf8');
    expect(pane).toMatch(/<a id="help-link"[^>]* href="help\.html" target="_blank" rel="noopener"/);
    // The browser test's stand-in page has the same header (boot.ts labels every element of it).
    const header = (page: string) => /<header[\s\S]*<\/header>/.exec(page)![0];
    expect(header(readFileSync(new URL('test/addin/standin/standin.html', root), 'utf8'))).toBe(header(pane));
    expect(child(manifest, 'SupportUrl')!.attributes['DefaultValue']).toBe(`https://localhost:${DEV_SERVER_PORT}/help.html`);
  });

  it('takes the hosting address as a build setting: every URL of the built manifest points there, and only https', async () => {
    const xml = readFileSync(MANIFEST, 'utf8');
    const built = parseXml(manifestFor(xml, hostingAddress('https://addin.sonoivu.gialai.gov.vn/so-cchc/')));
    const urls = [...walk(built)].flatMap((e) => [e.attributes['DefaultValue'], e.attributes['Value']]).filter((v): v is string => v?.startsWith('https://') ?? false);
    expect(urls.length).toBeGreaterThan(6);
    for (const url of urls) expect(url).toMatch(/^https:\/\/addin\.sonoivu\.gialai\.gov\.vn\/so-cchc\/[a-z0-9/-]+\.(html|png)$/);
    expect(manifestFor(xml, hostingAddress('https://addin.sonoivu.gialai.gov.vn/so-cchc/'))).not.toContain('localhost');
    for (const bad of ['http://addin.example.vn', 'https://addin.example.vn/?a=1', 'addin.example.vn', 'https://u:p@addin.example.vn']) {
      expect(() => hostingAddress(bad), bad).toThrow(/https|URL/);
    }
    // As `npm run build -- --env url=...` does it.
    const config = await webpackConfig({ url: 'https://addin.example.vn/cchc' }, { mode: 'production' });
    const copy = (config.plugins as Array<Record<string, any>>).find((p) => p.patterns)!;
    const pattern = copy.patterns.find((p: { to: string }) => p.to === 'manifest.xml');
    const out = String(await pattern.transform(Buffer.from(xml)));
    expect(out).toContain('<SourceLocation DefaultValue="https://addin.example.vn/cchc/taskpane.html"/>');
    expect(out).not.toContain('localhost');
  });

  it('claims only what is true: changes are detectable, not impossible', () => {
    const description = child(manifest, 'Description')!;
    expect(description.attributes['DefaultValue']).toContain('mọi thay đổi đều phát hiện được');
    expect(readFileSync(MANIFEST, 'utf8')).not.toMatch(/không thể sửa|tamper-proof/i);
  });
});
