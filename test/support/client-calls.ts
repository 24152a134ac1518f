import { join } from 'node:path';
import ts from 'typescript';

/** One `api.call<T>('endpoint', { path, query, body })` in the web UI's source. */
export interface ClientCall {
  endpoint: string;
  /** file:line, relative to web/src. */
  where: string;
  /** T: what the client expects the server to answer. */
  response: ts.Type;
  /** What the client sends, when it sends a body. */
  body?: ts.Type;
  /** The query object's type, when it passes one. */
  query?: ts.Type;
}

/** Unwraps `x as Q`, `(x)` and `x!`, so a cast for the fetch call does not hide the caller's type. */
function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  while (ts.isAsExpression(n) || ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n))
    n = n.expression;
  return n;
}

function argumentType(
  checker: ts.TypeChecker,
  options: ts.ObjectLiteralExpression,
  key: string,
): ts.Type | undefined {
  for (const prop of options.properties) {
    if (!prop.name || !ts.isIdentifier(prop.name) || prop.name.text !== key) continue;
    if (ts.isPropertyAssignment(prop)) return checker.getTypeAtLocation(unwrap(prop.initializer));
    if (ts.isShorthandPropertyAssignment(prop)) {
      const value = checker.getShorthandAssignmentValueSymbol(prop);
      return value ? checker.getTypeOfSymbolAtLocation(value, prop) : undefined;
    }
  }
  return undefined;
}

/**
 * Compiles the web UI (web/tsconfig.json) and lists every typed call through VigilApi.call with
 * a literal endpoint name: wherever a page or an api/*.ts module calls the server, the types it
 * declares are found here, so a new call is covered without being listed anywhere.
 */
export function findClientCalls(webDir: string): { checker: ts.TypeChecker; calls: ClientCall[] } {
  const configPath = join(webDir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, webDir);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const checker = program.getTypeChecker();
  const srcDir = join(webDir, 'src').replaceAll('\\', '/');
  const calls: ClientCall[] = [];

  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(`${srcDir}/`)) continue;
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'call' &&
        node.typeArguments?.length === 1 &&
        node.arguments[0] &&
        ts.isStringLiteralLike(node.arguments[0]) &&
        checker.getTypeAtLocation(node.expression.expression).getSymbol()?.name === 'VigilApi'
      ) {
        const options = node.arguments[1] && unwrap(node.arguments[1]);
        const object = options && ts.isObjectLiteralExpression(options) ? options : undefined;
        const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
        calls.push({
          endpoint: node.arguments[0].text,
          where: `${file.fileName.slice(srcDir.length + 1)}:${line}`,
          response: checker.getTypeFromTypeNode(node.typeArguments[0] as ts.TypeNode),
          body: object && argumentType(checker, object, 'body'),
          query: object && argumentType(checker, object, 'query'),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { checker, calls };
}
