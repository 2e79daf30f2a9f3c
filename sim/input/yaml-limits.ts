/**
 * The YAML limits of input-limits.ts, applied where each can be checked
 * cheaply and with a position to point at:
 *
 * - nodes as written, by the yaml library's lexer before anything is
 *   composed (the lexer is cheaper than the parser and allocates nothing
 *   per node), stopping at the token that passes the limit;
 * - nodes with aliases expanded, and nesting depth, by one walk over the
 *   composed document, stopping at the alias or node that passes it. An
 *   alias bomb (a few lines whose aliases repeat each other into a billion
 *   nodes) is composed cheaply, since aliases are not copied, but would
 *   expand in validation, hashing and every later walk over the data.
 */
import { type Alias, CST, type Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, type Node } from 'yaml';
import { formatCount, LIMITS_DOC } from './input-limits.js';

/** Token types that stand for a node: a scalar, an alias, or an item, key or value that may be empty. */
const NODE_TOKENS = new Set<string>([
  'scalar',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'alias',
  'seq-item-ind',
  'explicit-key-ind',
  'map-value-ind',
]);
/** Lexer tokens that mark a place in the source without being part of it. */
const MARKERS = new Set<string>(['byte-order-mark', 'doc-mode', 'scalar', 'flow-error-end']);

/**
 * The source offset at which the document passes `maxNodes` nodes as
 * written, or undefined. Every counted token is at least one character
 * long, so text no longer than the limit is not lexed at all.
 */
export function nodeLimitOffset(text: string, maxNodes: number): number | undefined {
  if (text.length <= maxNodes) return undefined;
  let count = 0;
  let offset = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    const type: string = scalarNext ? 'plain' : (CST.tokenType(token) ?? 'unknown');
    // A plain or block scalar comes as a marker, then its source in the next token.
    scalarNext = type === 'scalar';
    if (NODE_TOKENS.has(type) && ++count > maxNodes) return offset;
    if (!MARKERS.has(type) || type === 'byte-order-mark') offset += token.length;
  }
  return undefined;
}

export interface LimitProblem {
  readonly node: Node;
  readonly message: string;
}

/** The first alias or node past the expansion or depth limit, or an alias that cannot be expanded (no anchor, or a cycle). */
export function expansionProblem(document: Document.Parsed, maxNodes: number, maxDepth: number): LimitProblem | undefined {
  const walk = new ExpansionWalk(maxNodes, maxDepth);
  walk.size(document.contents, 1);
  return walk.problem;
}

/** One walk over a composed document, counting nodes as if every alias were expanded; stops at the first problem. */
class ExpansionWalk {
  problem: LimitProblem | undefined;
  private readonly anchors = new Map<string, Node>();
  /** The expanded size of each anchored node, once its walk is complete. */
  private readonly sizes = new Map<Node, number>();
  private expanded = 0;

  constructor(
    private readonly maxNodes: number,
    private readonly maxDepth: number,
  ) {}

  /** The node's expanded size; stops (returning 0) once a problem is found. */
  size(node: unknown, depth: number): number {
    if (this.problem || node === null || node === undefined) return 0;
    if (isAlias(node)) return this.aliasSize(node);
    const current = node as Node;
    if (depth > this.maxDepth) {
      this.problem = { node: current, message: `nested more than ${this.maxDepth} levels deep (see ${LIMITS_DOC})` };
      return 0;
    }
    if (current.anchor) this.anchors.set(current.anchor, current);
    this.expanded += 1;
    if (this.expanded > this.maxNodes) {
      this.problem = { node: current, message: this.tooMany(false) };
      return 0;
    }
    let size = 1;
    if (isMap(current) || isSeq(current)) {
      for (const item of current.items) {
        if (isPair(item)) size += this.size(item.key, depth + 1) + this.size(item.value, depth + 1);
        else size += this.size(item, depth + 1);
      }
    } else if (!isScalar(current)) {
      return size;
    }
    if (current.anchor) this.sizes.set(current, size);
    return size;
  }

  /** An alias counts every node of its anchor again. */
  private aliasSize(node: Alias): number {
    const target = this.anchors.get(node.source);
    if (target === undefined) {
      this.problem = { node, message: `alias *${node.source} has no anchor &${node.source} written before it` };
      return 0;
    }
    const size = this.sizes.get(target);
    if (size === undefined) {
      this.problem = { node, message: `alias *${node.source} refers to a node that contains it: the data would be infinite` };
      return 0;
    }
    this.expanded += size;
    if (this.expanded > this.maxNodes) this.problem = { node, message: this.tooMany(true) };
    return size;
  }

  private tooMany(alias: boolean): string {
    return (
      `${alias ? 'this alias takes' : 'with its aliases expanded, this node takes'} the document past ${formatCount(this.maxNodes)} nodes ` +
      `(an alias repeats every node of its anchor); an input may have ${formatCount(this.maxNodes)} (see ${LIMITS_DOC})`
    );
  }
}
