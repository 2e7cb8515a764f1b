// Small, safe DOM builders. Text is only ever set through text nodes, attributes
// through setAttribute, and event handlers through addEventListener: nothing here
// parses HTML, so user data can never become markup or script.

const SVG_NS = "http://www.w3.org/2000/svg";

function apply(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name.startsWith("on")) {
      throw new Error(`refusing the inline handler attribute ${name}`);
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else if (name === "checked" || name === "value" || name === "selected" || name === "disabled" || name === "hidden") {
      node[name] = value;
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: `h("label", { for: "x" }, "Name")`. */
export function h(tag, attrs, ...children) {
  return apply(document.createElement(tag), attrs, children);
}

/** An SVG element, with the same rules. */
export function s(tag, attrs, ...children) {
  return apply(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** A message with `backticked` values shown as code, built from text nodes only. */
export function richText(message) {
  const parts = String(message).split("`");
  return parts.map((part, i) => (i % 2 === 1 ? h("code", null, part) : part)).filter((p) => p !== "");
}

let counter = 0;
/** A fresh id for label/description wiring. */
export function uid(prefix = "u") {
  counter += 1;
  return `${prefix}-${counter}`;
}
