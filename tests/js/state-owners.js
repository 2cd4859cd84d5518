// ESLint rule stackatlas/one-writer: each field of the explorer's state is written by one module only, the one
// service/static/explorer/state.js's WRITERS names. A write is an assignment to state.<field>, ++/--, delete, or,
// for a field of plain data (not one of HANDLES), an assignment or a mutating call anywhere inside it
// (state.overview.open.add(key)); writes through an alias (`const search = state.search`,
// `const { overview } = state`) count as writes of the field.
import path from "node:path";

import { HANDLES, WRITERS } from "../../service/static/explorer/state.js";

const MUTATORS = new Set(["add", "delete", "set", "clear", "push", "pop", "shift", "unshift", "splice", "sort",
  "reverse", "fill", "copyWithin"]);

// The outermost member expression of a chain starting at `node` (state.a.b.c for the `state` of it), and its depth.
function chainTop(node) {
  let top = node;
  let depth = 0;
  while (top.parent && top.parent.type === "MemberExpression" && top.parent.object === top) {
    top = top.parent;
    depth += 1;
  }
  return { top, depth };
}

// Whether the chain's outermost member is written: assigned, incremented, deleted, or a mutating method called.
function written(top, root) {
  const { parent } = top;
  if (parent.type === "AssignmentExpression" && parent.left === top) return true;
  if (parent.type === "UpdateExpression") return true;
  if (parent.type === "UnaryExpression" && parent.operator === "delete") return true;
  return parent.type === "CallExpression" && parent.callee === top && top !== root && top.type === "MemberExpression"
    && !top.computed && MUTATORS.has(top.property.name);
}

const propertyName = (member) => (member.computed ? null : member.property.name);

export const oneWriter = {
  meta: {
    type: "problem",
    docs: { description: "each field of the explorer's state has one module that writes it (state.js's WRITERS)" },
    schema: [],
    messages: {
      notOwner: "state.{{field}} is written by {{owner}} only: call a function of {{owner}} to change it",
      noOwner: "state.{{field}} has no writer in state.js's WRITERS",
    },
  },
  create(context) {
    const module = path.basename(context.filename);
    const check = (node, field, deep) => {
      const owner = WRITERS[field];
      if (deep && HANDLES.includes(field)) return; // inside a handle: the library's, not the state's
      if (owner === undefined) context.report({ node, messageId: "noOwner", data: { field } });
      else if (owner !== module) context.report({ node, messageId: "notOwner", data: { field, owner } });
    };
    // A variable bound to a field (or to something inside it): its writes are the field's.
    const aliasOf = (declarator) => {
      const { id, init } = declarator;
      if (!init) return [];
      if (init.type === "Identifier" && init.name === "state" && id.type === "ObjectPattern") {
        return id.properties.filter((prop) => prop.type === "Property" && !prop.computed && prop.value.type === "Identifier")
          .map((prop) => [prop.value.name, prop.key.name]);
      }
      if (init.type !== "MemberExpression") return [];
      let root = init;
      while (root.type === "MemberExpression" && root.object.type === "MemberExpression") root = root.object;
      if (root.object.type !== "Identifier" || root.object.name !== "state" || root.computed) return [];
      const field = root.property.name;
      if (id.type === "Identifier") return [[id.name, field]];
      if (id.type === "ObjectPattern") {
        return id.properties.filter((prop) => prop.type === "Property" && prop.value.type === "Identifier")
          .map((prop) => [prop.value.name, field]);
      }
      return [];
    };
    return {
      "MemberExpression[object.type='Identifier'][object.name='state']"(node) {
        const field = propertyName(node);
        if (field === null) return;
        const { top, depth } = chainTop(node);
        if (written(top, node)) check(top, field, depth > 0);
      },
      VariableDeclarator(declarator) {
        for (const [name, field] of aliasOf(declarator)) {
          const variable = context.sourceCode.getDeclaredVariables(declarator).find((v) => v.name === name);
          if (!variable) continue;
          for (const reference of variable.references) {
            const { top } = chainTop(reference.identifier);
            if (top !== reference.identifier && written(top, reference.identifier)) check(top, field, true);
          }
        }
      },
    };
  },
};

export default { rules: { "one-writer": oneWriter } };
