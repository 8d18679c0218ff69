#!/usr/bin/env node
// Runs every `java -jar cli/target/skipper.jar ...` command written in README.md and docs/*.md, as written, from a
// copy of the repository (one copy per page, commands in page order, so a page's later commands see what its earlier
// ones wrote). Commands that need a Kubernetes cluster, and placeholders (paths starting with my-), are listed as
// skipped with the reason; servers (webhook, bundle serve, demo --keep) pass when they are still serving after a few seconds; a
// command shown failing on purpose ends with the comment "# exits N".
// Usage: node .ci/docs-commands.mjs   (after mvn package: it uses cli/target/skipper.jar)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const JAR = 'java -jar cli/target/skipper.jar';
const CLUSTER = new Set(['operator', 'status', 'diff', 'apply', 'logs', 'dashboard', 'gateway', 'audit', 'fleet']);
const SERVERS = [/ webhook /, / bundle serve /, / demo --keep/];

function commandsOf(markdown) {
  const commands = [];
  let fenced = false;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trimStart().startsWith('```')) { fenced = !fenced; continue; }
    // A command line: the jar before any comment (a comment naming the jar is not a command).
    if (!fenced || !lines[i].split('#')[0].includes(JAR)) continue;
    let command = lines[i].trim().replace(/^\$\s+/, '');
    const start = i + 1;
    while (command.endsWith('\\') && i + 1 < lines.length) command = command.slice(0, -1) + ' ' + lines[++i].trim();
    // A trailing "# exits N" says the command is shown failing on purpose; other trailing comments are dropped.
    const exits = /#\s*exits (\d+)/.exec(command);
    commands.push({ line: start, text: command.replace(/\s+#.*$/, ''), exit: exits ? Number(exits[1]) : 0 });
  }
  return commands;
}

function skipReason(text) {
  const [sub, verb] = text.slice(text.indexOf(JAR) + JAR.length).trim().split(/\s+/);
  const offline = sub === 'fleet' && (verb === 'lint' || verb === 'render');
  if (CLUSTER.has(sub) && !offline) return `needs a cluster (${sub})`;
  if (sub === 'version' && !text.includes('--client')) return 'needs a cluster (version)';
  if (/\bmy-/.test(text)) return 'a placeholder for your own files';
  return null;
}

const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter(f => f.endsWith('.md')).map(f => join('docs', f))];
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
let ran = 0, failed = 0, skipped = 0;
for (const page of pages) {
  const commands = commandsOf(readFileSync(join(root, page), 'utf8'));
  if (commands.length === 0) continue;
  const copy = mkdtempSync(join(tmpdir(), 'skipper-docs-'));
  for (const file of tracked) cpSync(join(root, file), join(copy, file), { recursive: true });
  cpSync(join(root, 'cli/target/skipper.jar'), join(copy, 'cli/target/skipper.jar'));
  for (const { line, text, exit } of commands) {
    const reason = skipReason(text);
    if (reason) { skipped++; console.log(`skip ${page}:${line}: ${reason}: ${text}`); continue; }
    const server = SERVERS.some(s => s.test(` ${text} `));
    const run = spawnSync('bash', ['-o', 'pipefail', '-c', server ? `timeout 8 ${text}` : text],
      { cwd: copy, encoding: 'utf8', timeout: 120_000, input: '' });
    const ok = server ? run.status === 124 || run.status === 0 : run.status === exit;
    ran++;
    if (ok) {
      console.log(`ok   ${page}:${line}: ${text}`);
    } else {
      failed++;
      console.log(`FAIL ${page}:${line}: ${text}\n     exit ${run.status}\n${(run.stderr || '').split('\n').slice(0, 5).map(l => '     ' + l).join('\n')}`);
    }
  }
  rmSync(copy, { recursive: true, force: true });
}
console.log(`docs commands: ${ran} run, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
