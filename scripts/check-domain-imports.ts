// Enforces ARCHITECTURE.md: server/domain/ imports nothing outside itself (no express, ORM, fs, env, clock…).
import fs from 'node:fs';
import path from 'node:path';

const domainDir = path.resolve('server/domain');
const importPattern =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems: string[] = [];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

for (const file of walk(domainDir)) {
  const source = fs.readFileSync(file, 'utf8');
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2] ?? '';
    const inside =
      specifier.startsWith('.') &&
      path.resolve(path.dirname(file), specifier).startsWith(domainDir + path.sep);
    if (!inside) problems.push(`${path.relative(process.cwd(), file)} imports "${specifier}"`);
  }
  if (/\bprocess\.env\b|\bnew Date\(\)|\bDate\.now\(|\bMath\.random\(/.test(source)) {
    problems.push(`${path.relative(process.cwd(), file)} reads the environment, the clock or randomness`);
  }
}

if (problems.length > 0) {
  console.error(`server/domain must be pure and import only itself:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`domain purity: ${walk(domainDir).length} files checked, no outside imports`);
