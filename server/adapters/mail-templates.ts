import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';

// E-mail wording is data: mail-templates/default/<kind>.json for every kind, and optional overrides in
// mail-templates/<tenant-slug>/<kind>.json. Every file is read and checked when the set is loaded (at boot),
// so a broken template stops the start with a message naming the file instead of failing a send later.
//
// Placeholders are a small Mustache subset: {{name}} inserts a value (HTML-escaped in `html`, as is in `subject`
// and `text`), {{#name}}…{{/name}} shows its content only when the value is not empty, {{^name}}…{{/name}} only
// when it is.

/** The folder holding the shipped templates and tenants' overrides. */
export const MAIL_TEMPLATES_DIR = fileURLToPath(new URL('../../mail-templates/', import.meta.url));

/** The folder of the templates every tenant gets unless it has its own. */
export const DEFAULT_TEMPLATE_FOLDER = 'default';

/** One e-mail's template file: subject, plain-text body and HTML body (the HTML goes inside the branded frame). */
export const MailTemplateSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 500 })),
    subject: Type.String({ minLength: 1, maxLength: 300, pattern: '^[^\\r\\n]*$' }),
    text: Type.String({ minLength: 1, maxLength: 20_000 }),
    html: Type.String({ minLength: 1, maxLength: 50_000 }),
  },
  { additionalProperties: false },
);

/** A template file's content. */
export type MailTemplate = Static<typeof MailTemplateSchema>;

/** A template file that is missing, malformed, or uses a placeholder its kind does not have. */
export class MailTemplateError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`mail template ${file}: ${message}`);
    this.name = 'MailTemplateError';
  }
}

type Token =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly name: string }
  | { readonly kind: 'section'; readonly name: string; readonly inverted: boolean; readonly body: Token[] };

