// GitHub's GraphQL rate-limit cost: add up the requests needed to fulfil each connection in the
// query (a connection nested under one of `first: 50` is fetched 50 times), divide by 100, round,
// minimum 1. https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api
import { Kind, OperationTypeNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';

function argNumber(field: FieldNode, name: string, variables: Readonly<Record<string, unknown>>): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

export function queryCost(
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> = {},
  operationName?: string,
): { cost: number; nodeCount: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let requests = 0;
  let nodes = 0;
  const walk = (set: SelectionSetNode | undefined, multiplier: number, seen: Set<string>) => {
    if (!set) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (frag && !seen.has(frag.name.value)) walk(frag.selectionSet, multiplier, new Set([...seen, frag.name.value]));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, multiplier, seen);
      } else {
        const size = argNumber(sel, 'first', variables) ?? argNumber(sel, 'last', variables);
        if (size !== undefined) {
          requests += multiplier;
          nodes += multiplier * size;
          walk(sel.selectionSet, multiplier * size, seen);
        } else {
          walk(sel.selectionSet, multiplier, seen);
        }
      }
    }
  };
  // Only the operation that runs counts (a document may hold several; `operationName` picks one).
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  for (const def of operations) {
    if (def.kind === Kind.OPERATION_DEFINITION && def.operation !== OperationTypeNode.MUTATION) walk(def.selectionSet, 1, new Set());
  }
  const isMutation = operations.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === OperationTypeNode.MUTATION);
  return { cost: isMutation ? 1 : Math.max(1, Math.round(requests / 100)), nodeCount: nodes };
}
