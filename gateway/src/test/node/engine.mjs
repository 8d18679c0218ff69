// A stand-in capability for the gateway's tests, built on the official MCP TypeScript SDK v2 server: it serves the
// tools an ikanos document declares (each answers with its name and arguments as JSON text; {"fail": true} gives a
// tool error), demands the document's bearer token as the real engine does, and speaks one era:
//   --era modern  2026-07-28 only (as ikanos today: initialize is refused)
//   --era legacy  2025-11-25 only (as the engine's previous release: server/discover is unknown)
// Usage: node engine.mjs --document FILE --token TOKEN --era modern|legacy; prints "listening PORT".
import http from 'node:http';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createMcpHandler, fromJsonSchema, isLegacyRequest, legacyStatelessFallback, McpServer } from '@modelcontextprotocol/server';
import { tools } from './document-tools.mjs';

const { values } = parseArgs({ options: { document: { type: 'string' }, token: { type: 'string' }, era: { type: 'string' } } });
const declared = tools(fs.readFileSync(values.document, 'utf8'));

const factory = () => {
  const server = new McpServer({ name: 'stand-in-engine', version: '1.0.0' });
  for (const tool of declared) {
    server.registerTool(tool.name, { description: tool.description, inputSchema: fromJsonSchema(tool.inputSchema) }, async (args) => ({
      content: [{ type: 'text', text: JSON.stringify({ tool: tool.name, arguments: args }) }],
      isError: args && args.fail === true,
    }));
  }
  return server;
};
const modern = createMcpHandler(factory, { legacy: 'reject', responseMode: 'json' });
const legacy = legacyStatelessFallback(factory);

async function answer(request) {
  if (request.headers.get('authorization') !== `Bearer ${values.token}`) {
    return new Response(JSON.stringify({ error: 'unauthorized' }), { status: 401, headers: { 'content-type': 'application/json' } });
  }
  if (values.era === 'legacy') {
    if (!(await isLegacyRequest(request))) {
      return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32601, message: 'Method not found' } }, { status: 404 });
    }
    return legacy(request);
  }
  return modern.fetch(request);
}

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const request = new Request(`http://localhost${req.url}`, {
    method: req.method, headers: req.headers, body: ['GET', 'HEAD'].includes(req.method) ? undefined : body,
  });
  const response = await answer(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