const TAG = /\{\{\s*([#^/]?)\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Parses a template string; throws a plain Error describing an unbalanced section or a stray brace. */
export function parseTemplate(source: string): Token[] {
  const root: Token[] = [];
  const stack: Array<{ name: string; body: Token[] }> = [{ name: '', body: root }];
  let at = 0;
  const pushText = (text: string) => {
    if (text.includes('{{') || text.includes('}}'))
      throw new Error(`"${text.slice(0, 40)}" holds a malformed {{placeholder}}`);
    if (text) stack.at(-1)!.body.push({ kind: 'text', text });
  };
  for (const match of source.matchAll(TAG)) {
    pushText(source.slice(at, match.index));
    at = match.index + match[0].length;
    const [, sigil, name] = match as unknown as [string, string, string];
    if (sigil === '#' || sigil === '^') {
      const body: Token[] = [];
      stack.at(-1)!.body.push({ kind: 'section', name, inverted: sigil === '^', body });
      stack.push({ name, body });
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open || open.name !== name || stack.length === 0)
        throw new Error(`{{/${name}}} closes no open {{#${name}}} section`);
    } else {
      stack.at(-1)!.body.push({ kind: 'value', name });
    }
  }
  pushText(source.slice(at));
  if (stack.length > 1) throw new Error(`{{#${stack.at(-1)!.name}}} is never closed`);
  return root;
}

function namesIn(tokens: readonly Token[], into = new Set<string>()): Set<string> {
  for (const token of tokens) {
    if (token.kind === 'value') into.add(token.name);
    if (token.kind === 'section') {
      into.add(token.name);
      namesIn(token.body, into);
    }
  }
  return into;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fills parsed tokens with values; each inserted value passes through `encode`. */
export function fillTemplate(
  tokens: readonly Token[],
  values: Readonly<Record<string, string | null | undefined>>,
  encode: (value: string) => string,
): string {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'value') out += encode(values[token.name] ?? '');
    else {
      const present = (values[token.name] ?? '') !== '';
      if (present !== token.inverted) out += fillTemplate(token.body, values, encode);
    }
  }
  return out;
}

/** A checked template, parsed once. */
export interface CompiledMailTemplate {
  /** Where it was read from, relative to the templates folder (`default/invitation.json`). */
  readonly file: string;
  readonly subject: readonly Token[];
  readonly text: readonly Token[];
  readonly html: readonly Token[];
}

/** All templates of a folder tree: the defaults and each tenant's overrides. */
export interface MailTemplateSet {
  /** The tenant's own template of a kind, else the default one. */
  find(tenantSlug: string, kind: string): CompiledMailTemplate;
  /** Which tenants have overrides, and of which kinds (for the boot log and tests). */
  readonly overrides: Readonly<Record<string, readonly string[]>>;
}

const ajv = new Ajv({ allErrors: true });
const validateTemplate = ajv.compile(MailTemplateSchema);

function compile(dir: string, file: string, allowed: readonly string[]): CompiledMailTemplate {
  const full = path.join(dir, file);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (error) {
    throw new MailTemplateError(file, `cannot be read as JSON (${(error as Error).message})`);
  }
  if (!validateTemplate(json)) {
    const problems = (validateTemplate.errors ?? [])
      .map((e) => `${e.instancePath || '/'} ${e.message}`)
      .join('; ');
    throw new MailTemplateError(file, problems);
  }
  const parts = { subject: json.subject, text: json.text, html: json.html };
  const compiled: Record<string, Token[]> = {};
  for (const [part, source] of Object.entries(parts)) {
    let tokens: Token[];
    try {
      tokens = parseTemplate(source);
    } catch (error) {
      throw new MailTemplateError(file, `${part}: ${(error as Error).message}`);
    }
    const unknown = [...namesIn(tokens)].filter((name) => !allowed.includes(name));
    if (unknown.length > 0) {
      throw new MailTemplateError(
        file,
        `${part} uses ${unknown.map((n) => `{{${n}}}`).join(', ')}, which this e-mail does not have ` +
          `(it has ${allowed.map((n) => `{{${n}}}`).join(', ')})`,
      );
    }
    compiled[part] = tokens;
  }
  return { file, subject: compiled.subject!, text: compiled.text!, html: compiled.html! };
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

/**
 * Reads and checks every template under `dir`: `default/` must hold one file per kind; any other folder is a
 * tenant slug holding overrides of some kinds. `placeholders` names, per kind, the values its template may use.
 * Throws MailTemplateError naming the first bad file.
 */
export function loadMailTemplates(
  placeholders: Readonly<Record<string, readonly string[]>>,
  dir: string = MAIL_TEMPLATES_DIR,
): MailTemplateSet {
  const kinds = Object.keys(placeholders);
  const byFolder = new Map<string, Map<string, CompiledMailTemplate>>();
  if (!fs.existsSync(path.join(dir, DEFAULT_TEMPLATE_FOLDER)))
    throw new MailTemplateError(`${DEFAULT_TEMPLATE_FOLDER}/`, `is missing from ${dir}`);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = entry.name;
    if (folder !== DEFAULT_TEMPLATE_FOLDER && !SLUG.test(folder))
      throw new MailTemplateError(`${folder}/`, 'is neither "default" nor a tenant slug');
    const templates = new Map<string, CompiledMailTemplate>();
    for (const file of fs.readdirSync(path.join(dir, folder))) {
      const relative = `${folder}/${file}`;
      const kind = file.replace(/\.json$/, '');
      if (!file.endsWith('.json') || !kinds.includes(kind))
        throw new MailTemplateError(relative, `names no e-mail; the e-mails are ${kinds.join(', ')}`);
      templates.set(kind, compile(dir, relative, placeholders[kind]!));
    }
    byFolder.set(folder, templates);
  }
  const defaults = byFolder.get(DEFAULT_TEMPLATE_FOLDER)!;
  const missing = kinds.filter((kind) => !defaults.has(kind));
  if (missing.length > 0)
    throw new MailTemplateError(
      `${DEFAULT_TEMPLATE_FOLDER}/`,
      `lacks ${missing.map((k) => `${k}.json`).join(', ')}`,
    );
  const overrides = Object.fromEntries(
    [...byFolder]
      .filter(([folder]) => folder !== DEFAULT_TEMPLATE_FOLDER)
      .map(([folder, templates]) => [folder, [...templates.keys()].sort()]),
  );
  return {
    find: (tenantSlug, kind) => {
      const found = byFolder.get(tenantSlug)?.get(kind) ?? defaults.get(kind);
      if (!found) throw new MailTemplateError(`${DEFAULT_TEMPLATE_FOLDER}/${kind}.json`, 'is not loaded');
      return found;
    },
    overrides,
  };
}
