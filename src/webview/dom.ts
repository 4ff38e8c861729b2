/** Creates an element with properties set; text goes in through textContent, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export function icon(name: string): HTMLElement {
  const span = el('span', { className: `codicon codicon-${name}` });
  span.setAttribute('aria-hidden', 'true');
  return span;
}
