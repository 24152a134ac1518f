import { type Document, type LineCounter, visit } from 'yaml';

/**
 * Aliases a YAML file may expand before it is refused. A "billion laughs" file nests aliases of
 * aliases so that a few hundred bytes expand to gigabytes; files people write by hand reuse an
 * anchor a handful of times. The yaml package counts expanded nodes against this bound.
 */
export const MAX_YAML_ALIASES = 100;

export type YamlValue = { ok: true; value: unknown } | { ok: false; line: number | null; message: string };

/** The line of the first alias in the document: where a reader starts looking for the bomb. */
function firstAliasLine(doc: Document, lines: LineCounter): number | null {
  let line: number | null = null;
  visit(doc, {
    Alias(_, node) {
      if (node.range) line = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/**
 * Turns a parsed YAML document into plain values with alias expansion bounded. Every user file
 * (vigil.yaml, monitors/*.yaml, OpenSLO and Sloth specs) goes through here, so an alias bomb or
 * any other failure while building values is a problem with a line, never an exception.
 */
export function yamlValue(doc: Document, lines: LineCounter): YamlValue {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return {
        ok: false,
        line: firstAliasLine(doc, lines),
        message: `aliases expand to more than ${MAX_YAML_ALIASES} nodes (refused as a possible alias bomb); write the values out or use fewer aliases`,
      };
    }
    // Whatever else went wrong, its text comes from the parser's internals, not from the file.
    return { ok: false, line: null, message: 'the YAML could not be read into values' };
  }
}
