import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';

// The fixture is the server's own description of its glm/ methods and their DTOs, written by the C# test
// LspExtensionsFixtureTests (regenerate it with: GLM_UPDATE_FIXTURES=1 dotnet test tests/Glm.Lsp.Tests -c Release
// --filter FullyQualifiedName~LspExtensionsFixtureTests). This test holds src/protocol.ts to it.
const packageRoot = path.join(__dirname, '..', '..');
const fixture = JSON.parse(readFileSync(path.join(packageRoot, 'test', 'fixtures', 'lsp-extensions.json'), 'utf8')) as ServerProtocol;
const protocolSource = readFileSync(path.join(packageRoot, 'src', 'protocol.ts'), 'utf8');

interface ServerMethod {
  readonly direction?: 'clientToServer' | 'serverToClient';
  readonly params?: string | null;
}

interface ServerProtocol {
  readonly methods: Readonly<Record<string, ServerMethod>>;
  /** Per DTO, its members by JSON name: "name?" when the server leaves it out while unset. */
  readonly types: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Which server DTO each interface of protocol.ts mirrors. Every exported interface must be listed here. */
const mirrors: Readonly<Record<string, string>> = {
  GlmStatus: 'GlmStatus',
  RewritePartialResult: 'RewriteResult',
  RewriteResult: 'RewriteResult',
  FoundModel: 'ModelListEntry',
  ModelsResult: 'ModelsResult',
  SetApiKeyParams: 'SetApiKeyParams',
  Position: 'Position',
  LspRange: 'LspRange',
  DidFocusParams: 'DidFocusParams',
};

interface Declared {
  readonly interfaces: ReadonlyMap<string, ReadonlyMap<string, boolean>>;
  readonly methods: ReadonlyMap<string, string>;
}

/** The exported interfaces of a TypeScript source (each member: whether it is optional) and its `methods` table. */
function readDeclarations(source: string): Declared {
  const file = ts.createSourceFile('protocol.ts', source, ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, Map<string, boolean>>();
  const methods = new Map<string, string>();
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      const members = new Map<string, boolean>();
      for (const member of statement.members) {
        if (ts.isPropertySignature(member)) {
          members.set(member.name.getText(file), member.questionToken !== undefined);
        }
      }
      interfaces.set(statement.name.text, members);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        let initializer = declaration.initializer;
        if (initializer !== undefined && ts.isAsExpression(initializer)) {
          initializer = initializer.expression;
        }
        if (declaration.name.getText(file) === 'methods' && initializer !== undefined && ts.isObjectLiteralExpression(initializer)) {
          for (const property of initializer.properties) {
            if (ts.isPropertyAssignment(property) && ts.isStringLiteral(property.initializer)) {
              methods.set(property.name.getText(file), property.initializer.text);
            }
          }
        }
      }
    }
  }
  return { interfaces, methods };
}

/** Every way the declarations differ from the server's description, in words. */
function compareWithServer(declared: Declared, server: ServerProtocol, mirrorOf: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  // A member the server may go without can still be always sent by the client (SetApiKeyParams.apiKey: null clears).
  const sentByClient = new Set(
    Object.values(server.methods)
      .filter((method) => method.direction === 'clientToServer')
      .map((method) => method.params),
  );
  for (const [key, method] of declared.methods) {
    if (!(method in server.methods)) {
      problems.push(`methods.${key} is "${method}", which the server does not declare.`);
    }
  }
  for (const [name, members] of declared.interfaces) {
    const serverName = mirrorOf[name];
    const serverType = serverName === undefined ? undefined : server.types[serverName];
    if (serverName === undefined || serverType === undefined) {
      problems.push(`${name} mirrors no server type${serverName === undefined ? '' : ` (${serverName} is not in the fixture)`}.`);
      continue;
    }
    const serverMembers = new Map(Object.keys(serverType).map((key) => [key.replace(/\?$/, ''), key.endsWith('?')] as const));
    for (const [member, optional] of members) {
      const serverOptional = serverMembers.get(member);
      if (serverOptional === undefined) {
        problems.push(`${name}.${member} is not a member of the server's ${serverName}.`);
      } else if (serverOptional !== optional && !(serverOptional && sentByClient.has(serverName))) {
        problems.push(
          `${name}.${member} is ${optional ? 'optional' : 'required'} but the server ${serverOptional ? 'may leave it out' : 'always sends it'}.`,
        );
      }
    }
    for (const [member, optional] of serverMembers) {
      if (!optional && !members.has(member)) {
        problems.push(`${name} lacks ${member}, which the server's ${serverName} always sends.`);
      }
    }
  }
  return problems;
}

test('protocol.ts declares the method names and DTO members the server declares', () => {
  assert.deepEqual(compareWithServer(readDeclarations(protocolSource), fixture, mirrors), []);
});

test('the status notification and request are both declared, with one shape', () => {
  const declared = readDeclarations(protocolSource);
  assert.equal(declared.methods.get('status'), 'glm/status');
  assert.equal(declared.methods.get('getStatus'), 'glm/getStatus');
  assert.deepEqual(fixture.methods['glm/status'], { direction: 'serverToClient', kind: 'notification', params: 'GlmStatus' });
  assert.deepEqual(fixture.methods['glm/getStatus'], { direction: 'clientToServer', kind: 'request', params: null, result: 'GlmStatus' });
});

test('params the client sends may carry a member the server can go without', () => {
  const declared = readDeclarations('export interface Key { readonly apiKey: string | null }');
  const server: ServerProtocol = {
    methods: { 'glm/setApiKey': { direction: 'clientToServer', params: 'SetApiKeyParams' } },
    types: { SetApiKeyParams: { 'apiKey?': 'string' } },
  };
  assert.deepEqual(compareWithServer(declared, server, { Key: 'SetApiKeyParams' }), []);
});

test('every difference is named: unknown method, unknown, optional-vs-required and missing members, unmapped interface', () => {
  const declared = readDeclarations(`
    export interface Status { readonly state: string; readonly percent: number; readonly invented?: string }
    export interface Extra { readonly a: string }
    export const methods = { status: 'glm/status', old: 'glm.status' } as const;
  `);
  const server: ServerProtocol = {
    methods: { 'glm/status': { direction: 'serverToClient', params: 'GlmStatus' } },
    types: { GlmStatus: { state: 'string', 'percent?': 'integer', model: 'string', 'backend?': 'string' } },
  };
  assert.deepEqual(compareWithServer(declared, server, { Status: 'GlmStatus' }), [
    'methods.old is "glm.status", which the server does not declare.',
    'Status.percent is required but the server may leave it out.',
    "Status.invented is not a member of the server's GlmStatus.",
    "Status lacks model, which the server's GlmStatus always sends.",
    'Extra mirrors no server type.',
  ]);
});
