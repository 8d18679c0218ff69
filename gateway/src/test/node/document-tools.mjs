// The MCP tools of an ikanos document with their input parameters as JSON Schema: an independent reading of the
// document (line-oriented YAML is enough for the tutorial's documents), not the gateway's own code.
export function tools(text) {
  const lines = text.split('\n');
  const result = [];
  let inTools = false, toolIndent = -1, current = null, inParams = false, paramIndent = -1, param = null, exposeType = '';
  for (const raw of lines) {
    const line = raw.replace(/\s+#.*$/, '');
    if (!line.trim()) continue;
    const indent = line.search(/\S/);
    const text = line.trim();
    const type = text.match(/^- type:\s*"?(mcp|rest|skill|control)"?$/);
    if (type) { exposeType = type[1]; inTools = false; continue; }
    if (text === 'tools:' && exposeType === 'mcp') { inTools = true; toolIndent = -1; continue; }
    if (!inTools) continue;
    if (toolIndent === -1) toolIndent = indent;
    if (indent < toolIndent) { inTools = false; current = null; continue; }
    if (indent === toolIndent && text.endsWith(':')) {
      current = { name: text.slice(0, -1), description: '', inputSchema: { type: 'object', properties: {}, required: [] } };
      result.push(current); inParams = false; continue;
    }
    if (!current) continue;
    if (text.startsWith('description:') && indent === toolIndent + 2) current.description = unquote(text.slice(12));
    if (text === 'inputParameters:') { inParams = true; paramIndent = -1; continue; }
    if (inParams) {
      if (paramIndent === -1) paramIndent = indent;
      if (indent < paramIndent) { inParams = false; continue; }
      if (indent === paramIndent && text.endsWith(':')) { param = text.slice(0, -1); current.inputSchema.properties[param] = {}; continue; }
      if (param && text.startsWith('type:')) current.inputSchema.properties[param].type = unquote(text.slice(5));
      if (param && text.startsWith('description:')) current.inputSchema.properties[param].description = unquote(text.slice(12));
      if (param && text === 'required: true') current.inputSchema.required.push(param);
    }
  }
  for (const tool of result) if (!tool.inputSchema.required.length) delete tool.inputSchema.required;
  return result;
}

function unquote(value) {
  const v = value.trim();
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")) ? v.slice(1, -1) : v;
}
