// An MCP client of the gateway, the official TypeScript SDK v2 as it ships: connects in one era, lists the tools and
// calls one, then prints what it saw as one JSON line.
// Usage: node client.mjs --url URL --token TOKEN --mode modern|legacy|auto [--call TOOL --args JSON]
// (trust the gateway's CA with NODE_EXTRA_CA_CERTS).
import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const { values } = parseArgs({ options: {
  url: { type: 'string' }, token: { type: 'string' }, mode: { type: 'string' }, call: { type: 'string' }, args: { type: 'string' },
} });
const negotiation = values.mode === 'modern' ? { mode: { pin: '2026-07-28' } } : { mode: values.mode };
const client = new Client({ name: 'gateway-test-client', version: '1.0.0' }, { versionNegotiation: negotiation });
const transport = new StreamableHTTPClientTransport(new URL(values.url), {
  requestInit: { headers: { Authorization: `Bearer ${values.token}` } },
});
const seen = {};
try {
  await client.connect(transport);
  seen.era = client.getProtocolEra();
  const listed = await client.listTools();
  seen.tools = listed.tools.map((t) => t.name);
  seen.schemas = Object.fromEntries(listed.tools.map((t) => [t.name, t.inputSchema]));
  if (values.call) {
    seen.call = await client.callTool({ name: values.call, arguments: JSON.parse(values.args || '{}') });
  }
} catch (error) {
  seen.error = String(error && error.message || error);
} finally {
  await client.close().catch(() => {});
}
console.log(JSON.stringify(seen));
